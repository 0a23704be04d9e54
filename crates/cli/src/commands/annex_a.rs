//! `carefile export annex-a`: Ofsted's Annex A lists from the record.

use super::{as_of_or_today, read_store};
use crate::clock::Clock;
use anyhow::{Context, Result};
use carefile_annex_a::{AnnexA, Labels, Options, Streams};
use carefile_domain::adopters::AdopterRecord;
use carefile_domain::early_help::FamilyEarlyHelp;
use carefile_domain::people::{Household, MemberRole, PersonRef};
use carefile_store::{EventStore, Subjects};
use carefile_ssda903::refdata::{Postcodes, postcode_key};
use chrono::NaiveDate;
use std::collections::HashSet;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// SQLite database file or postgres:// URL.
    #[arg(long, env = "CAREFILE_DATABASE_URL")]
    db: String,
    /// The reference date (usually the day before the inspection's notification); default today.
    #[arg(long)]
    as_of: Option<NaiveDate>,
    /// The look-back of lists 1-8, in months (lists 10 and 11 look back 12).
    #[arg(long, default_value_t = 6, value_parser = clap::value_parser!(u32).range(1..=24))]
    months: u32,
    /// A workbook (`.xlsx`, sheets List 1 … List 11) or a folder for one CSV per list.
    #[arg(long)]
    out: PathBuf,
    /// Ofsted's template whose drop-down labels to write.
    #[arg(long, default_value = carefile_annex_a::labels::LATEST)]
    template: String,
    /// ONS Postcode Directory CSV (pcd, laua or oslaua, oseast1m, osnrth1m): fills list 8's placement
    /// location and authority.
    #[arg(long)]
    postcodes: Option<PathBuf>,
    /// Also write every derived count's events here (CSV), so each figure can be checked.
    #[arg(long)]
    counts: Option<PathBuf>,
}

pub fn run(a: Args, clock: &dyn Clock) -> Result<()> {
    let as_of = as_of_or_today(a.as_of, clock);
    let labels = Labels::template(&a.template)?;
    let store = read_store(&a.db)?;
    let org = store.organisation()?;
    let authority = org.authority.clone().context("the database does not say which authority it serves")?;
    let children = store.children()?;
    let postcodes = match &a.postcodes {
        Some(path) => {
            let used: HashSet<String> = children
                .iter()
                .flat_map(|c| &c.care)
                .flat_map(|p| &p.changes)
                .filter_map(|ch| ch.placement.postcode.as_deref())
                .map(postcode_key)
                .collect();
            let file = std::fs::File::open(path).with_context(|| format!("cannot open '{}'", path.display()))?;
            Some(Postcodes::read(&path.display().to_string(), file, |k| used.contains(k))?)
        }
        None => None,
    };
    let streams = streams(store.as_ref())?;
    let opts = Options { as_of, months: a.months, labels: &labels, postcodes: postcodes.as_ref(), streams: &streams };
    let annex = carefile_annex_a::build(&children, &org, &authority, &opts)?;
    let is_xlsx = a.out.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if is_xlsx {
        carefile_annex_a::write_xlsx(&annex, &a.out)?;
    } else {
        carefile_annex_a::write_csvs(&annex, &a.out)?;
    }
    if let Some(path) = &a.counts {
        let lines = carefile_annex_a::write_counts(&annex, path)?;
        eprintln!("wrote {}: {lines} counted events behind the lists' derived counts", path.display());
    }
    eprint!("{}", summary(&annex, &a.out, &labels));
    Ok(())
}

/// The records beside the children's that Annex A reads: every adopter record, its household and the
/// adults in the adopter role (read one by one: only they are needed, not every adult on the record),
/// and every family's early help.
pub(super) fn streams(store: &dyn EventStore) -> Result<Streams> {
    let adopters: Vec<AdopterRecord> = store.subjects::<AdopterRecord>(None)?.into_iter().map(|r| r.0).collect();
    let mut out = Streams::default();
    for r in &adopters {
        let Some((h, _)) = store.subject::<Household>(&r.id)? else { continue };
        for m in h.members.iter().filter(|m| m.role == MemberRole::Adopter) {
            if let PersonRef::Adult(p) = &m.member
                && !out.people.contains_key(p)
                && let Some((person, _)) = store.subject::<carefile_domain::people::Person>(p)?
            {
                out.people.insert(p.clone(), person);
            }
        }
        out.households.insert(r.id.clone(), h);
    }
    out.adopters = adopters;
    out.early_help = store.subjects::<FamilyEarlyHelp>(None)?.into_iter().map(|r| r.0).collect();
    out.reviewing = store
        .subjects::<carefile_domain::reviewing::ReviewingRecord>(None)?
        .into_iter()
        .map(|(r, _)| (r.child.clone(), r))
        .collect();
    Ok(out)
}

/// What was written, and every column left blank with what will fill it.
fn summary(a: &AnnexA, out: &std::path::Path, labels: &Labels) -> String {
    let mut s = format!(
        "wrote {}: Annex A as of {} ({} months; {})\n",
        out.display(),
        a.as_of.format("%d/%m/%Y"),
        a.months,
        labels.description
    );
    for l in &a.lists {
        s += &format!("  {:<8} {:<62} {:>7} rows\n", l.sheet, l.title, l.rows.len());
    }
    // Columns grouped by what will fill them, list by list.
    let mut blanks = String::new();
    for l in &a.lists {
        let all: Vec<_> = l.pending.iter().chain(&l.needs_input).collect();
        let mut suppliers: Vec<&str> = all.iter().map(|p| p.supplier).collect();
        suppliers.dedup();
        for supplier in suppliers {
            let columns: Vec<String> =
                all.iter().filter(|p| p.supplier == supplier).map(|p| format!("\"{}\"", p.column)).collect();
            let which = if columns.len() == l.headers.len() { "every column".to_string() } else { columns.join(", ") };
            blanks += &format!("  {}: {which}: {supplier}\n", l.sheet);
        }
    }
    if !blanks.is_empty() {
        s += "Columns left blank, and what will fill them:\n";
        s += &blanks;
    }
    let partial: Vec<String> = a
        .lists
        .iter()
        .flat_map(|l| l.partial.iter().map(move |p| format!("  {}: \"{}\": {}\n", l.sheet, p.column, p.supplier)))
        .collect();
    if !partial.is_empty() {
        s += "Columns filled only where the record holds the fact:\n";
        s += &partial.concat();
    }
    s
}
