//! The fostering and adoption services' records in a database (decision 007): the synthetic
//! authority's households, carers, adopters and panel sittings written by the demo, and today's
//! free-text panel decisions on children's records moved once to sittings (by `carefile migrate`
//! and the demo).

use anyhow::Result;
use carefile_domain::panels::legacy::{self, Entry};
use carefile_domain::panels::{PanelEvent, Sitting};
use carefile_domain::{ChildEvent, ChildId, Recorded};
use carefile_store::{EventStore, Expected, Subjects, TxSubjects};
use carefile_synth::services::Services;

/// The authority's fostering and adoption timescales and panels' quorums: `path`'s keys over the
/// shipped `fostering-adoption.toml`, or the shipped file alone.
pub fn config(path: Option<&std::path::Path>) -> Result<carefile_domain::fostering::Config> {
    use anyhow::Context;
    let Some(path) = path else { return Ok(carefile_domain::fostering::Config::default()) };
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    carefile_domain::fostering::Config::from_toml(&text).with_context(|| format!("in {}", path.display()))
}

/// Events the log is read in, while looking for free-text panel decisions.
const PAGE: usize = 20_000;

/// Writes the services' records in one transaction (all or none), unless the database holds
/// carers' records already (a resumed demo wrote them before it was stopped).
pub fn load(store: &mut dyn EventStore, services: &Services) -> Result<bool> {
    use carefile_domain::adopters::AdopterRecord;
    use carefile_domain::fostering::CarerRecord;
    use carefile_domain::people::Household;
    if !store.subjects::<Household>(None)?.is_empty() {
        return Ok(false);
    }
    store.transaction(&mut |tx| {
        for (id, events) in &services.households {
            tx.append::<Household>(id, Expected::New, events)?;
        }
        for (id, events) in &services.carers {
            tx.append::<CarerRecord>(id, Expected::New, events)?;
        }
        for (id, events) in &services.adopters {
            tx.append::<AdopterRecord>(id, Expected::New, events)?;
        }
        for (id, events) in &services.sittings {
            tx.append::<Sitting>(id, Expected::New, events)?;
        }
        Ok(())
    })?;
    Ok(true)
}

/// Every free-text panel decision on a child's record, with its place in the log.
fn entries(store: &dyn EventStore) -> Result<Vec<Entry>> {
    let upto = store.last_seq()?;
    let (mut after, mut out) = (0, Vec::new());
    while after < upto {
        let page = store.changes_after(after, upto, PAGE)?;
        for c in page.changes.iter().filter(|c| c.stream == "child" && c.kind == "panel_decision") {
            if let ChildEvent::PanelDecision { date, panel, decision } = serde_json::from_str(&c.payload)? {
                out.push(Entry { child: ChildId::new(&c.subject)?, seq: c.seq, date, panel, text: decision });
            }
        }
        if page.through <= after {
            break;
        }
        after = page.through;
    }
    Ok(out)
}

/// Moves the free-text panel decisions not yet moved to sittings of their own (one per panel and
/// day), recorded by `recorded`, in one transaction; returns how many sittings it made. Run again,
/// it finds them moved and makes none.
pub fn move_legacy_decisions(store: &mut dyn EventStore, recorded: &Recorded) -> Result<usize> {
    let entries = entries(store)?;
    if entries.is_empty() {
        return Ok(0);
    }
    let sittings: Vec<Sitting> = store.subjects::<Sitting>(None)?.into_iter().map(|s| s.0).collect();
    let todo = legacy::sittings(&entries, &legacy::moved(&sittings));
    store.transaction(&mut |tx| {
        for events in &todo {
            let events: Vec<(Recorded, PanelEvent)> = events.iter().map(|e| (recorded.clone(), e.clone())).collect();
            tx.create::<Sitting>(&events)?;
        }
        Ok(())
    })?;
    Ok(todo.len())
}
