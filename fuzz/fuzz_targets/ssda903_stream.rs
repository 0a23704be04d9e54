//! SSDA903 read as a stream, as an import reads it a part of the children at a time
//! (`load_kept`): any bytes give exactly the rows a whole reading gives to the part's
//! children, each with its number in the file, or the same error in the same words.
#![no_main]
use carefile_ssda903::{Record, Tables, load, load_kept};
use libfuzzer_sys::fuzz_target;

/// The part an import reads: about half the children, by their ID as the row holds it.
fn kept(child: &str) -> bool {
    child.bytes().map(u32::from).sum::<u32>() % 2 == 0
}

/// The whole reading's rows of each table, kept to the part, against the streamed reading's.
fn same(whole: &Tables, streamed: &Tables) {
    macro_rules! tables {
        ($($field:ident),*) => {$(
            let want: Option<Vec<_>> =
                whole.$field.as_ref().map(|t| t.rows.iter().filter(|r| kept(r.child())).cloned().collect());
            assert_eq!(want, streamed.$field.as_ref().map(|t| t.rows.clone()), stringify!($field));
        )*};
    }
    tables!(header, episodes, reviews, uasc, oc2, oc3, ad1, placed_adoption, prev_perm, missing, sw_episodes, dolo);
    assert_eq!(whole.from_xml, streamed.from_xml);
}

fuzz_target!(|data: &[u8]| {
    // A file with no extension: CSV or XML is told from its content, as for any file given.
    let path = std::env::temp_dir().join(format!("carefile-fuzz-903-{}", std::process::id()));
    std::fs::write(&path, data).expect("the fuzz input is written to a file");
    let whole = load(std::slice::from_ref(&path), &[]);
    let streamed = load_kept(std::slice::from_ref(&path), &mut |child, _| kept(child));
    match (whole, streamed) {
        (Ok(w), Ok(s)) => same(&w.this, &s),
        (Err(w), Err(s)) => assert_eq!(w.to_string(), s.to_string()),
        (w, s) => panic!("whole: {:?}; streamed: {:?}", w.err(), s.err()),
    }
});
