//! The validator's state between the page's calls: the files given, then the report.

use carefile_domain::CollectionYear;
use carefile_returns::Report;
use carefile_returns::report::Format;
use carefile_ssda903::Source;
use std::sync::Arc;

/// What a file given to the validator is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// This year's return: a 903 CSV or XML file, or the CIN census.
    Return,
    /// Last year's 903 return, for the rules that compare years.
    Previous,
    /// Ofsted's provider list (CSV), for the URN rules.
    Providers,
}

impl Slot {
    pub fn from_code(code: u32) -> Option<Slot> {
        [Slot::Return, Slot::Previous, Slot::Providers].get(code as usize).copied()
    }
}

/// Which return the files are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Ssda903,
    Cin,
}

impl Which {
    pub fn from_code(code: u32) -> Option<Which> {
        [Which::Ssda903, Which::Cin].get(code as usize).copied()
    }
}

/// The files and the authority given so far, and the last report.
#[derive(Default)]
pub struct Session {
    files: Vec<Source>,
    previous: Vec<Source>,
    providers: Option<Source>,
    la: Option<String>,
    report: Option<Report>,
}

impl Session {
    pub fn add(&mut self, slot: Slot, name: String, bytes: Vec<u8>) {
        let source = Source::new(name, bytes);
        match slot {
            Slot::Return => self.files.push(source),
            Slot::Previous => self.previous.push(source),
            Slot::Providers => self.providers = Some(source),
        }
    }

    /// The submitting authority as the user typed it; blank for none.
    pub fn set_la(&mut self, la: &str) {
        self.la = Some(la.trim().to_owned()).filter(|la| !la.is_empty());
    }

    /// Reads the files and runs the year's rules, keeping the report. Ok: the reader's warnings
    /// (the report holds the rest); Err: why nothing could be checked, naming the file.
    pub fn check(&mut self, which: Which, year: CollectionYear) -> Result<Vec<String>, String> {
        self.report = None;
        if self.files.is_empty() {
            return Err("choose the file(s) to check".into());
        }
        let (report, warnings) = match which {
            Which::Ssda903 => (self.ssda903(year)?, Vec::new()),
            Which::Cin => {
                let [file] = self.files.as_slice() else {
                    return Err(format!("a CIN census is one XML file; {} were given", self.files.len()));
                };
                let checked = carefile_cin::check(&file.bytes, year).map_err(|e| format!("{}: {e}", file.name))?;
                (checked.report, checked.warnings.iter().map(ToString::to_string).collect())
            }
        };
        self.report = Some(report);
        Ok(warnings)
    }

    fn ssda903(&self, year: CollectionYear) -> Result<Report, String> {
        let ret = Arc::new(carefile_ssda903::from_sources(&self.files, &self.previous).map_err(|e| e.to_string())?);
        let mut opts = carefile_ssda903::Options::new(year);
        if let Some(la) = &self.la {
            opts.la = Some(carefile_ssda903::find_local_authority(la).ok_or_else(|| {
                format!("authority: '{la}' is not an English local authority's GSS code, DfE number or name")
            })?);
        }
        if let Some(p) = &self.providers {
            opts.providers = Some(Arc::new(carefile_ssda903::Providers::read(&p.name, p.bytes.as_slice()).map_err(|e| e.to_string())?));
        }
        carefile_ssda903::validate(&ret, &opts).map_err(|e| e.to_string())
    }

    /// The last report in `format`; None before a successful check.
    pub fn report(&self, format: Format) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        format.write(self.report.as_ref()?, &mut out).ok()?;
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// The published samples: `CAREFILE_OUTSIDE`, else `shared/outside/` beside the repository, as
    /// the returns' crates find them.
    fn outside(name: &str) -> PathBuf {
        let beside = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().map(|a| a.join("shared/outside")).find(|p| p.is_dir());
        let root = std::env::var_os("CAREFILE_OUTSIDE").map(PathBuf::from).or(beside).unwrap_or_else(|| "/work/shared/outside".into());
        let path = root.join(name);
        assert!(path.exists(), "{} is missing: set CAREFILE_OUTSIDE to the folder holding shared/outside", path.display());
        path
    }

