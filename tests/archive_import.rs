//! The site's data-export archive, imported from the committed fixtures
//! (built by tests/fixtures/archive/build.py) and from archives built here.

use std::io::{Cursor, Write};

use vinculo::archive::{
    import_archive, import_archives, import_csv_files, ArchiveError, ArchiveImport, FileReport,
    Limits,
};
use vinculo::depth::depth;
use vinculo::model::{Direction, Interaction, Kind, UNKNOWN_COUNTERPART};
use vinculo::store::Store;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/archive/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn import(name: &str) -> ArchiveImport {
    import_archive(&fixture(name), &Limits::default()).unwrap()
}

const ENGLISH: &str = "Basic_LinkedInDataExport_11-20-2026.zip";
const PORTUGUESE: &str = "Basic_LinkedInDataExport_10-05-2026.zip";
const PART1: &str = "Complete_LinkedInDataExport_11-20-2026_part1.zip";
const OLDER: &str = "Basic_LinkedInDataExport_03-15-2019.zip";

fn report<'a>(import: &'a ArchiveImport, suffix: &str) -> &'a FileReport {
    import
        .files
        .iter()
        .find(|f| f.name.ends_with(suffix))
        .unwrap_or_else(|| panic!("no report for {suffix}: {:?}", import.files))
}

fn skipped(report: &FileReport, reason: &str) -> u64 {
    report
        .rows_skipped
        .iter()
        .find(|(r, _)| r == reason)
        .map_or(0, |(_, n)| *n)
}

fn of_kind(import: &ArchiveImport, kind: Kind) -> Vec<&Interaction> {
    import
        .interactions
        .iter()
        .filter(|i| i.kind == kind)
        .collect()
}

fn summary(i: &Interaction) -> (&str, Direction, i64) {
    (i.counterpart.as_str(), i.direction, i.at)
}

#[test]
fn connections_become_counterparts_with_their_date() {
    let import = import(ENGLISH);
    let connections: Vec<_> = import
        .counterparts
        .iter()
        .filter(|c| c.connection)
        .collect();
    assert_eq!(connections.len(), 5, "{connections:?}");
    let emily = connections
        .iter()
        .find(|c| c.key == "in:emily-carter-42")
        .unwrap();
    assert_eq!(emily.name, "Emily Carter");
    assert_eq!(emily.connected_at, Some(1_770_508_800)); // 08 Feb 2026
    let tom = connections
        .iter()
        .find(|c| c.key == "in:tom-obrien")
        .unwrap();
    assert_eq!(tom.name, "Tom O'Brien");
    let file = report(&import, "Connections.csv");
    assert_eq!(file.rows_read, 6);
    assert_eq!(file.interactions_made, 0);
    assert_eq!(skipped(file, "archiveSkipNoPerson"), 1);
    assert_eq!(file.problem, None);
}

#[test]
fn messages_are_given_or_received_one_per_other_participant() {
    let import = import(ENGLISH);
    let me = import.me.as_ref().unwrap();
    assert_eq!(me.name, "Jordan Reyes");
    assert_eq!(me.key, "in:jordan-reyes-dev");
    let messages = of_kind(&import, Kind::Message);
    let got: Vec<_> = messages.iter().map(|i| summary(i)).collect();
    assert_eq!(
        got,
        vec![
            ("in:emily-carter-42", Direction::Received, 1_772_442_900),
            ("in:emily-carter-42", Direction::Given, 1_772_451_612),
            // The group message the user sent: one per other participant.
            ("in:marcus-lee-7", Direction::Given, 1_775_836_800),
            ("in:priya-natarajan", Direction::Given, 1_775_836_800),
            // A group message received: only from its sender.
            ("in:priya-natarajan", Direction::Received, 1_775_842_245),
            ("in:emily-carter-42", Direction::Received, 1_779_271_200),
        ]
    );
    // HTML is read as text; the question marks survive the doubled quotes.
    assert_eq!(
        messages[1].depth,
        Some(depth("Thanks Emily! Sure, Tuesday works. Talk soon", ""))
    );
    assert!(messages[0].depth.unwrap().question);
    assert!(messages[5].depth.unwrap().question);
    assert!(messages.iter().all(|m| m.text.is_none()));
    let file = report(&import, "messages.csv");
    assert_eq!(file.rows_read, 7);
    assert_eq!(file.interactions_made, 6);
    assert_eq!(skipped(file, "archiveSkipDraftOrSpam"), 1);
    assert_eq!(skipped(file, "archiveSkipBadDate"), 1);
    assert!(import
        .counterparts
        .iter()
        .all(|c| c.key != "in:jordan-reyes-dev"));
}

