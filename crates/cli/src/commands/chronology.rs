use super::read_store;
use anyhow::{Result, bail};
use carefile_domain::ChildId;
use carefile_domain::journey::chronology::chronology_named;
use std::collections::HashMap;
use std::io::Write;

#[derive(clap::Args)]
pub struct Args {
    /// SQLite database file or postgres:// URL.
    #[arg(long, env = "CAREFILE_DATABASE_URL", hide_env_values = true)]
    db: String,
    /// The child's ID.
    child: ChildId,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

/// Entries recorded more than this many days after they happened are marked late.
const LATE_AFTER_DAYS: i64 = 5;

pub fn run(a: Args) -> Result<()> {
    let store = read_store(&a.db)?;
    let Some((record, _)) = store.child(&a.child)? else {
        bail!("no child with ID {}", a.child);
    };
    let log: Vec<_> = store.child_log(&a.child)?.into_iter().map(|e| (e.seq, e.recorded, e.event)).collect();
    let org = store.organisation()?;
    let names: HashMap<String, String> = org.staff.values().map(|s| (s.id.to_string(), s.name.clone())).collect();
    // Staff the entries name ("Allocated to …") by their names, a leaver's too.
    let entries = chronology_named(&log, &|id| names.get(id).cloned());
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if a.json {
        serde_json::to_writer_pretty(&mut out, &entries)?;
        writeln!(out)?;
        return Ok(out.flush()?);
    }
    let name = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_string());
    let d = &record.details;
    let born =
        d.dob.map(|x| format!("born {x}")).or(d.expected_dob.map(|x| format!("expected {x}"))).unwrap_or_default();
    writeln!(out, "Chronology of {} {} ({}), {born}\n", d.forename, d.surname, record.id)?;
    for e in entries {
        let date = e.date.unwrap_or(e.recorded_on).format("%d/%m/%Y");
        let time = e.time.as_deref().unwrap_or("     ");
        let by = name(&e.recorded_by);
        let late = match e.date {
            Some(x) if (e.recorded_on - x).num_days() > LATE_AFTER_DAYS => {
                format!(" [recorded {} by {by}]", e.recorded_on.format("%d/%m/%Y"))
            }
            _ => format!(" [{by}]"),
        };
        let struck = e.superseded.map(|s| format!(" ({s})")).unwrap_or_default();
        writeln!(out, "{date} {time}  {}{struck}{late}", e.text)?;
    }
    Ok(out.flush()?)
}
