//! Which permission keys (decision 001: `child.record.visit`, `child.decide.referral`…) each role
//! holds, until the access policy as data (#14, `config/access.toml`) replaces this table. It
//! follows that file's defaults for the six roles accounts have today: a key is held when the
//! role holds it or a prefix of it, and a `-` entry takes a key back.

use super::FormKind;
use carefile_domain::access::Role;

fn grants(role: Role) -> &'static [&'static str] {
    match role {
        Role::SocialWorker => &[
            "child.record",
            "-child.record.review",
            "-child.record.conference",
            "-child.record.oversight",
            "-child.record.education",
            "child.correct",
            "child.withdraw",
        ],
        // The team manager records decisions and allocates. Until the agency decision maker's role
        // exists, adoption decisions are theirs too; until reviewing officers can be assigned to
        // chair a child's initial conference (a child not yet on a plan is outside their scope),
        // conferences too.
        Role::TeamManager => &[
            "child.record",
            "-child.record.review",
            "-child.record.education",
            "child.decide",
            "child.allocate",
            "child.correct",
            "child.withdraw",
        ],
        // Reviews, and (until the conference chair's role exists) conferences.
        Role::ReviewingOfficer => &["child.record.review", "child.record.conference", "child.correct"],
        Role::Analyst | Role::Admin | Role::Councillor => &[],
    }
}

/// Whether `key` begins with `prefix` as whole parts (`child.record` begins `child.record.visit`).
fn begins(key: &str, prefix: &str) -> bool {
    key == prefix || key.strip_prefix(prefix).is_some_and(|rest| rest.starts_with('.'))
}

/// Whether `role` holds `key`.
pub fn holds(role: Role, key: &str) -> bool {
    let mut held = false;
    for g in grants(role) {
        match g.strip_prefix('-') {
            Some(taken) if begins(key, taken) => held = false,
            None if begins(key, g) => held = true,
            _ => {}
        }
    }
    held
}

/// Whether `role` may send a step of `kind` for a manager's authorisation rather than record it
/// (a worker's screening decision, assessment, closure…): an authorising kind, for a role that
/// records the case's work (decision 001; the request itself is the work tray's, #13).
pub fn may_propose(role: Role, kind: FormKind) -> bool {
    kind.authorises.is_some() && holds(role, "child.record")
}

/// Whether `role` may record entries of `kind`; `Err` says why not, in words for the page.
pub fn may_record(role: Role, kind: FormKind) -> Result<(), String> {
    if holds(role, kind.permission) {
        Ok(())
    } else {
        Err(format!("{} is not recorded by a {} ({} is needed)", kind.title, role.label().to_lowercase(), kind.permission))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_held_by_prefix_and_taken_back_by_a_minus() {
        assert!(holds(Role::SocialWorker, "child.record.visit"));
        assert!(!holds(Role::SocialWorker, "child.record.review"));
        assert!(!holds(Role::SocialWorker, "child.decide.referral"));
        assert!(holds(Role::TeamManager, "child.decide.referral") && holds(Role::TeamManager, "child.allocate"));
        assert!(holds(Role::ReviewingOfficer, "child.record.review") && !holds(Role::ReviewingOfficer, "child.record.visit"));
        assert!(!holds(Role::SocialWorker, "child.recordx"), "a prefix is a whole part");
        assert!(!holds(Role::Councillor, "child.record.visit"));
    }

    #[test]
    fn a_worker_proposes_the_steps_a_manager_authorises() {
        use carefile_domain::ChildEvent;
        use carefile_domain::form::Declared;
        let kind = |k| ChildEvent::by_kind(k).unwrap();
        assert!(may_record(Role::SocialWorker, kind("assessment_authorised")).is_err());
        assert!(may_propose(Role::SocialWorker, kind("assessment_authorised")));
        assert!(!may_propose(Role::SocialWorker, kind("management_oversight")), "oversight authorises no step");
        assert!(!may_propose(Role::ReviewingOfficer, kind("case_closed")));
    }
}
