//! The DfE's CIN census validation rules (cin-rules.md), one file per rule.
//!
//! 2024-25, 2025-26 and 2026-27 share the same 109 rules; carefile refuses other
//! years with the engine's [`UnsupportedYear`]. Each rule is judged on the data
//! as submitted; a rule never sees what another rule did.

pub(crate) mod helpers;

use crate::model::Census;
use carefile_domain::CollectionYear;
use carefile_returns::{Report, Rule, RuleSet, UnsupportedYear, YearChanges};

mod r100;
mod r1103;
mod r1104;
mod r1105;
mod r1510;
mod r1520;
mod r1530;
mod r1540;
mod r1550;
mod r1560q;
mod r1570;
mod r1580;
mod r2883;
mod r2884;
mod r2885;
mod r2886q;
mod r2887q;
mod r2888q;
mod r2889;
mod r2990;
mod r2991q;
mod r4000;
mod r4001;
mod r4003;
mod r4004;
mod r4008;
mod r4009q;
mod r4010;
mod r4011;
mod r4012q;
mod r4013;
mod r4014;
mod r4015;
mod r4016;
mod r4017;
mod r4180;
mod r4220;
mod r8500;
mod r8510;
mod r8520;
mod r8525q;
mod r8530q;
mod r8535q;
mod r8540;
mod r8545q;
mod r8555q;
mod r8565;
mod r8568;
mod r8569q;
mod r8585q;
mod r8590;
mod r8600;
mod r8606;
mod r8608;
mod r8610;
mod r8614;
mod r8615;
mod r8620;
mod r8630;
mod r8640;
mod r8650;
mod r8670q;
mod r8675q;
mod r8696;
mod r8715;
mod r8720;
mod r8730;
mod r8736;
mod r8740;
mod r8750;
mod r8770q;
mod r8772;
mod r8775q;
mod r8790;
mod r8794;
mod r8805;
mod r8810;
mod r8815;
mod r8816;
mod r8820;
mod r8825q;
mod r8831;
mod r8832;
mod r8839;
mod r8840;
mod r8841;
mod r8842q;
mod r8863q;
mod r8866;
mod r8867;
mod r8868;
mod r8869;
mod r8870q;
mod r8873q;
mod r8875;
mod r8890;
mod r8896;
mod r8897q;
mod r8898;
mod r8905;
mod r8910;
mod r8915;
mod r8920;
mod r8925;
mod r8930;
mod r8935;
mod r8940;
mod r8945q;
mod r8950q;

/// Every rule carefile knows, in catalogue order.
pub static RULES: [&Rule<Census>; 109] = [
    &r100::RULE,
    &r1103::RULE,
    &r1104::RULE,
    &r1105::RULE,
    &r1510::RULE,
    &r1520::RULE,
    &r1530::RULE,
    &r1540::RULE,
    &r1550::RULE,
    &r1560q::RULE,
    &r1570::RULE,
    &r1580::RULE,
    &r2883::RULE,
    &r2884::RULE,
    &r2885::RULE,
    &r2886q::RULE,
    &r2887q::RULE,
    &r2888q::RULE,
    &r2889::RULE,
    &r2990::RULE,
    &r2991q::RULE,
    &r4000::RULE,
    &r4001::RULE,
    &r4003::RULE,
    &r4004::RULE,
    &r4008::RULE,
    &r4009q::RULE,
    &r4010::RULE,
    &r4011::RULE,
    &r4012q::RULE,
    &r4013::RULE,
    &r4014::RULE,
    &r4015::RULE,
    &r4016::RULE,
    &r4017::RULE,
    &r4180::RULE,
    &r4220::RULE,
    &r8500::RULE,
    &r8510::RULE,
    &r8520::RULE,
    &r8525q::RULE,
    &r8530q::RULE,
    &r8535q::RULE,
    &r8540::RULE,
    &r8545q::RULE,
    &r8555q::RULE,
    &r8565::RULE,
    &r8568::RULE,
    &r8569q::RULE,
    &r8585q::RULE,
    &r8590::RULE,
    &r8600::RULE,
    &r8606::RULE,
    &r8608::RULE,
    &r8610::RULE,
    &r8614::RULE,
    &r8615::RULE,
    &r8620::RULE,
    &r8630::RULE,
    &r8640::RULE,
    &r8650::RULE,
    &r8670q::RULE,
    &r8675q::RULE,
    &r8696::RULE,
    &r8715::RULE,
    &r8720::RULE,
    &r8730::RULE,
    &r8736::RULE,
    &r8740::RULE,
    &r8750::RULE,
    &r8770q::RULE,
    &r8772::RULE,
    &r8775q::RULE,
    &r8790::RULE,
    &r8794::RULE,
    &r8805::RULE,
    &r8810::RULE,
    &r8815::RULE,
    &r8816::RULE,
    &r8820::RULE,
    &r8825q::RULE,
    &r8831::RULE,
    &r8832::RULE,
    &r8839::RULE,
    &r8840::RULE,
    &r8841::RULE,
    &r8842q::RULE,
    &r8863q::RULE,
    &r8866::RULE,
    &r8867::RULE,
    &r8868::RULE,
    &r8869::RULE,
    &r8870q::RULE,
    &r8873q::RULE,
    &r8875::RULE,
    &r8890::RULE,
    &r8896::RULE,
    &r8897q::RULE,
    &r8898::RULE,
    &r8905::RULE,
    &r8910::RULE,
    &r8915::RULE,
    &r8920::RULE,
    &r8925::RULE,
    &r8930::RULE,
    &r8935::RULE,
    &r8940::RULE,
    &r8945q::RULE,
    &r8950q::RULE,
];

