//! Judgements on a figure: direction against the previous data point, national
//! quartile, and RAG (service.md §4's key, made precise).

use crate::config::{RagRules, SimilarBand};
use crate::model::{Direction, Polarity, Quartile, QuartileBounds, Rag, Unit};

/// How `now` compares with `before` for an indicator of this polarity and unit.
pub fn direction(polarity: Polarity, unit: Unit, now: f64, before: f64, band: &SimilarBand) -> Direction {
    let diff = now - before;
    if diff.abs() < 1e-9 {
        return Direction::Same;
    }
    if polarity == Polarity::None {
        return if diff > 0.0 { Direction::Higher } else { Direction::Lower };
    }
    let similar = match unit {
        Unit::Percent => band.percent_points,
        _ => band.relative * before.abs(),
    };
    if diff.abs() <= similar {
        return Direction::Similar;
    }
    if (diff > 0.0) == (polarity == Polarity::HighGood) { Direction::Better } else { Direction::Worse }
}

/// Whether `a` is at least as good as `b` for this polarity.
fn at_least_as_good(polarity: Polarity, a: f64, b: f64) -> bool {
    if polarity == Polarity::LowGood { a <= b } else { a >= b }
}

/// The national quartile of `v` (1 = best); a value on a boundary takes the better quartile.
pub fn quartile(polarity: Polarity, v: f64, q: &QuartileBounds) -> Option<Quartile> {
    if polarity == Polarity::None {
        return None;
    }
    let n = [q.better, q.median, q.worse].iter().take_while(|b| !at_least_as_good(polarity, v, **b)).count();
    Some(Quartile(n as u8 + 1))
}