#[test]
fn comments_and_reactions_count_for_the_user_without_a_counterpart() {
    let import = import(ENGLISH);
    let comments = of_kind(&import, Kind::Comment);
    assert_eq!(comments.len(), 3);
    assert!(comments
        .iter()
        .all(|c| c.counterpart == UNKNOWN_COUNTERPART && c.direction == Direction::Given));
    // `\"deep work\",` is an escaped quote inside the field, not its end.
    assert_eq!(
        comments[0].depth,
        Some(depth(
            "Great point about \"deep work\", thanks for sharing",
            ""
        ))
    );
    assert!(comments[2].depth.unwrap().question);
    assert_eq!(comments[0].at, 1_769_068_800);
    let reactions = of_kind(&import, Kind::Reaction);
    assert_eq!(reactions.len(), 4);
    assert!(reactions
        .iter()
        .all(|r| r.counterpart == UNKNOWN_COUNTERPART && r.depth.is_none()));
    let shares = report(&import, "Shares.csv");
    assert_eq!((shares.rows_read, shares.interactions_made), (2, 0));
    assert_eq!(skipped(shares, "archiveSkipOwnPost"), 2);
}

#[test]
fn invitations_endorsements_and_recommendations() {
    let import = import(ENGLISH);
    let invitations: Vec<_> = of_kind(&import, Kind::Invitation)
        .into_iter()
        .map(summary)
        .collect();
    assert_eq!(
        invitations,
        vec![
            ("in:sofia-rossi", Direction::Received, 1_764_719_940), // 12/02/25, 11:59 PM
            ("in:daniel-wu", Direction::Received, 1_769_677_500),   // 1/29/26, 9:05 AM
            ("in:grace-kim-ux", Direction::Given, 1_795_012_620),   // 11/18/26, 2:37 PM
        ]
    );
    let endorsements: Vec<_> = of_kind(&import, Kind::Endorsement)
        .into_iter()
        .map(summary)
        .collect();
    assert_eq!(
        endorsements,
        vec![
            ("in:priya-natarajan", Direction::Given, 1_780_308_000),
            ("in:marcus-lee-7", Direction::Given, 1_780_394_400),
            ("in:emily-carter-42", Direction::Received, 1_785_244_849),
            ("in:marcus-lee-7", Direction::Received, 1_785_312_000),
        ]
    );
    assert_eq!(
        skipped(
            report(&import, "Endorsement_Received_Info.csv"),
            "archiveSkipRejected"
        ),
        1
    );
    let recommendations: Vec<_> = of_kind(&import, Kind::Recommendation)
        .into_iter()
        .map(summary)
        .collect();
    // No link in these files: Marcus is found among the connections by name; Hannah is not a
    // connection and gets a name key.
    assert_eq!(
        recommendations,
        vec![
            ("in:marcus-lee-7", Direction::Received, 1_773_486_120),
            ("name:hannah schmidt", Direction::Given, 1_775_034_000),
        ]
    );
    let hannah = import
        .counterparts
        .iter()
        .find(|c| c.key == "name:hannah schmidt")
        .unwrap();
    assert_eq!(
        (hannah.name.as_str(), hannah.connection),
        ("Hannah Schmidt", false)
    );
}

#[test]
fn every_file_is_reported_and_unread_ones_listed() {
    let import = import(ENGLISH);
    assert!(import.missing.is_empty(), "{:?}", import.missing);
    assert_eq!(
        import.ignored,
        vec![
            "Company Follows.csv".to_string(),
            "Jobs/Saved Jobs.csv".to_string()
        ]
    );
    assert_eq!(import.files.len(), 11);
    assert!(import.files.iter().all(|f| f.problem.is_none()));
    let made: u64 = import.files.iter().map(|f| f.interactions_made).sum();
    assert_eq!(made as usize, import.interactions.len());
    let mut ids: Vec<_> = import.interactions.iter().map(|i| &i.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), import.interactions.len());
}