/// The codes in force from 2024-25 (the first year carefile supports).
const FROM_2025: [&str; 109] = [
    "100", "1103", "1104", "1105", "1510", "1520", "1530", "1540", "1550", "1560Q", "1570", "1580", "2883", "2884",
    "2885", "2886Q", "2887Q", "2888Q", "2889", "2990", "2991Q", "4000", "4001", "4003", "4004", "4008", "4009Q",
    "4010", "4011", "4012Q", "4013", "4014", "4015", "4016", "4017", "4180", "4220", "8500", "8510", "8520", "8525Q",
    "8530Q", "8535Q", "8540", "8545Q", "8555Q", "8565", "8568", "8569Q", "8585Q", "8590", "8600", "8606", "8608",
    "8610", "8614", "8615", "8620", "8630", "8640", "8650", "8670Q", "8675Q", "8696", "8715", "8720", "8730", "8736",
    "8740", "8750", "8770Q", "8772", "8775Q", "8790", "8794", "8805", "8810", "8815", "8816", "8820", "8825Q", "8831",
    "8832", "8839", "8840", "8841", "8842Q", "8863Q", "8866", "8867", "8868", "8869", "8870Q", "8873Q", "8875", "8890",
    "8896", "8897Q", "8898", "8905", "8910", "8915", "8920", "8925", "8930", "8935", "8940", "8945Q", "8950Q",
];

/// How the rule set changed, year by year (2025-26 and 2026-27 changed nothing).
pub const HISTORY: &[YearChanges] = &[
    YearChanges { year: 2025, added: &FROM_2025, removed: &[] },
    YearChanges { year: 2026, added: &[], removed: &[] },
    YearChanges { year: 2027, added: &[], removed: &[] },
];

/// The collection years carefile can judge a CIN census for.
pub const SUPPORTED: std::ops::RangeInclusive<u16> = 2025..=2027;

/// The rules of collection `year`.
pub fn rule_set(year: CollectionYear) -> Result<RuleSet<Census>, UnsupportedYear> {
    RuleSet::for_year("CIN census", RULES.iter().copied(), HISTORY, SUPPORTED, year)
}

/// Judges `census` with every rule of its collection year.
pub fn validate(census: &Census) -> Result<Report, UnsupportedYear> {
    Ok(carefile_returns::run(&rule_set(census.year)?, census, &[]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_years_share_the_109_rules_and_others_are_refused() {
        for y in [2025, 2026, 2027] {
            let set = rule_set(CollectionYear::new(y)).unwrap();
            assert_eq!(set.len(), 109, "year {y}");
        }
        let err = rule_set(CollectionYear::new(2024)).err().unwrap();
        assert!(err.to_string().contains("CIN census"), "{err}");
        assert!(rule_set(CollectionYear::new(2028)).is_err());
    }

    #[test]
    fn pre_proceedings_are_read_but_never_judged() {
        let block = "<PreProceedingsandFGDM><PPStartDate>not a date</PPStartDate><PPOutcome>??</PPOutcome>\
                     <ReviewMeetingsCount>-3</ReviewMeetingsCount></PreProceedingsandFGDM>";
        let header = helpers::testkit::HEADER
            .replace("2026-03-31", "2027-03-31")
            .replace("<Year>2026</Year>", "<Year>2027</Year>");
        let xml = format!(
            "<Message>{header}<Children>{}</Children></Message>",
            helpers::testkit::child("C1", "", &helpers::testkit::cin(block))
        );
        let plain = xml.replace(block, "");
        let judge = |x: &str| {
            let read = crate::read(x.as_bytes(), CollectionYear::new(2027)).unwrap();
            validate(&read.census).unwrap().findings.iter().map(|f| f.key().3).collect::<Vec<_>>()
        };
        let read = crate::read(xml.as_bytes(), CollectionYear::new(2027)).unwrap();
        assert_eq!(read.census.pre_proceedings.len(), 1);
        assert!(read.census.pre_proceedings[0].pp_start_date.is_invalid());
        assert_eq!(judge(&xml), judge(&plain));
    }

    #[test]
    fn codes_are_unique_and_files_match_codes() {
        let mut codes: Vec<_> = RULES.iter().map(|r| r.meta.code).collect();
        assert_eq!(codes, FROM_2025);
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), 109);
        assert_eq!(RULES.iter().filter(|r| r.meta.code.ends_with('Q')).count(), 26);
    }
}
