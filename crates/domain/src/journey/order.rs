//! The journey's order rules in time: entries recorded before the rules existed are kept, each
//! breach listed as a data-quality finding to put right through a correction; new entries are
//! refused as ever.

use super::events::ChildEvent;
use chrono::{DateTime, Utc};
use std::fmt;

/// When the journey's order rules (and the date bounds and the correction rules that came with
/// them) were released: 2026-12-07, commit 7877745. An entry recorded before then was accepted
/// without them, so a breach of one is a finding, never a reason to refuse the log it sits in.
pub const ORDER_RULES_FROM: DateTime<Utc> = match DateTime::from_timestamp(1_796_601_600, 0) {
    Some(t) => t,
    None => panic!("a valid timestamp"),
};

/// Whether the order rules bind an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Refused when broken: every entry recorded now, and every entry since the rules existed.
    Enforced,
    /// Kept when broken, with a finding: entries recorded before [`ORDER_RULES_FROM`].
    Noted,
}

impl Order {
    /// The rules as they stood when an entry was recorded at `at`.
    pub fn at(at: DateTime<Utc>) -> Order {
        if at < ORDER_RULES_FROM { Order::Noted } else { Order::Enforced }
    }
}

/// The rules an entry recorded before [`ORDER_RULES_FROM`] may break, each named for a finding.
pub mod rule {
    pub const STRATEGY_AFTER_REFERRAL: &str = "strategy-discussion-after-referral";
    pub const S47_AFTER_STRATEGY: &str = "s47-after-strategy-discussion";
    pub const REFERRAL_AFTER_CONTACT: &str = "referral-after-contact";
    pub const UNBORN_STEPS: &str = "unborn-pre-birth-steps-only";
    pub const UNBORN_SEEN_ALONE: &str = "unborn-never-seen-alone";
    pub const AFTER_BIRTH: &str = "on-or-after-birth";
    pub const FROM_1900: &str = "dates-from-1900";
    pub const NOT_AFTER_RECORDING: &str = "not-after-recording";
    pub const CORRECTION_KEEPS_KIND: &str = "correction-keeps-kind";
    pub const CORRECTION_KEEPS_NUMBERS: &str = "correction-keeps-numbers";
}

/// A rule an entry recorded before the rules existed breaks: kept, and listed for correction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The entry's sequence number in the log.
    pub seq: u64,
    /// The entry's kind (`strategy_discussion_held`…).
    pub event: &'static str,
    /// The rule's name (see [`rule`]).
    pub rule: &'static str,
    /// What the rule would have said, as the refusal of a new entry says it.
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "entry {} ({}): rule {}: {}", self.seq, self.event, self.rule, self.message)
    }
}

/// One entry of a child's log as a replay reads it: its sequence number, the event, and whether
/// the order rules bind it. A plain `(seq, event)` is bound ([`Order::Enforced`]).
pub trait LogEntry {
    fn seq(&self) -> u64;
    fn event(&self) -> &ChildEvent;
    fn order(&self) -> Order;
}

impl LogEntry for (u64, ChildEvent) {
    fn seq(&self) -> u64 {
        self.0
    }
    fn event(&self) -> &ChildEvent {
        &self.1
    }
    fn order(&self) -> Order {
        Order::Enforced
    }
}

impl LogEntry for (u64, ChildEvent, Order) {
    fn seq(&self) -> u64 {
        self.0
    }
    fn event(&self) -> &ChildEvent {
        &self.1
    }
    fn order(&self) -> Order {
        self.2
    }
}

/// What [`Order`] makes of a broken rule: the refusal, or a note kept for a finding.
pub(crate) struct Breaches<'a> {
    pub order: Order,
    pub noted: &'a mut Vec<(&'static str, String)>,
}

impl Breaches<'_> {
    /// `Err(message)` when the rules bind the entry; otherwise noted, and the entry goes on.
    pub fn breach(&mut self, rule: &'static str, message: String) -> Result<(), String> {
        match self.order {
            Order::Enforced => Err(message),
            Order::Noted => {
                self.noted.push((rule, message));
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rules_bind_from_their_release() {
        assert_eq!(ORDER_RULES_FROM.to_rfc3339(), "2026-12-07T00:00:00+00:00");
        let second = chrono::Duration::seconds(1);
        assert_eq!(Order::at(ORDER_RULES_FROM - second), Order::Noted);
        assert_eq!(Order::at(ORDER_RULES_FROM), Order::Enforced);
    }
}
