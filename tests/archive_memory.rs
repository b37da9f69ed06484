//! Memory an archive can make the importer take: a small zip of one endless CSV record (the
//! hostile case: 204 KB of zip, 200 MB of commas) must cost about the inflated file, not a
//! field header per comma. Measured with a counting allocator, so this file holds one test.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{Cursor, Write};
use std::sync::atomic::{AtomicUsize, Ordering};

use vinculo::archive::{import_archive, Limits};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let live = LIVE.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // The old and the new block both exist while the bytes are copied.
        grew(new_size);
        let moved = unsafe { System.realloc(ptr, layout, new_size) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        moved
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[test]
fn an_endless_record_costs_about_the_inflated_file() {
    const COMMAS: usize = 32 << 20;
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    writer.start_file("messages.csv", options).unwrap();
    writer
        .write_all(b"CONVERSATION ID,FROM,DATE,CONTENT\n1,Bob,2026-03-02 09:15:00 UTC,")
        .unwrap();
    let chunk = vec![b','; 1 << 20];
    for _ in 0..COMMAS / chunk.len() {
        writer.write_all(&chunk).unwrap();
    }
    let zip = writer.finish().unwrap().into_inner();
    drop(chunk);

    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let import = import_archive(&zip, &Limits::default()).unwrap();
    let peak = PEAK.load(Ordering::Relaxed) - before;

    // The inflated file and one record's bounded buffers.
    let bound = COMMAS + (8 << 20);
    println!(
        "zip {} KB → {} MB of commas: peak {} MB (bound {} MB)",
        zip.len() >> 10,
        COMMAS >> 20,
        peak >> 20,
        bound >> 20
    );
    assert!(peak < bound, "peak {} MB", peak >> 20);
    let problem = import.files[0].problem.as_ref().unwrap();
    assert_eq!(problem.key, "archiveProblemRecordTooLarge");
}
