use super::open_store;
use anyhow::{Result, bail};
use carefile_domain::ChildId;
use carefile_domain::journey::chronology::chronology;

#[derive(clap::Args)]
pub struct Args {
    /// SQLite database file.
    #[arg(long)]
    db: String,
    /// The child's ID.
    child: ChildId,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

pub fn run(a: Args) -> Result<()> {
    let store = open_store(&a.db, false)?;
    let Some((record, _)) = store.child(&a.child)? else {
        bail!("no child with ID {}", a.child);
    };
    let log: Vec<_> = store.child_log(&a.child)?.into_iter().map(|e| (e.seq, e.recorded, e.event)).collect();
    let entries = chronology(&log);
    if a.json {
        println!("{}", serde_json::to_string_pretty(&entries)?);
        return Ok(());
    }
    let d = &record.details;
    let born = d.dob.map(|x| format!("born {x}")).or(d.expected_dob.map(|x| format!("expected {x}"))).unwrap_or_default();
    println!("Chronology of {} {} ({}), {born}", d.forename, d.surname, record.id);
    println!();
    for e in entries {
        let date = e.date.map(|x| x.format("%d/%m/%Y").to_string()).unwrap_or_else(|| "          ".into());
        let time = e.time.as_deref().unwrap_or("     ");
        let late = match e.date {
            Some(x) if (e.recorded_on - x).num_days() > 5 => format!(" [recorded {} by {}]", e.recorded_on.format("%d/%m/%Y"), e.recorded_by),
            _ => format!(" [{}]", e.recorded_by),
        };
        let struck = e.superseded.map(|s| format!(" ({s})")).unwrap_or_default();
        println!("{date} {time}  {}{struck}{late}", e.text);
    }
    Ok(())
}
