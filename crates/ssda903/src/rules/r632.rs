//! 632: the date of a previous permanence order (DATE_PERM), when given, must be a date in
//! dd/mm/YYYY form, where an unknown day, month or year may be written ZZ / ZZ / ZZZZ, and the
//! order must come before the child's first episode began. A partial date is read as the latest
//! day it could be (ZZ/06/2015 → 30 June 2015; ZZ/ZZ/2015 → 31 December 2015), so only an
//! order that must have been on or after the first DECOM fires; an unknown year is never
//! compared. Only children with episodes are judged; the PrevPerm row and the first episode are
//! flagged.

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "632",
        message: "Date of previous permanence order not a valid value. NOTE: This rule may result in false negatives where the period of care started before the current collection year",
        severity: Severity::Error,
        tables: &["Episodes", "PrevPerm"],
        fields: &["DATE_PERM", "DECOM"],
        needs: &[],
    },
    check,
};

/// How a DATE_PERM reads.
#[derive(Debug, PartialEq)]
enum PermDate {
    /// The latest day the (possibly partial) date could be.
    Latest(NaiveDate),
    /// Well formed, but the year is unknown.
    UnknownYear,
    Invalid,
}

fn read(s: &str) -> PermDate {
    let parts: Vec<&str> = s.split('/').collect();
    let [day, month, year] = parts[..] else { return PermDate::Invalid };
    let num = |p: &str, max_len: usize| (1..=max_len).contains(&p.len()).then(|| p.parse::<u32>().ok()).flatten();
    let year = match year {
        "ZZZZ" => None,
        y if y.len() == 4 => match y.parse::<i32>() {
            Ok(y) => Some(y),
            Err(_) => return PermDate::Invalid,
        },
        _ => return PermDate::Invalid,
    };
    let month = if month == "ZZ" { Some(12) } else { num(month, 2).filter(|m| (1..=12).contains(m)) };
    let Some(month) = month else { return PermDate::Invalid };
    let Some(year) = year else {
        // Without a year the day can still be checked against the month (29/02 allowed).
        let ok = day == "ZZ" || num(day, 2).and_then(|dd| NaiveDate::from_ymd_opt(2000, month, dd)).is_some();
        return if ok { PermDate::UnknownYear } else { PermDate::Invalid };
    };
    let date = if day == "ZZ" {
        let next = if month == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1) } else { NaiveDate::from_ymd_opt(year, month + 1, 1) };
        next.and_then(|n| n.pred_opt())
    } else {
        num(day, 2).and_then(|dd| NaiveDate::from_ymd_opt(year, month, dd))
    };
    date.map_or(PermDate::Invalid, PermDate::Latest)
}

fn check(d: &Input, s: &mut Sink) {
    let (Some(eps), Some(prev)) = (&d.this.episodes, &d.this.prev_perm) else { return };
    for (child, rows) in prev.groups() {
        let Some(first) = earliest(eps.of(child)) else { continue };
        let Some(decom) = first.decom.get() else { continue };
        for p in rows {
            let Some(text) = p.date_perm.value() else { continue };
            let bad = match read(text) {
                PermDate::Latest(date) => date >= decom,
                PermDate::UnknownYear => false,
                PermDate::Invalid => true,
            };
            if bad {
                s.flag(child, PrevPerm::TABLE, p.row, &["DATE_PERM"]);
                s.flag(child, Episode::TABLE, first.row, &["DECOM"]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn partial_dates_read_as_their_latest_day() {
        let day = |y, m, d| PermDate::Latest(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        assert_eq!(read("ZZ/06/2015"), day(2015, 6, 30));
        assert_eq!(read("ZZ/ZZ/2015"), day(2015, 12, 31));
        assert_eq!(read("ZZ/02/2016"), day(2016, 2, 29));
        assert_eq!(read("5/1/2015"), day(2015, 1, 5));
        assert_eq!(read("29/02/ZZZZ"), PermDate::UnknownYear);
        for bad in ["31/02/2015", "01/13/2015", "2015-01-01", "01/01/15", "AA/01/2015", "31/04/ZZZZ"] {
            assert_eq!(read(bad), PermDate::Invalid, "{bad}");
        }
    }

    #[test]
    fn order_on_or_after_first_episode_fires() {
        let e = csv::<Episode>("CHILD,DECOM\n1,01/06/2015\n1,01/01/2015\n2,01/07/2015\n3,01/06/2015\n4,01/06/2015");
        let p = csv::<PrevPerm>("CHILD,DATE_PERM\n1,ZZ/01/2015\n2,ZZ/06/2015\n3,xx\n4,ZZ/ZZ/ZZZZ\n9,xx");
        assert_eq!(flagged("632", &[e, p]), [("Episodes", 1), ("Episodes", 3), ("PrevPerm", 0), ("PrevPerm", 2)]);
    }
}
