//! What an import did with every row it read, per input and table: recorded (it gave the record
//! a new fact), already held (the database had every fact it gives), merged (another row reported
//! the same fact, and the record cites that one), not recorded (with why), or skipped with its
//! child. Every row is counted once, so the counts add up to the rows read.

use crate::facts::Origin;
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

/// One table's rows, by what became of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Count {
    pub rows: u64,
    pub recorded: u64,
    pub held: u64,
    pub merged: u64,
    pub not_recorded: u64,
    pub skipped: u64,
}

/// The counts by input and table, and the reasons rows were not recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// By (input, table), in the order of the input's name.
    pub tables: BTreeMap<(Arc<str>, &'static str), Count>,
    /// Rows not recorded, by reason (without the row).
    pub not_recorded: BTreeMap<String, u64>,
}

pub(crate) type Row = (Arc<str>, &'static str, u32);

pub(crate) fn row(o: &Origin) -> Row {
    (o.file.clone(), o.table, o.row)
}

/// One child's rows on their way to the record.
#[derive(Debug, Default)]
pub(crate) struct Rows {
    /// Every row read, each once.
    pub read: Vec<Origin>,
    /// Rows cited by the child's journey.
    pub cited: HashSet<Row>,
    /// Rows not recorded, with why.
    pub noted: Vec<(Origin, String)>,
}

impl Summary {
    /// Counts a child's rows: `written` cites the rows of the facts it adds (`None` when the child is skipped).
    pub(crate) fn add<'a>(&mut self, rows: &Rows, written: Option<impl Iterator<Item = &'a Origin>>) {
        let written: Option<HashSet<Row>> = written.map(|w| w.map(row).collect());
        let noted: HashSet<Row> = rows.noted.iter().map(|(o, _)| row(o)).collect();
        let mut seen = HashSet::new();
        for o in &rows.read {
            let k = row(o);
            if !seen.insert(k.clone()) {
                continue;
            }
            let c = self.tables.entry((o.file.clone(), o.table)).or_default();
            c.rows += 1;
            match &written {
                None => c.skipped += 1,
                Some(w) if w.contains(&k) => c.recorded += 1,
                Some(_) if rows.cited.contains(&k) => c.held += 1,
                Some(_) if noted.contains(&k) => c.not_recorded += 1,
                Some(_) => c.merged += 1,
            }
        }
        if written.is_some() {
            for (_, why) in &rows.noted {
                *self.not_recorded.entry(why.clone()).or_default() += 1;
            }
        }
    }

    /// All tables together.
    pub fn total(&self) -> Count {
        self.tables.values().fold(Count::default(), |mut a, c| {
            a += *c;
            a
        })
    }

    /// Adds the counts of another part of the same import.
    pub fn merge(&mut self, other: Summary) {
        for (table, c) in other.tables {
            *self.tables.entry(table).or_default() += c;
        }
        for (why, n) in other.not_recorded {
            *self.not_recorded.entry(why).or_default() += n;
        }
    }
}

impl std::ops::AddAssign for Count {
    fn add_assign(&mut self, c: Count) {
        self.rows += c.rows;
        self.recorded += c.recorded;
        self.held += c.held;
        self.merged += c.merged;
        self.not_recorded += c.not_recorded;
        self.skipped += c.skipped;
    }
}
