//! `carefile import-events`: any bytes are imported whole or refused whole, never a panic.
#![no_main]
use carefile_store::{EventStore, SqliteStore, Stream};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut store = SqliteStore::open_in_memory().expect("an in-memory database opens");
    if store.import("fuzz.jsonl", &mut &data[..]).is_err() {
        let mut out = Vec::new();
        store.export(&Stream::ALL, &mut out).expect("export works");
        assert!(out.is_empty(), "a refused import left events behind");
    }
});
