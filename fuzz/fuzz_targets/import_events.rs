//! `carefile import-events`: any bytes are imported whole or refused whole, never a panic.
#![no_main]
use carefile_store::{EventStore, ImportOptions, SqliteStore, Stream};
use chrono::{TimeZone, Utc};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte chooses whether a file without header and closing record
    // is accepted, and how many events each chunk commits, so both the proof
    // of wholeness and the chunked commit are exercised.
    let Some((&choice, data)) = data.split_first() else { return };
    let options = ImportOptions {
        accept_unverified: choice & 1 == 1,
        now: Utc.with_ymd_and_hms(2026, 3, 31, 12, 0, 0).unwrap(),
        chunk: u64::from(choice >> 1).max(1),
    };
    let mut store = SqliteStore::open_in_memory().expect("an in-memory database opens");
    if store.import("fuzz.jsonl", &mut &data[..], &options).is_err() {
        let kept = store.export(&Stream::ALL, &mut std::io::sink()).expect("export works");
        assert_eq!(kept, 0, "a refused import left events behind");
    }
});
