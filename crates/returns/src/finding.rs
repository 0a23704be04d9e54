use crate::rule::RuleMeta;

/// One (table, row) a rule flagged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static RuleMeta,
    /// The child's identifier; `None` for return-level findings.
    pub child: Option<Box<str>>,
    /// The table's name as returns.md spells it (`Episodes`, `CINdetails`…); empty for return-level findings.
    pub table: &'static str,
    /// 0-based row of that table in input order; `None` for return-level findings.
    pub row: Option<u32>,
    /// The affected fields of this table.
    pub fields: &'static [&'static str],
}

impl Finding {
    /// The key the differential tests compare: (child, table, row, rule code).
    pub fn key(&self) -> (Option<&str>, &'static str, Option<u32>, &'static str) {
        (self.child.as_deref(), self.table, self.row, self.rule.code)
    }
}

/// A rule that was not run, and why (e.g. it needs reference data that was not supplied).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub rule: &'static RuleMeta,
    pub reason: String,
}

/// What a validation run found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Every finding, ordered by rule code, then table, then row.
    pub findings: Vec<Finding>,
    /// The rules that ran.
    pub ran: Vec<&'static RuleMeta>,
    /// The rules that were skipped, with reasons.
    pub skipped: Vec<Skipped>,
    /// Problems with the file's structure found before the rules (a CIN census's element order,
    /// code lists, booleans), in line order.
    pub structure: Vec<Structural>,
    /// Structural problems found beyond those listed.
    pub structure_more: usize,
}

/// A problem with the file's structure, with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Structural {
    pub line: usize,
    pub element: String,
    pub message: String,
    /// Said but not counted: a stricter reading than the DfE's (LIIA's schemas).
    pub warning: bool,
}
