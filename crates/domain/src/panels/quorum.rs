//! Quorum: the members a panel needs present before it may conduct business, configured per
//! panel (the defaults cite their regulation; a local panel cites its terms of reference), and
//! the check of one sitting's attendance against it.

use super::Panel;
use super::sitting::{Attendee, PanelRole};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The result of checking an attendance, kept with the sitting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quorum {
    pub met: bool,
    /// The rule checked, as configured (with its source).
    pub rule: String,
    /// What was missing ("4 members of 5; no independent member"); empty when met.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub shortfall: String,
}

/// One panel's quorum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuorumRule {
    /// Members present (chair, vice chair, social worker and other members; not advisers).
    pub members: u32,
    /// The chair or the vice chair present.
    pub chair_or_vice: bool,
    /// Social worker members with three years' post-qualifying experience.
    pub social_workers: u32,
    /// Independent members (not employed by the agency).
    pub independent: u32,
    /// Where the rule comes from (a regulation, or local terms of reference).
    pub source: String,
}

impl QuorumRule {
    /// The rule in words, with its source.
    pub fn describe(&self) -> String {
        let mut parts = vec![format!("{} members", self.members)];
        if self.chair_or_vice {
            parts.push("the chair or vice chair".into());
        }
        if self.social_workers > 0 {
            parts.push(format!("{} social worker member(s)", self.social_workers));
        }
        if self.independent > 0 {
            parts.push(format!("{} independent member(s)", self.independent));
        }
        format!("{} ({})", parts.join(", including "), self.source)
    }

    /// Checks who attended.
    pub fn check(&self, attendees: &[Attendee]) -> Quorum {
        let members: Vec<&Attendee> = attendees.iter().filter(|a| a.role.is_member()).collect();
        let count = |f: &dyn Fn(&Attendee) -> bool| members.iter().filter(|a| f(a)).count() as u32;
        let mut short = Vec::new();
        let n = members.len() as u32;
        if n < self.members {
            short.push(format!("{n} members of {}", self.members));
        }
        if self.chair_or_vice && count(&|a| matches!(a.role, PanelRole::Chair | PanelRole::ViceChair)) == 0 {
            short.push("no chair or vice chair".into());
        }
        let sw = count(&|a| a.role == PanelRole::SocialWorker);
        if sw < self.social_workers {
            short.push(format!("{sw} social worker member(s) of {}", self.social_workers));
        }
        let ind = count(&|a| a.independent);
        if ind < self.independent {
            short.push(format!("{ind} independent member(s) of {}", self.independent));
        }
        Quorum { met: short.is_empty(), rule: self.describe(), shortfall: short.join("; ") }
    }
}

/// Every panel's quorum, by the panel's stored name (`fostering`, `adoption`…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct QuorumRules(pub BTreeMap<String, QuorumRule>);

impl QuorumRules {
    /// The rule of `panel`; a panel with none configured needs its chair and two members.
    pub fn rule(&self, panel: Panel) -> QuorumRule {
        self.0.get(panel.value()).cloned().unwrap_or(QuorumRule {
            members: 3,
            chair_or_vice: true,
            social_workers: 0,
            independent: 0,
            source: "no quorum configured for this panel: carefile's minimum".into(),
        })
    }

    /// Names every key that is not a panel.
    pub fn check_names(&self) -> Result<(), String> {
        for k in self.0.keys() {
            if !Panel::ALL.iter().any(|p| p.value() == k) {
                let names: Vec<&str> = Panel::ALL.iter().map(|p| p.value()).collect();
                return Err(format!("panels.quorum.{k}: not a panel (expected one of {})", names.join(", ")));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(name: &str, role: PanelRole, independent: bool) -> Attendee {
        Attendee { name: name.into(), role, independent }
    }

    #[test]
    fn five_members_with_the_chair_a_social_worker_and_an_independent_member() {
        let rule = QuorumRule {
            members: 5,
            chair_or_vice: true,
            social_workers: 1,
            independent: 1,
            source: "Fostering Services (England) Regulations 2011 reg 24".into(),
        };
        let mut present = vec![
            a("Chair", PanelRole::Chair, true),
            a("SW", PanelRole::SocialWorker, false),
            a("M1", PanelRole::Member, false),
            a("M2", PanelRole::Member, false),
            a("Adviser", PanelRole::PanelAdviser, false),
            a("Minutes", PanelRole::MinuteTaker, false),
        ];
        let q = rule.check(&present);
        assert!(!q.met);
        assert_eq!(q.shortfall, "4 members of 5", "advisers and minute-takers are not members");
        present.push(a("M3", PanelRole::Member, false));
        assert!(rule.check(&present).met);
        present.retain(|x| x.role != PanelRole::Chair);
        present.push(a("M4", PanelRole::Member, false));
        let q = rule.check(&present);
        assert_eq!(q.shortfall, "no chair or vice chair; 0 independent member(s) of 1");
        assert!(q.rule.contains("reg 24"));
    }
}