#[test]
fn portuguese_archive_under_a_folder_keeps_accents() {
    let import = import(PORTUGUESE);
    let me = import.me.as_ref().unwrap();
    assert_eq!(me.name, "João Pereira");
    assert_eq!(me.key, "in:joao-pereira-br");
    let jose = import
        .counterparts
        .iter()
        .find(|c| c.key == "in:josé-araújo")
        .unwrap();
    assert_eq!(jose.name, "José Araújo");
    assert!(jose.connection);
    // The recommendation names Maria, found among the connections by her accented name.
    let recommendation = &of_kind(&import, Kind::Recommendation)[0];
    assert_eq!(recommendation.counterpart, "in:maria-conceicao");
    let messages: Vec<_> = of_kind(&import, Kind::Message)
        .into_iter()
        .map(|i| (i.counterpart.as_str(), i.direction))
        .collect();
    assert_eq!(
        messages,
        vec![
            ("in:ana-beatriz-souza", Direction::Received),
            ("in:ana-beatriz-souza", Direction::Given),
            ("in:josé-araújo", Direction::Received),
            ("in:maria-conceicao", Direction::Given),
        ]
    );
    let comments = of_kind(&import, Kind::Comment);
    assert_eq!(
        comments[0].depth,
        Some(depth(
            "Ótimo ponto sobre \"trabalho remoto\", obrigado por compartilhar!",
            ""
        ))
    );
    assert!(import.missing.contains(&"Reactions.csv".to_string()));
    assert_eq!(
        import.ignored,
        vec!["Basic_LinkedInDataExport_10-05-2026/Company_Follows.csv".to_string()]
    );
}

#[test]
fn importing_twice_or_both_archives_adds_nothing() {
    let whole = import(ENGLISH);
    assert_eq!(import(ENGLISH), whole);
    let part1 = import(PART1);
    assert!(part1.interactions.len() < whole.interactions.len());
    for i in &part1.interactions {
        assert!(
            whole.interactions.contains(i),
            "{i:?} not in the complete archive"
        );
    }
    // Both archives of a complete request, together: the same as the complete one alone.
    let both = import_archives(&[&fixture(PART1), &fixture(ENGLISH)], &Limits::default()).unwrap();
    assert_eq!(both.interactions, whole.interactions);
    assert_eq!(both.counterparts, whole.counterparts);
}

#[test]
fn recording_an_import_twice_changes_nothing_in_the_store() {
    let mut store = Store::new();
    let whole = import(ENGLISH);
    let first = store.record(whole.interactions.clone(), whole.counterparts.clone());
    assert_eq!(first.added, whole.interactions.len());
    let parts = store.to_parts();
    let again = store.record(whole.interactions.clone(), whole.counterparts.clone());
    assert_eq!(
        (again.added, again.duplicates),
        (0, whole.interactions.len())
    );
    // The partial archive of the same request adds nothing either.
    let part1 = import(PART1);
    assert_eq!(
        store.record(part1.interactions, part1.counterparts).added,
        0
    );
    assert_eq!(store.to_parts(), parts);
}

#[test]
fn a_partial_archive_lists_what_it_lacks() {
    let import = import(PART1);
    for name in ["Profile.csv", "Comments.csv", "Reactions.csv", "Shares.csv"] {
        assert!(import.missing.contains(&name.to_string()), "{name}");
    }
    assert!(!import.missing.contains(&"messages.csv".to_string()));
    // Without Profile.csv the user is still found: the one person in every message.
    let me = import.me.unwrap();
    assert_eq!(
        (me.key.as_str(), me.name.as_str()),
        ("in:jordan-reyes-dev", "")
    );
}

