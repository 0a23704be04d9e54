//! SSDA903 XML: any bytes give tables or a clear error, and validation never panics.
#![no_main]
use carefile_ssda903::{Options, Source, from_sources, validate};
use libfuzzer_sys::fuzz_target;
use std::sync::Arc;

fuzz_target!(|data: &[u8]| {
    if let Ok(ret) = from_sources(&[Source::new("fuzz.xml", data.to_vec())], &[]) {
        let opts = Options::new(carefile_domain::CollectionYear::new(2026));
        let _ = validate(&Arc::new(ret), &opts);
    }
});