/// The RAG status: by quartile when there are national quartiles, else by target.
/// Green: top quartile, or the better half of the second with an improving trend.
/// Red: fourth quartile, or the worse half of the third with a declining trend.
/// Amber otherwise. With only a target: green at or better than it, red when
/// worse by more than the tolerance, amber between.
pub fn rag(
    polarity: Polarity,
    v: f64,
    bounds: Option<&QuartileBounds>,
    target: Option<f64>,
    direction: Option<Direction>,
    rules: &RagRules,
) -> Option<Rag> {
    if polarity == Polarity::None {
        return None;
    }
    if let Some(q) = bounds {
        let Quartile(n) = quartile(polarity, v, q)?;
        return Some(match n {
            1 => Rag::Green,
            2 if rules.green_high_second_improving
                && direction == Some(Direction::Better)
                && at_least_as_good(polarity, v, (q.better + q.median) / 2.0) =>
            {
                Rag::Green
            }
            3 if rules.red_low_third_declining
                && direction == Some(Direction::Worse)
                && !at_least_as_good(polarity, v, (q.median + q.worse) / 2.0) =>
            {
                Rag::Red
            }
            4 => Rag::Red,
            _ => Rag::Amber,
        });
    }
    let t = target?;
    if at_least_as_good(polarity, v, t) {
        return Some(Rag::Green);
    }
    let within = (v - t).abs() <= rules.target_tolerance * t.abs();
    Some(if within { Rag::Amber } else { Rag::Red })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HIGH: QuartileBounds = QuartileBounds { better: 90.0, median: 80.0, worse: 70.0 };
    const LOW: QuartileBounds = QuartileBounds { better: 10.0, median: 20.0, worse: 30.0 };

    #[test]
    fn direction_is_polarity_aware_with_a_similar_band() {
        let b = SimilarBand::default();
        use Direction::*;
        // The seed: 21.6% → 22.3% re-referrals (low good) is Similar; 14.9% → 13.6% second plans is Better.
        assert_eq!(direction(Polarity::LowGood, Unit::Percent, 22.3, 21.6, &b), Similar);
        assert_eq!(direction(Polarity::LowGood, Unit::Percent, 13.6, 14.9, &b), Better);
        assert_eq!(direction(Polarity::HighGood, Unit::Percent, 60.3, 64.4, &b), Worse);
        assert_eq!(direction(Polarity::HighGood, Unit::Percent, 97.3, 97.3, &b), Same);
        assert_eq!(direction(Polarity::None, Unit::Count, 95.0, 72.0, &b), Higher);
        assert_eq!(direction(Polarity::None, Unit::Count, 72.0, 95.0, &b), Lower);
        // Relative band for non-percentages: 15.0 vs 15.5 mean score is within 5%.
        assert_eq!(direction(Polarity::LowGood, Unit::MeanScore, 15.0, 15.5, &b), Similar);
        assert_eq!(direction(Polarity::LowGood, Unit::Days, 400.0, 500.0, &b), Better);
    }

    #[test]
    fn quartiles_take_the_better_side_of_a_boundary() {
        let q = |p, v, b| quartile(p, v, b).map(|Quartile(n)| n);
        assert_eq!(q(Polarity::HighGood, 95.0, &HIGH), Some(1));
        assert_eq!(q(Polarity::HighGood, 90.0, &HIGH), Some(1));
        assert_eq!(q(Polarity::HighGood, 85.0, &HIGH), Some(2));
        assert_eq!(q(Polarity::HighGood, 70.0, &HIGH), Some(3));
        assert_eq!(q(Polarity::HighGood, 69.9, &HIGH), Some(4));
        assert_eq!(q(Polarity::LowGood, 10.0, &LOW), Some(1));
        assert_eq!(q(Polarity::LowGood, 25.0, &LOW), Some(3));
        assert_eq!(q(Polarity::LowGood, 31.0, &LOW), Some(4));
        assert_eq!(q(Polarity::None, 31.0, &LOW), None);
    }

    #[test]
    fn rag_follows_the_key() {
        let r = RagRules::default();
        let g = |v, d| rag(Polarity::HighGood, v, Some(&HIGH), None, d, &r);
        use Direction::*;
        assert_eq!(g(92.0, Some(Worse)), Some(Rag::Green));
        // High in Q2 (better than 85) and improving: green; improving but low in Q2: amber.
        assert_eq!(g(87.0, Some(Better)), Some(Rag::Green));
        assert_eq!(g(87.0, Some(Similar)), Some(Rag::Amber));
        assert_eq!(g(82.0, Some(Better)), Some(Rag::Amber));
        // Low in Q3 (worse than 75) and declining: red; declining but high in Q3: amber.
        assert_eq!(g(72.0, Some(Worse)), Some(Rag::Red));
        assert_eq!(g(72.0, Some(Similar)), Some(Rag::Amber));
        assert_eq!(g(78.0, Some(Worse)), Some(Rag::Amber));
        assert_eq!(g(60.0, Some(Better)), Some(Rag::Red));
        // Rules switched off.
        let off = RagRules { green_high_second_improving: false, red_low_third_declining: false, ..r };
        assert_eq!(rag(Polarity::HighGood, 87.0, Some(&HIGH), None, Some(Better), &off), Some(Rag::Amber));
        assert_eq!(rag(Polarity::HighGood, 72.0, Some(&HIGH), None, Some(Worse), &off), Some(Rag::Amber));
        // Low good: 12 is high in Q2 (better than 15).
        assert_eq!(rag(Polarity::LowGood, 12.0, Some(&LOW), None, Some(Better), &r), Some(Rag::Green));
    }

    #[test]
    fn rag_by_target_when_there_are_no_quartiles() {
        let r = RagRules::default();
        assert_eq!(rag(Polarity::HighGood, 85.0, None, Some(85.0), None, &r), Some(Rag::Green));
        assert_eq!(rag(Polarity::HighGood, 81.0, None, Some(85.0), None, &r), Some(Rag::Amber));
        assert_eq!(rag(Polarity::HighGood, 80.0, None, Some(85.0), None, &r), Some(Rag::Red));
        assert_eq!(rag(Polarity::LowGood, 21.0, None, Some(20.0), None, &r), Some(Rag::Amber));
        assert_eq!(rag(Polarity::LowGood, 19.0, None, Some(20.0), None, &r), Some(Rag::Green));
        assert_eq!(rag(Polarity::LowGood, 19.0, None, None, None, &r), None);
        assert_eq!(rag(Polarity::None, 19.0, None, Some(20.0), None, &r), None);
    }
}
