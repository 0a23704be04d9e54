//! SSDA903 CSV tables: any bytes give tables or a clear error, and validation never panics.
#![no_main]
use carefile_ssda903::{Options, Source, from_sources, validate};
use libfuzzer_sys::fuzz_target;
use std::sync::Arc;

fuzz_target!(|data: &[u8]| {
    // The first byte picks which table's columns head the file, so the reader gets past recognition.
    let headers = [
        "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n",
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n",
        "CHILD,DOB,REVIEW,REVIEW_CODE\n",
        "CHILD,DOB,MISSING,MIS_START,MIS_END\n",
        "",
    ];
    let (pick, rest) = data.split_first().unwrap_or((&0, &[]));
    let mut bytes = headers[usize::from(*pick) % headers.len()].as_bytes().to_vec();
    bytes.extend_from_slice(rest);
    if let Ok(ret) = from_sources(&[Source::new("fuzz.csv", bytes)], &[]) {
        let opts = Options::new(carefile_domain::CollectionYear::new(2026));
        let _ = validate(&Arc::new(ret), &opts);
    }
});
