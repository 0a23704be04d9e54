//! The drill-down's text and CSV on a hand-built explanation.

use carefile_domain::ids::ChildId;
use carefile_indicators::{Because, Entry, Explanation, Figure, Filter, Period, Unit, Value, definition};
use carefile_report::explain;
use chrono::NaiveDate;

fn entry(child: &str, what: &str, date: &str) -> Entry {
    Entry {
        child: child.parse::<ChildId>().unwrap(),
        weight: 1,
        because: vec![Because { what: what.to_owned(), date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap() }],
    }
}

fn second_plans() -> Explanation {
    Explanation {
        definition: definition("cp_second_time").unwrap().clone(),
        period: "2025-26-Q4".parse::<Period>().unwrap(),
        filter: Filter::default(),
        figure: Figure::Value(Value::new(Unit::Percent, 1, Some(2))),
        numerator: vec![entry("C0000002", "second CP plan started", "2026-02-03")],
        denominator: vec![
            entry("C0000001", "first CP plan started", "2026-01-15"),
            entry("C0000002", "second CP plan started", "2026-02-03"),
        ],
    }
}

#[test]
fn text_lists_each_child_with_the_dated_fact() {
    let e = second_plans();
    let text = explain::text(&e);
    let d = &e.definition;
    assert!(text.starts_with(&format!("{} (cp_second_time)\n2025-26-Q4, Whole authority\n", d.name)), "{text}");
    assert!(text.contains("Figure: 50.0%: numerator 1, denominator 2\n"), "{text}");
    assert!(
        text.contains(&format!(
            "Numerator: {}\n  1 child, weights summing to 1\n  C0000002       1  second CP plan started 2026-02-03\n",
            d.numerator
        )),
        "{text}"
    );
    assert!(
        text.contains("  2 children, weights summing to 2\n  C0000001       1  first CP plan started 2026-01-15\n"),
        "{text}"
    );
}

#[test]
fn csv_has_one_line_per_fact() {
    let csv = explain::csv(&second_plans()).unwrap();
    assert_eq!(
        csv,
        "part,child,weight,what,date\n\
         numerator,C0000002,1,second CP plan started,2026-02-03\n\
         denominator,C0000001,1,first CP plan started,2026-01-15\n\
         denominator,C0000002,1,second CP plan started,2026-02-03\n"
    );
}

#[test]
fn a_figure_not_available_says_why() {
    let e = Explanation {
        figure: Figure::NotAvailable("no CP plans are recorded".to_owned()),
        numerator: vec![],
        denominator: vec![],
        ..second_plans()
    };
    assert!(explain::text(&e).contains("Figure: not available: no CP plans are recorded\n"));
}
