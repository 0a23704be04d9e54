//! CIN census XML: any bytes give a census or a clear error, and validation never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(read) = carefile_cin::read(data, carefile_domain::CollectionYear::new(2026)) {
        let _ = carefile_cin::validate(&read.census);
    }
});