#[test]
fn an_older_export_without_links_matches_by_name() {
    let import = import(OLDER);
    // The user is found (by Profile.csv's name) and left out of the counterparts, but a
    // name is no profile key: the store's user is not overwritten with it.
    assert_eq!(import.me, None);
    assert!(import
        .counterparts
        .iter()
        .all(|c| c.key != "name:carla dias"));
    let messages: Vec<_> = of_kind(&import, Kind::Message)
        .into_iter()
        .map(|i| (i.counterpart.as_str(), i.direction))
        .collect();
    assert_eq!(
        messages,
        vec![
            ("name:ana lima", Direction::Received),
            ("name:ana lima", Direction::Given),
            ("name:bruno costa", Direction::Received),
        ]
    );
    let ana = import
        .counterparts
        .iter()
        .find(|c| c.key == "name:ana lima")
        .unwrap();
    assert!(ana.connection);
    assert_eq!(report(&import, "Comments_1.csv").interactions_made, 1);
    assert_eq!(
        summary(of_kind(&import, Kind::Invitation)[0]).0,
        "name:diego ramos"
    );
}

#[test]
fn unpacked_csv_files_import_like_the_archive() {
    let bytes = fixture(ENGLISH);
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.as_slice())).unwrap();
    let mut files = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let mut contents = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut contents).unwrap();
        files.push((entry.name().unwrap().to_string(), contents));
    }
    let from_files = import_csv_files(files).unwrap();
    let from_zip = import(ENGLISH);
    assert_eq!(from_files.interactions, from_zip.interactions);
    assert_eq!(from_files.counterparts, from_zip.counterparts);
    assert_eq!(from_files.me, from_zip.me);
}

// ---- bad input ----

#[test]
fn not_a_zip_or_a_truncated_one_is_a_clear_error() {
    for name in ["bad_not_a_zip.zip", "bad_truncated.zip"] {
        let err = import_archive(&fixture(name), &Limits::default()).unwrap_err();
        assert!(
            matches!(err, ArchiveError::NotAZip { .. }),
            "{name}: {err:?}"
        );
        assert_eq!(err.note().key, "archiveErrorNotZip");
        assert!(err.to_string().contains("not a readable ZIP"), "{err}");
    }
    let err = import_archive(&[], &Limits::default()).unwrap_err();
    assert!(matches!(err, ArchiveError::NotAZip { .. }));
}

#[test]
fn a_file_with_the_wrong_columns_is_named_and_skipped() {
    let import = import("bad_columns.zip");
    let connections = report(&import, "Connections.csv");
    let problem = connections.problem.as_ref().unwrap();
    assert_eq!(problem.key, "archiveProblemMissingColumns");
    assert_eq!(
        problem.args,
        vec![
            "Connections.csv".to_string(),
            "First Name, Last Name".to_string()
        ]
    );
    let messages = report(&import, "messages.csv").problem.as_ref().unwrap();
    assert_eq!(messages.args[1], "FROM, DATE");
    assert!(import.interactions.is_empty() && import.counterparts.is_empty());
}

#[test]
fn a_csv_cut_mid_field_keeps_the_rows_before_and_says_where() {
    let import = import("bad_truncated_csv.zip");
    let messages = report(&import, "messages.csv");
    assert_eq!(messages.interactions_made, 1);
    assert_eq!(skipped(messages, "archiveSkipTruncated"), 1);
    let problem = messages.problem.as_ref().unwrap();
    assert_eq!(problem.key, "archiveProblemTruncated");
    assert_eq!(
        problem.args,
        vec!["messages.csv".to_string(), "3".to_string()]
    );
}

#[test]
fn a_zip_bomb_whose_headers_lie_is_stopped() {
    // 1 KB that inflates to 1 MB while its headers claim 1 KB: reading stops past the claim.
    let bytes = fixture("bad_bomb.zip");
    assert!(bytes.len() < 1300);
    for limits in [
        Limits::default(),
        Limits {
            max_file_bytes: 64 << 10,
            ..Limits::default()
        },
    ] {
        let err = import_archive(&bytes, &limits).unwrap_err();
        let ArchiveError::Corrupt { file, detail } = &err else {
            panic!("{err:?}");
        };
        assert_eq!(file, "Comments.csv");
        assert!(detail.contains("declared"), "{detail}");
        assert_eq!(err.note().key, "archiveErrorCorrupt");
    }
}

/// An archive built here: one entry of 1 KB compressed that inflates to 1 MB.
fn honest_bomb() -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    writer.start_file("messages.csv", options).unwrap();
    writer.write_all(&vec![b'a'; 1 << 20]).unwrap();
    writer.finish().unwrap().into_inner()
}

