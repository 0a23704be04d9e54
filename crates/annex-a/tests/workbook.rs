//! The workbook and the CSVs read back: the sheets `List 1`…`List 11` with their headers, dates as
//! real Excel dates, numbers as numbers, every cell as the CSV has it; and every derived count
//! matches the lines of its drill-down.

#[allow(dead_code)]
mod support;

use calamine::{Data, Reader, Xlsx, open_workbook};
use carefile_annex_a::{Labels, Options, Value, build, write_counts, write_csvs, write_xlsx};
use std::collections::HashMap;
use support::{d, demo};

#[test]
fn the_workbook_the_csvs_and_the_drill_down_agree() {
    let demo = demo();
    let labels = Labels::template("2024").unwrap();
    let opts = Options { as_of: d("2026-03-31"), months: 6, labels: &labels, postcodes: None, streams: &Default::default() };
    let annex = build(&demo.children, &demo.org, &demo.authority, &opts).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("annex-a.xlsx");
    write_xlsx(&annex, &book).unwrap();
    let csvs = write_csvs(&annex, &dir.path().join("csv")).unwrap();
    let counts = dir.path().join("counts.csv");
    write_counts(&annex, &counts).unwrap();
    assert!(!dir.path().join("annex-a.xlsx.partial").exists(), "no temporary file is left");

    let mut xlsx: Xlsx<_> = open_workbook(&book).unwrap();
    let sheets = xlsx.sheet_names();
    assert_eq!(sheets, (1..=11).map(|n| format!("List {n}")).collect::<Vec<_>>());
    let mut dates = 0;
    for (list, csv_path) in annex.lists.iter().zip(&csvs) {
        let range = xlsx.worksheet_range(list.sheet).unwrap();
        let mut rows = range.rows();
        let header: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
        assert_eq!(header, list.headers);
        let mut csv = csv::Reader::from_path(csv_path).unwrap();
        assert_eq!(csv.headers().unwrap().iter().collect::<Vec<_>>(), list.headers);
        let csv_rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
        assert_eq!(csv_rows.len(), list.rows.len(), "{}", list.sheet);
        for ((row, cells), text) in list.rows.iter().zip(rows).zip(&csv_rows) {
            for (i, v) in row.values.iter().enumerate() {
                let cell = cells.get(i).unwrap_or(&Data::Empty);
                assert_eq!(text.get(i), Some(v.display().as_str()));
                match (v, cell) {
                    (Value::Date(day), Data::DateTime(x)) => {
                        assert_eq!(x.as_datetime().unwrap().date(), *day);
                        dates += 1;
                    }
                    (Value::Int(n), Data::Float(f)) => assert_eq!(*n as f64, *f),
                    (Value::Count(c), Data::Float(f)) => assert_eq!(c.n() as f64, *f),
                    (v, Data::Empty) => assert!(v.is_blank(), "{} {v:?}", list.sheet),
                    (v, Data::String(s)) => assert_eq!(&v.display(), s),
                    (v, other) => panic!("{}: {v:?} written as {other:?}", list.sheet),
                }
            }
        }
    }
    assert!(dates > 1000, "{dates} dates");

    // Each count's events are its lines in the drill-down (and the line of a number reported).
    let mut lines: HashMap<(String, String, String), usize> = HashMap::new();
    for r in csv::Reader::from_path(&counts).unwrap().records() {
        let r = r.unwrap();
        *lines.entry((r[0].to_string(), r[1].to_string(), r[3].to_string())).or_default() += 1;
        // A count shows its total; a yes/no answer derived from one shows "yes".
        match r[4].parse::<usize>() {
            Ok(shown) => assert_eq!(shown.to_string(), &r[8]),
            Err(_) => assert_eq!(&r[4], "a) Yes"),
        }
    }
    let mut explained = 0;
    for list in &annex.lists {
        for (i, row) in list.rows.iter().enumerate() {
            for (col, v) in row.values.iter().enumerate() {
                if let Some(c) = v.count() {
                    let key = (list.sheet.to_string(), (i + 2).to_string(), list.headers[col].to_string());
                    let expected = c.counted.len() + usize::from(c.reported.is_some());
                    assert_eq!(lines.get(&key).copied().unwrap_or(0), expected, "{key:?}");
                    assert!(c.n() >= c.counted.len());
                    explained += expected;
                }
            }
        }
    }
    assert_eq!(explained, lines.values().sum::<usize>());
    assert!(explained > 100, "{explained} counted events");
}