    fn sample(session: &mut Session, slot: Slot, name: &str) {
        let bytes = std::fs::read(outside(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        session.add(slot, name.rsplit('/').next().unwrap().into(), bytes);
    }

    const HEADER: &str = "ssda903/samples/d2i_header.csv";
    const EPISODES: &str = "ssda903/samples/d2i_episodes.csv";

    fn csv(session: &Session) -> String {
        String::from_utf8(session.report(Format::Csv).expect("a report")).unwrap()
    }

    #[test]
    fn last_years_return_turns_on_the_rules_that_compare_years() {
        let mut s = Session::default();
        sample(&mut s, Slot::Return, HEADER);
        sample(&mut s, Slot::Return, EPISODES);
        s.check(Which::Ssda903, CollectionYear::new(2026)).unwrap();
        let alone = csv(&s);
        assert!(alone.contains("not run: needs last year's return"), "{alone}");
        // This year's header as last year's: the cross-year rules now run and are no longer listed.
        sample(&mut s, Slot::Previous, HEADER);
        s.check(Which::Ssda903, CollectionYear::new(2026)).unwrap();
        assert!(!csv(&s).contains("not run: needs last year's return"));
    }

    #[test]
    fn an_unknown_authority_and_a_second_census_are_refused_by_name() {
        let mut s = Session::default();
        sample(&mut s, Slot::Return, HEADER);
        s.set_la("Atlantis");
        let e = s.check(Which::Ssda903, CollectionYear::new(2026)).unwrap_err();
        assert!(e.contains("'Atlantis' is not an English local authority"), "{e}");
        assert!(s.report(Format::Csv).is_none(), "a failed check leaves no report");

        let mut s = Session::default();
        sample(&mut s, Slot::Return, "cin/samples/d2i_CIN_Census_2024.xml");
        sample(&mut s, Slot::Return, "cin/samples/d2i_CIN_Census_2026.xml");
        assert_eq!(s.check(Which::Cin, CollectionYear::new(2024)).unwrap_err(), "a CIN census is one XML file; 2 were given");
        assert_eq!(Session::default().check(Which::Cin, CollectionYear::new(2024)).unwrap_err(), "choose the file(s) to check");
    }

    #[test]
    fn a_census_that_is_not_xml_is_named() {
        let mut s = Session::default();
        s.add(Slot::Return, "census.xml".into(), b"PK\x03\x04 not a census".to_vec());
        let e = s.check(Which::Cin, CollectionYear::new(2026)).unwrap_err();
        assert!(e.starts_with("census.xml: ") && e.contains("zip"), "{e}");
    }

    #[test]
    fn the_exports_drive_a_check_from_copy_in_to_report_out() {
        // The page's sequence through the C functions, natively: the same as cin's own check.
        let path = "cin/samples/d2i_CIN_Census_2026.xml";
        let bytes = std::fs::read(outside(path)).unwrap();
        let give = |b: &[u8]| {
            let p = crate::cf_alloc(b.len());
            unsafe { std::ptr::copy_nonoverlapping(b.as_ptr(), p, b.len()) };
            (p, b.len())
        };
        crate::cf_reset();
        let (name, name_len) = give(b"census.xml");
        let (data, data_len) = give(&bytes);
        assert_eq!(unsafe { crate::cf_add(0, name, name_len, data, data_len) }, 0);
        assert_eq!(crate::cf_check(1, 2026), 0);
        let output = || unsafe { std::slice::from_raw_parts(crate::cf_output(), crate::cf_output_len()) }.to_vec();
        let warnings: Vec<String> = serde_json::from_slice(&output()).unwrap();
        let checked = carefile_cin::check(&bytes, CollectionYear::new(2026)).unwrap();
        assert_eq!(warnings, checked.warnings.iter().map(ToString::to_string).collect::<Vec<_>>());
        let len = crate::cf_report(1);
        let mut expected = Vec::new();
        Format::Csv.write(&checked.report, &mut expected).unwrap();
        assert!(!checked.report.findings.is_empty() && len == expected.len());
        assert_eq!(output(), expected);
        assert!(crate::cf_report(3) > 0 && output().starts_with(b"PK"), "an XLSX workbook");
        assert_eq!(crate::cf_report(9), 0);
        assert_eq!(crate::cf_check(7, 2026), 2);
        crate::cf_reset();
        assert_eq!(crate::cf_report(1), 0, "nothing to report after a reset");
    }
}
