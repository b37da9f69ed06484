//! Imports a large archive built in memory: 30,000 connections and 200,000 messages.
//!
//! `cargo run --release --example bench_import` (the target is ≤ 1.5 s in wasm).
//! `… -- --write <path>` also writes the archive, so the same bytes can be timed in Node
//! through the `importLinkedInArchive` export.

use std::io::{Cursor, Write};
use std::time::Instant;

use vinculo::archive::{import_archive, Limits};

const CONNECTIONS: usize = 30_000;
const MESSAGES: usize = 200_000;

const BODIES: [&str; 6] = [
    "Hi! Thanks for connecting. Would you have 20 minutes next week to talk about the migration?",
    "<p>Great to hear from you.</p><p>Sure, Tuesday works,<br>see you then.</p>",
    "Congrats!",
    "Obrigado pela indicação, li o artigo inteiro e anotei várias ideias para o time.",
    "Here are the notes from today's call:\n1. scope\n2. dates\n3. \"who owns what\"",
    "Parabéns pela nova posição! Como está sendo a transição?",
];

/// Deterministic pseudo-random numbers (xorshift), so every run builds the same archive.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

fn csv_cell(out: &mut String, value: &str) {
    if value.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
}

fn csv_row(out: &mut String, cells: &[&str]) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        csv_cell(out, cell);
    }
    out.push('\n');
}

fn connections_csv() -> String {
    let mut out = String::from("Notes:\n\"Some e-mail addresses are missing.\"\n\n");
    out.push_str("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n");
    for i in 0..CONNECTIONS {
        let first = format!("Person{i}");
        let url = format!("https://www.linkedin.com/in/person-{i}");
        let date = format!("{:02} Feb 20{:02}", 1 + i % 28, 10 + i % 16);
        csv_row(
            &mut out,
            &[&first, "Silva", &url, "", "Acme, Inc.", "Engineer", &date],
        );
    }
    out
}

fn messages_csv() -> String {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let me_url = "https://www.linkedin.com/in/the-user";
    let mut out = String::from(
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER,ATTACHMENTS,IS MESSAGE DRAFT,IS CONVERSATION DRAFT\n",
    );
    for i in 0..MESSAGES {
        let other = rng.below(CONNECTIONS);
        let other_name = format!("Person{other} Silva");
        let other_url = format!("https://www.linkedin.com/in/person-{other}");
        let conversation = format!("2-{other:08}");
        // A distinct second per message (28-day months keep the arithmetic simple).
        let second = i * 131;
        let day = second / 86_400;
        let date = format!(
            "2026-{:02}-{:02} {:02}:{:02}:{:02} UTC",
            1 + day / 28,
            1 + day % 28,
            second % 86_400 / 3600,
            second % 3600 / 60,
            second % 60
        );
        let body = BODIES[rng.below(BODIES.len())];
        let sent = rng.below(2) == 0;
        let (from, from_url, to, to_url) = if sent {
            ("The User", me_url, other_name.as_str(), other_url.as_str())
        } else {
            (other_name.as_str(), other_url.as_str(), "The User", me_url)
        };
        csv_row(
            &mut out,
            &[
                &conversation,
                "",
                from,
                from_url,
                to,
                to_url,
                &date,
                "",
                body,
                "INBOX",
                "",
                "No",
                "No",
            ],
        );
    }
    out
}

fn main() {
    let started = Instant::now();
    let files = [
        ("Connections.csv", connections_csv()),
        ("messages.csv", messages_csv()),
        (
            "Profile.csv",
            "First Name,Last Name,Headline\nThe,User,Engineer\n".to_string(),
        ),
    ];
    let csv_bytes: usize = files.iter().map(|(_, text)| text.len()).sum();
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in &files {
        writer.start_file(*name, options).unwrap();
        writer.write_all(text.as_bytes()).unwrap();
    }
    let archive = writer.finish().unwrap().into_inner();
    let args: Vec<String> = std::env::args().collect();
    if let Some(path) = args.windows(2).find(|w| w[0] == "--write").map(|w| &w[1]) {
        std::fs::write(path, &archive).unwrap();
        println!("wrote {path}");
    }
    println!(
        "built: {CONNECTIONS} connections, {MESSAGES} messages; CSV {:.1} MB, ZIP {:.1} MB ({:.2} s)",
        csv_bytes as f64 / 1e6,
        archive.len() as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );

    let mut best = f64::INFINITY;
    for run in 1..=3 {
        let started = Instant::now();
        let import = import_archive(&archive, &Limits::default()).unwrap();
        let seconds = started.elapsed().as_secs_f64();
        best = best.min(seconds);
        assert_eq!(import.interactions.len(), MESSAGES);
        assert_eq!(import.counterparts.len(), CONNECTIONS);
        println!(
            "run {run}: {seconds:.3} s, {} interactions, {} counterparts",
            import.interactions.len(),
            import.counterparts.len()
        );
    }
    println!(
        "best {best:.3} s: {:.1} MB/s of CSV, {:.1} MB/s of ZIP",
        csv_bytes as f64 / 1e6 / best,
        archive.len() as f64 / 1e6 / best
    );

    // What the extension does with it: the pages' module prepares the payload, the worker's
    // core merges it.
    let started = Instant::now();
    let import = import_archive(&archive, &Limits::default()).unwrap();
    let parsed = started.elapsed().as_secs_f64();
    let prepared = vinculo::pages::prepare_archive(import);
    let prepare = started.elapsed().as_secs_f64();
    let mut core = vinculo::jobs::Core::new();
    let merged = core.merge(prepared.payload.as_bytes(), 1.8e12).unwrap();
    let total = started.elapsed().as_secs_f64();
    println!(
        "extension path: parse {parsed:.3} s, record and payload {:.3} s ({:.1} MB), merge with its writes {:.3} s ({} added); total {total:.3} s",
        prepare - parsed,
        prepared.payload.len() as f64 / 1e6,
        total - prepare,
        merged.outcome.recorded.added
    );
}