#[test]
fn a_zip_bomb_built_here_is_refused_by_its_declared_size_and_by_the_total() {
    let bomb = honest_bomb();
    assert!(bomb.len() < 4096, "{}", bomb.len());
    let per_file = Limits {
        max_file_bytes: 512 << 10,
        ..Limits::default()
    };
    assert!(matches!(
        import_archive(&bomb, &per_file),
        Err(ArchiveError::FileTooLarge { ref file, .. }) if file == "messages.csv"
    ));
    let total = Limits {
        max_total_bytes: 512 << 10,
        ..Limits::default()
    };
    assert!(matches!(
        import_archive(&bomb, &total),
        Err(ArchiveError::TotalTooLarge { .. })
    ));
    // Within the limits the same archive reads (as a messages.csv without a header).
    let read = import_archive(&bomb, &Limits::default()).unwrap();
    assert!(read.files[0].problem.is_some());
}

#[test]
fn a_huge_declared_size_is_refused_before_inflating() {
    let err = import_archive(&fixture("bad_huge_declared.zip"), &Limits::default()).unwrap_err();
    assert_eq!(
        err,
        ArchiveError::FileTooLarge {
            file: "messages.csv".into(),
            limit: 256 << 20
        }
    );
    assert!(err.to_string().contains("messages.csv"));
}

#[test]
fn an_archive_without_any_known_file_says_so() {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    writer
        .start_file(
            "Company Follows.csv",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
    writer.write_all(b"Organization\nAcme\n").unwrap();
    let bytes = writer.finish().unwrap().into_inner();
    assert_eq!(
        import_archive(&bytes, &Limits::default()),
        Err(ArchiveError::NothingToImport)
    );
    let many = Limits {
        max_entries: 0,
        ..Limits::default()
    };
    assert!(matches!(
        import_archive(&bytes, &many),
        Err(ArchiveError::TooManyEntries { count: 1, limit: 0 })
    ));
}

const MESSAGES_HEADER: &str = "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,\
RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER,ATTACHMENTS,IS MESSAGE DRAFT\n";

#[test]
fn a_message_with_an_ampersand_before_an_accent_imports() {
    // `&` then a multibyte character, in a body long enough for an entity name to be cut
    // inside the character: once a panic that made the whole archive unimportable.
    let csv = format!(
        "{MESSAGES_HEADER}1,,Bob Lima,https://www.linkedin.com/in/bob-lima,Ana,\
         https://www.linkedin.com/in/ana,2026-03-02 09:15:00 UTC,,\
         \"<p>P&é; — vamos marcar um café & conversar?</p>\",INBOX,,No\n"
    );
    let import = import_csv_files(vec![("messages.csv".into(), csv.into_bytes())]).unwrap();
    let messages = of_kind(&import, Kind::Message);
    assert_eq!(messages.len(), 1, "{:?}", import.files);
    // The body's text: tags dropped, `&é;` (no such reference) kept as written.
    let text = " P&é; — vamos marcar um café & conversar? ";
    assert_eq!(messages[0].depth, Some(depth(text, "")));
}

#[test]
fn a_record_of_endless_commas_stops_the_file_with_its_line() {
    let mut csv = String::from(MESSAGES_HEADER);
    csv.push_str(
        "1,,Bob Lima,https://www.linkedin.com/in/bob-lima,Ana,,2026-03-02 09:15:00 UTC,,Hi,,,No\n",
    );
    csv.push_str(&",".repeat(2 << 20));
    csv.push_str("\n2,,Bob Lima,,Ana,,2026-03-03 09:15:00 UTC,,Never read,,,No\n");
    let import = import_csv_files(vec![("messages.csv".into(), csv.into_bytes())]).unwrap();
    let file = report(&import, "messages.csv");
    assert_eq!(file.interactions_made, 1);
    assert_eq!(skipped(file, "archiveSkipTooLarge"), 1);
    let problem = file.problem.as_ref().unwrap();
    assert_eq!(problem.key, "archiveProblemRecordTooLarge");
    assert_eq!(
        problem.args[..2],
        ["messages.csv".to_string(), "3".to_string()]
    );
}
