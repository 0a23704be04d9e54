//! Waking a follower as soon as another process writes: PostgreSQL's
//! LISTEN/NOTIFY (every write transaction that adds to the log notifies on
//! commit). A wake-up only says "look now"; the follower still catches up by
//! `seq`, so a notification lost with a dropped connection loses nothing.

use crate::error::StoreError;
use crate::postgres::EVENTS_CHANNEL;
use postgres::fallible_iterator::FallibleIterator;
use postgres::{Client, NoTls};
use std::time::Duration;

/// A connection listening for writes to one store; it connects again by
/// itself after losing the server.
pub struct Listener {
    url: String,
    conn: Option<(Client, String)>,
}

impl Listener {
    /// Listens on the database at `url` (a `postgres://` URL).
    pub fn connect(url: &str) -> Result<Listener, StoreError> {
        let mut l = Listener { url: url.to_string(), conn: None };
        l.conn = Some(l.listen()?);
        Ok(l)
    }

    fn listen(&self) -> Result<(Client, String), StoreError> {
        let mut client = Client::connect(&self.url, NoTls)?;
        client.batch_execute(&format!("LISTEN {EVENTS_CHANNEL}"))?;
        let schema: String = client.query_one("SELECT current_schema()", &[])?.try_get(0)?;
        Ok((client, schema))
    }

    /// Waits up to `timeout` for a write to this store; true if one came.
    /// Several notifications waiting are taken together. After an error the
    /// next call connects again (and, until it can, sleeps `timeout` and says
    /// true, so the caller looks at the log rather than trust silence).
    pub fn wait(&mut self, timeout: Duration) -> Result<bool, StoreError> {
        let (client, schema) = match &mut self.conn {
            Some(c) => c,
            None => match self.listen() {
                Ok(c) => self.conn.insert(c),
                Err(e) => {
                    std::thread::sleep(timeout);
                    return Err(e);
                }
            },
        };
        let got = Self::take(client, schema, timeout);
        if got.is_err() {
            self.conn = None;
        }
        got
    }

    fn take(client: &mut Client, schema: &str, timeout: Duration) -> Result<bool, StoreError> {
        let mut woke = false;
        let first = client.notifications().timeout_iter(timeout).next()?;
        if let Some(n) = first {
            woke |= n.payload() == schema;
            let mut notes = client.notifications();
            let mut pending = notes.iter();
            while let Some(n) = pending.next()? {
                woke |= n.payload() == schema;
            }
        }
        Ok(woke)
    }
}
