//! The drill-down (`carefile report --explain ID`): the children behind a
//! figure and the dated facts that put each there, so a figure can be checked by hand.

use crate::format;
use carefile_indicators::{Entry, Explanation, Figure};

fn figure_text(e: &Explanation) -> String {
    match &e.figure {
        Figure::Value(v) => {
            let value = v
                .value
                .map_or_else(|| "no value (nothing to measure)".to_owned(), |x| format::value(e.definition.unit, x));
            match v.denominator {
                Some(d) => {
                    format!("{value}: numerator {}, denominator {}", format::count(v.numerator), format::count(d))
                }
                None => format!("{value}: numerator {}", format::count(v.numerator)),
            }
        }
        Figure::NotAvailable(reason) => format!("not available: {reason}"),
    }
}

fn entries(out: &mut String, heading: &str, what: &str, entries: &[Entry]) {
    let total: u64 = entries.iter().map(|e| e.weight).sum();
    let children = format::agree(entries.len(), "child", "children");
    out.push_str(&format!("\n{heading}: {what}\n  {children}, weights summing to {}\n", format::count(total)));
    for e in entries {
        let because: Vec<String> = e.because.iter().map(|b| format!("{} {}", b.what, b.date)).collect();
        out.push_str(&format!("  {}  {:>6}  {}\n", e.child, e.weight, because.join("; ")));
    }
}

/// The explanation as text: the definition, the figure, then each child with
/// its weight and the dated facts behind it.
pub fn text(e: &Explanation) -> String {
    let d = &e.definition;
    let mut out = format!(
        "{} ({})\n{}, {}\n{}\nFigure: {}\n",
        d.name,
        d.id,
        e.period.label(),
        e.filter.label(),
        d.definition,
        figure_text(e)
    );
    entries(&mut out, "Numerator", d.numerator, &e.numerator);
    if let Some(den) = d.denominator {
        entries(&mut out, "Denominator", den, &e.denominator);
    }
    out
}

/// One line per fact: part (numerator/denominator), child, weight, what, date.
pub fn csv(e: &Explanation) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["part", "child", "weight", "what", "date"])?;
    for (part, list) in [("numerator", &e.numerator), ("denominator", &e.denominator)] {
        for entry in list {
            for b in &entry.because {
                w.write_record([part, entry.child.as_str(), &entry.weight.to_string(), &b.what, &b.date.to_string()])?;
            }
        }
    }
    let bytes = w.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
