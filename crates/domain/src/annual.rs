//! The shapes the fostering, adoption and panel annual reports' figures share (issue #15 item 7):
//! a reporting year, a count that keeps who is behind it (every figure drills down), a funnel
//! whose stages cannot exceed the one before, percentages that sum to 100, and the
//! reconciliation checks that would have caught the seed's contradictions (households +13/−21
//! yet "maintained at 126"; conversion 63% and 65% from two definitions; panel grades summing to
//! 101%). The figures themselves are `fostering::annual`, `adopters::annual` and `panels::annual`.

use chrono::NaiveDate;
use serde::Serialize;

/// A reporting year: both days included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Year {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Year {
    /// The financial year starting on 1 April of `start`.
    pub fn financial(start: i32) -> Option<Year> {
        Some(Year { from: NaiveDate::from_ymd_opt(start, 4, 1)?, to: NaiveDate::from_ymd_opt(start + 1, 3, 31)? })
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }

    /// The day before the year: what was in force "at the start".
    pub fn eve(&self) -> NaiveDate {
        self.from.pred_opt().unwrap_or(self.from)
    }
}

/// A count and the subjects behind it (a household, a child, a sitting's case), so that every
/// figure drills down to whom it counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Figure<T> {
    pub label: &'static str,
    pub members: Vec<T>,
}

impl<T> Figure<T> {
    pub fn new(label: &'static str, members: Vec<T>) -> Figure<T> {
        Figure { label, members }
    }
    pub fn count(&self) -> usize {
        self.members.len()
    }
}

/// A cohort followed stage by stage: each stage counts the members that reached it and every
/// stage before it, so no stage can exceed the one before whatever the record holds; a member
/// that reached a stage without an earlier one is listed in `out_of_order` (a data-quality
/// finding), not counted twice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Funnel<T> {
    pub stages: Vec<Figure<T>>,
    pub out_of_order: Vec<T>,
}

impl<T: Clone> Funnel<T> {
    /// `reached(m)` says, for each stage in order, whether member `m` reached it.
    pub fn cohort<M>(labels: &[&'static str], cohort: &[M], id: impl Fn(&M) -> T, reached: impl Fn(&M) -> Vec<bool>) -> Funnel<T> {
        let mut stages: Vec<Figure<T>> = labels.iter().map(|l| Figure::new(l, vec![])).collect();
        let mut out_of_order = vec![];
        for m in cohort {
            let r = reached(m);
            let run = r.iter().take_while(|x| **x).count();
            if r[run..].iter().any(|x| *x) {
                out_of_order.push(id(m));
            }
            for s in &mut stages[..run.min(labels.len())] {
                s.members.push(id(m));
            }
        }
        Funnel { stages, out_of_order }
    }

    /// The share of stage `from`'s members who reached stage `to`, as a percentage (one
    /// definition of conversion, named by its two stages).
    pub fn conversion(&self, from: usize, to: usize) -> Option<f64> {
        let (a, b) = (self.stages.get(from)?.count(), self.stages.get(to)?.count());
        (a > 0).then(|| 100.0 * b as f64 / a as f64)
    }

    /// Whether every stage is at most the one before.
    pub fn monotone(&self) -> bool {
        self.stages.windows(2).all(|w| w[1].count() <= w[0].count())
    }
}

/// Whole percentages of `counts` that sum to exactly 100 (largest remainder: the shares rounded
/// down, then the points left given to the largest remainders, ties to the earlier). Empty when
/// nothing is counted.
pub fn shares(counts: &[usize]) -> Vec<u32> {
    let total: usize = counts.iter().sum();
    if total == 0 {
        return vec![];
    }
    let mut out: Vec<u32> = counts.iter().map(|c| (100 * c / total) as u32).collect();
    let left = 100 - out.iter().sum::<u32>();
    let mut order: Vec<usize> = (0..counts.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse((100 * counts[i]) % total), i));
    for &i in order.iter().take(left as usize) {
        out[i] += 1;
    }
    out
}

/// One reconciliation: what must hold between two figures of the same report, and whether it does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub name: &'static str,
    pub holds: bool,
    /// The figures, written out (e.g. "126 + 13 + 0 − 21 = 118").
    pub detail: String,
}

impl Check {
    pub fn new(name: &'static str, holds: bool, detail: String) -> Check {
        Check { name, holds, detail }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn shares_sum_to_a_hundred_where_rounding_each_would_make_a_hundred_and_one() {
        // 1/6, 1/6, 4/6: 16.7 + 16.7 + 66.7 rounds to 17 + 17 + 67 = 101.
        assert_eq!(shares(&[1, 1, 4]), [17, 17, 66]);
        assert_eq!(shares(&[1, 1, 1]), [34, 33, 33]);
        assert_eq!(shares(&[0, 5]), [0, 100]);
        assert!(shares(&[0, 0]).is_empty());
    }

    #[test]
    fn a_funnel_never_grows_and_lists_what_skipped_a_stage() {
        let cohort = [("a", vec![true, true, true]), ("b", vec![true, false, false]), ("c", vec![true, false, true])];
        let f = Funnel::cohort(&["enquiry", "visit", "approved"], &cohort, |m| m.0, |m| m.1.clone());
        let counts: Vec<usize> = f.stages.iter().map(Figure::count).collect();
        assert_eq!(counts, [3, 1, 1]);
        assert_eq!(f.out_of_order, ["c"]);
        assert!(f.monotone());
        assert_eq!(f.conversion(0, 2).map(|c| c.round()), Some(33.0));
        assert_eq!(f.conversion(1, 2), Some(100.0));
    }

    proptest! {
        #[test]
        fn shares_always_sum_to_a_hundred(counts in proptest::collection::vec(0usize..1000, 1..12)) {
            let s = shares(&counts);
            if counts.iter().sum::<usize>() > 0 {
                prop_assert_eq!(s.iter().sum::<u32>(), 100);
                let total: usize = counts.iter().sum();
                for (c, p) in counts.iter().zip(&s) {
                    // Each share is its exact percentage rounded down or up.
                    let exact = 100.0 * *c as f64 / total as f64;
                    prop_assert!((f64::from(*p) - exact).abs() < 1.0);
                }
            }
        }

        #[test]
        fn every_funnel_is_monotone(reached in proptest::collection::vec(proptest::collection::vec(any::<bool>(), 5), 0..40)) {
            let cohort: Vec<(usize, Vec<bool>)> = reached.into_iter().enumerate().collect();
            let f = Funnel::cohort(&["a", "b", "c", "d", "e"], &cohort, |m| m.0, |m| m.1.clone());
            prop_assert!(f.monotone());
        }
    }
}
