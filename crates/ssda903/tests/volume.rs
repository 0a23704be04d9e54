//! National volume: 85,000 children and 400,000 episodes must read and validate quickly.
//! Run with `cargo test --release -p carefile-ssda903 --test volume -- --ignored --nocapture`.

use carefile_domain::CollectionYear;
use carefile_ssda903::{Options, Postcodes, Providers, Source, find_local_authority, from_sources, validate};
use std::fmt::Write;
use std::sync::Arc;
use std::time::Instant;

/// A deterministic national-sized return: every child has a header row and 4–5 episodes.
fn national() -> Vec<Source> {
    let (mut header, mut eps, mut oc2) = (String::new(), String::new(), String::new());
    header.push_str("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n");
    eps.push_str("CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n");
    oc2.push_str("CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\n");
    let mut n_eps = 0;
    for c in 0..85_000u32 {
        let dob = format!("{:02}/{:02}/{}", 1 + c % 28, 1 + c % 12, 2008 + c % 17);
        let sex = ["M", "F"][(c % 2) as usize];
        writeln!(header, "{c},{sex},{dob},WBRI,UN{},{},", 1 + c % 5, if sex == "F" { "0" } else { "" }).unwrap();
        let n = if c % 5 == 0 { 4 } else { 5 };
        for e in 0..n {
            let start = format!("{:02}/{:02}/2025", 1 + e * 5, 4 + e * 2);
            let (end, rec, rne) = if e + 1 < n {
                (format!("{:02}/{:02}/2025", 1 + (e + 1) * 5, 4 + (e + 1) * 2), "X1", if e == 0 { "S" } else { "P" })
            } else {
                (String::new(), "", "P")
            };
            writeln!(
                eps,
                "{c},{start},{rne},C2,N1,U{},PR1,{end},{rec},{},LE1 1AA,LE2 2BB,SC1",
                1 + e % 6,
                if e > 0 { "CARPL" } else { "" }
            )
            .unwrap();
            n_eps += 1;
        }
        if c % 3 == 0 {
            writeln!(oc2, "{c},{dob},12,,0,1,1,1,1,0,,").unwrap();
        }
    }
    assert!(n_eps >= 400_000);
    vec![Source::new("header.csv", header), Source::new("episodes.csv", eps), Source::new("oc2.csv", oc2)]
}

#[test]
#[ignore = "takes a while in debug builds; run in release"]
fn national_volume_validates_quickly() {
    let sources = national();
    let t = Instant::now();
    let ret = Arc::new(from_sources(&sources, &[]).unwrap());
    let read = t.elapsed();
    let t = Instant::now();
    let mut opts = Options::new(CollectionYear::new(2026));
    opts.la = find_local_authority("855");
    let onspd = "pcd,laua,oseast1m,osnrth1m\nLE1 1AA,E07000129,458000,304000\nLE2 2BB,E06000016,461000,308000\n";
    opts.postcodes = Some(Arc::new(Postcodes::read_for("onspd.csv", onspd.as_bytes(), &ret).unwrap()));
    let providers = "urn,local_authority,placement_codes,provider_codes,registration_end,postcode\nSC1,Leicester,U1;U2;U3;U4;U5;U6,PR1,,LE2 2BB\n";
    opts.providers = Some(Arc::new(Providers::read("providers.csv", providers.as_bytes()).unwrap()));
    let report = validate(&ret, &opts).unwrap();
    let judged = t.elapsed();
    println!("read {read:?}, validated {judged:?} with {} rules: {} findings", report.ran.len(), report.findings.len());
    assert_eq!(report.ran.len(), 316, "with reference data every 2025-26 rule runs");
    if !cfg!(debug_assertions) {
        assert!(judged.as_secs_f64() < 2.0, "validation took {judged:?}");
    }
}
