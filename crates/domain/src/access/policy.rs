//! The access policy as data: `config/access.toml` (embedded as the default)
//! read and checked. Every error names the line it is about.

use super::accounts::Role;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use toml::Spanned;

/// The shipped policy.
pub const DEFAULT_TOML: &str = include_str!("../../config/access.toml");

/// Every permission key carefile asks about. A policy may list a key, or a
/// key's first one or two parts (`child`, `child.record`), which hold every
/// key they begin. A form group, route or step that needs a new key adds it here.
pub const KEYS: &[&str] = &[
    // a child's record: reading it, and recording on it by the form's group
    // (each `ChildEvent` declaration names one of these)
    "child.read",
    "child.search",
    "child.record.details",
    "child.record.front_door",
    "child.record.early_help",
    "child.record.assessment",
    "child.record.protection",
    "child.record.conference",
    "child.record.plan",
    "child.record.visit",
    "child.record.legal",
    "child.record.care",
    "child.record.missing",
    "child.record.review",
    "child.record.health",
    "child.record.education",
    "child.record.adoption",
    "child.record.leaving_care",
    "child.record.oversight",
    "child.record.panel",
    "child.record.complaint",
    "child.record.send",
    "child.correct",
    "child.withdraw",
    // a manager's or agency decision maker's decisions
    "child.decide.contact",
    "child.decide.referral",
    "child.decide.assessment",
    "child.decide.s47",
    "child.decide.closure",
    "child.decide.adoption",
    "child.decide.permanence",
    "child.decide.family_finding",
    "child.allocate",
    "child.assign.reviewer",
    "child.transfer",
    "child.merge",
    "child.restrict",
    "child.break_glass",
    "child.export",
    // people and households
    "person.read",
    "person.record",
    "person.merge",
    "person.export",
    "household.read",
    "household.record",
    "household.decide",
    "household.review",
    "household.allocate",
    // what is written and planned about a record
    "note.read",
    "note.record",
    "note.supervise",
    "document.read",
    "document.record",
    "document.withdraw",
    "plan.read",
    "plan.record",
    "plan.authorise",
    "task.read",
    "task.record",
    "task.set",
    // services with records of their own
    "panel.read",
    "panel.record",
    "panel.decide",
    "panel.action",
    "complaint.read",
    "complaint.record",
    "complaint.decide",
    "workforce.read",
    "workforce.record",
    // returns, reports and outputs
    "returns.read",
    "returns.validate",
    "returns.export",
    "report.read",
    "report.explain",
    "dfe_api.export",
    "regional.export",
    // governance
    "audit.read.log",
    "audit.read.child",
    "audit.review",
    "users.read",
    "users.manage",
    "policy.read",
    "sar.read",
    "sar.record",
    "sar.export",
    "retention.read",
    "retention.record",
    "retention.decide",
];

/// Resources whose records are opened through a scope: reading one needs a
/// scope (or `reason_widens`) to mean anything.
const RECORD_RESOURCES: [&str; 6] = ["child", "person", "household", "note", "document", "plan"];

/// Which records a role may open at all. See the policy file's header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    None,
    Own,
    Team,
    Service,
    FrontDoor,
    Reviewing,
    LookedAfter,
    Household,
    Authority,
}

impl Scope {
    pub const ALL: [Scope; 9] = [
        Scope::None,
        Scope::Own,
        Scope::Team,
        Scope::Service,
        Scope::FrontDoor,
        Scope::Reviewing,
        Scope::LookedAfter,
        Scope::Household,
        Scope::Authority,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Scope::None => "none",
            Scope::Own => "own",
            Scope::Team => "team",
            Scope::Service => "service",
            Scope::FrontDoor => "front-door",
            Scope::Reviewing => "reviewing",
            Scope::LookedAfter => "looked-after",
            Scope::Household => "household",
            Scope::Authority => "authority",
        }
    }
}

/// One role as the policy defines it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleDef {
    pub code: Role,
    pub label: String,
    pub scope: Scope,
    /// A stated reason opens any record in the authority (logged).
    pub reason_widens: bool,
    /// Local accounts of this role must sign in with a TOTP second factor.
    pub totp_required: bool,
    /// Other roles whose queues (work waiting for anyone of that role) this
    /// role's tray shows too.
    pub queues: BTreeSet<Role>,
    /// Keys and key prefixes held, and those carved out of them (`-key`).
    pub holds: BTreeSet<String>,
    pub excludes: BTreeSet<String>,
}

/// `prefix` is `key` or its first parts.
fn begins(key: &str, prefix: &str) -> bool {
    key == prefix || key.strip_prefix(prefix).is_some_and(|rest| rest.starts_with('.'))
}

impl RoleDef {
    /// Whether the role holds `key`: some listed key begins it and no excluded one does.
    pub fn holds(&self, key: &str) -> bool {
        self.holds.iter().any(|p| begins(key, p)) && !self.excludes.iter().any(|p| begins(key, p))
    }

    /// Whether the role holds any key beginning `prefix` (to show a menu, say).
    pub fn holds_any(&self, prefix: &str) -> bool {
        KEYS.iter().any(|k| begins(k, prefix) && self.holds(k))
    }
}

/// Break glass: opening a restricted record without a grant.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BreakGlassPolicy {
    pub hours: u32,
    pub review_working_days: u32,
    pub min_reason_chars: u32,
    pub categories: Vec<String>,
}

/// Sign-in throttling (see the policy file).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThrottlePolicy {
    pub free_failures: u32,
    pub base_delay_seconds: u32,
    pub max_delay_seconds: u32,
    pub address_failures: u32,
    pub address_window_minutes: u32,
    pub device_days: u32,
}

/// Everything in the policy but the roles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Front-door workers see work closed within this many days.
    pub front_door_closed_days: u32,
    pub reason_min_chars: u32,
    pub reason_hours: u32,
    pub break_glass: BreakGlassPolicy,
    pub throttle: ThrottlePolicy,
    pub disable_after_leaving_days: u32,
}

/// The access policy in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    pub roles: BTreeMap<Role, RoleDef>,
    pub settings: Settings,
    /// SHA-256 of the file's exact text, hex.
    pub sha256: String,
    /// The file's text.
    pub text: String,
}

/// A policy file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct PolicyError {
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "access policy, line {l}: {}", self.message),
            None => write!(f, "access policy: {}", self.message),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    front_door: RawFrontDoor,
    reasons: RawReasons,
    break_glass: Spanned<BreakGlassPolicy>,
    throttle: Spanned<ThrottlePolicy>,
    accounts: RawAccounts,
    roles: BTreeMap<Spanned<String>, RawRole>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrontDoor {
    closed_days: Spanned<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReasons {
    min_chars: Spanned<u32>,
    hours: Spanned<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAccounts {
    disable_after_leaving_days: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRole {
    label: Spanned<String>,
    scope: Scope,
    #[serde(default)]
    reason_widens: bool,
    #[serde(default)]
    totp_required: bool,
    #[serde(default)]
    queues: Vec<Spanned<String>>,
    permissions: Vec<Spanned<String>>,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy::from_toml(DEFAULT_TOML).expect("the shipped access.toml is valid")
    }
}

impl Policy {
    /// Reads and checks a whole policy file.
    pub fn from_toml(text: &str) -> Result<Policy, PolicyError> {
        let line = |span: std::ops::Range<usize>| Some(text[..span.start.min(text.len())].matches('\n').count() + 1);
        let raw: RawFile = toml::from_str(text).map_err(|e| PolicyError {
            line: e.span().and_then(|s| line(s)),
            message: e.message().to_string(),
        })?;
        let fail = |span: std::ops::Range<usize>, message: String| PolicyError { line: line(span), message };
        let within = |v: &Spanned<u32>, what: &str, lo: u32, hi: u32| {
            if (lo..=hi).contains(v.get_ref()) {
                Ok(*v.get_ref())
            } else {
                Err(fail(v.span(), format!("{what} must be from {lo} to {hi}, not {}", v.get_ref())))
            }
        };
        let settings = Settings {
            front_door_closed_days: within(&raw.front_door.closed_days, "front_door.closed_days", 1, 36_500)?,
            reason_min_chars: within(&raw.reasons.min_chars, "reasons.min_chars", 10, 500)?,
            reason_hours: within(&raw.reasons.hours, "reasons.hours", 1, 24)?,
            break_glass: check_break_glass(raw.break_glass.get_ref()).map_err(|m| fail(raw.break_glass.span(), m))?,
            throttle: check_throttle(raw.throttle.get_ref()).map_err(|m| fail(raw.throttle.span(), m))?,
            disable_after_leaving_days: raw.accounts.disable_after_leaving_days,
        };
        let mut roles = BTreeMap::new();
        let mut queues = Vec::new();
        for (code, r) in raw.roles {
            let role = Role::new(code.get_ref()).map_err(|m| fail(code.span(), m))?;
            let label = r.label.get_ref().trim();
            if label.is_empty() || label.chars().count() > 80 {
                return Err(fail(r.label.span(), format!("role {role}: a label of 1 to 80 characters")));
            }
            let mut holds = BTreeSet::new();
            let mut excludes = BTreeSet::new();
            for p in &r.permissions {
                let (key, set) = match p.get_ref().strip_prefix('-') {
                    Some(k) => (k, &mut excludes),
                    None => (p.get_ref().as_str(), &mut holds),
                };
                if !KEYS.iter().any(|k| begins(k, key)) {
                    return Err(fail(p.span(), format!("role {role}: unknown permission '{key}'{}", suggest(key))));
                }
                if !set.insert(key.to_string()) {
                    return Err(fail(p.span(), format!("role {role}: '{}' is listed twice", p.get_ref())));
                }
            }
            for p in &r.permissions {
                if let Some(ex) = p.get_ref().strip_prefix('-')
                    && !holds.iter().any(|h| begins(ex, h) && h != ex)
                {
                    return Err(fail(p.span(), format!("role {role}: '-{ex}' excludes nothing the role holds")));
                }
            }
            let def = RoleDef {
                code: role.clone(),
                label: label.to_string(),
                scope: r.scope,
                reason_widens: r.reason_widens,
                totp_required: r.totp_required,
                queues: BTreeSet::new(),
                holds,
                excludes,
            };
            queues.push((role.clone(), r.queues));
            if def.scope == Scope::None && !def.reason_widens {
                // Reading a record needs a scope; role-level acts on a record (restricting it) do not.
                let on_records = r.permissions.iter().find(|p| {
                    RECORD_RESOURCES.iter().any(|res| p.get_ref() == res || *p.get_ref() == format!("{res}.read"))
                });
                if let Some(p) = on_records {
                    return Err(fail(
                        p.span(),
                        format!("role {role}: '{}' is about records but the role's scope is none", p.get_ref()),
                    ));
                }
            }
            roles.insert(role, def);
        }
        for (role, listed) in queues {
            for q in listed {
                let Ok(code) = Role::new(q.get_ref()) else {
                    return Err(fail(q.span(), format!("role {role}: '{}' in queues is not a role code", q.get_ref())));
                };
                if code == role || !roles.contains_key(&code) {
                    let what = if code == role { "its own queue is on its tray already" } else { "no such role in this policy" };
                    return Err(fail(q.span(), format!("role {role}: queue '{code}': {what}")));
                }
                if let Some(def) = roles.get_mut(&role)
                    && !def.queues.insert(code.clone())
                {
                    return Err(fail(q.span(), format!("role {role}: queue '{code}' is listed twice")));
                }
            }
        }
        if !roles.values().any(|r| r.holds("users.manage")) {
            return Err(PolicyError { line: None, message: "no role holds users.manage: no one could run accounts".into() });
        }
        Ok(Policy { roles, settings, sha256: sha256_hex(text), text: text.to_string() })
    }

    /// The role's definition, if the policy has the role.
    pub fn role(&self, role: &Role) -> Option<&RoleDef> {
        self.roles.get(role)
    }

    /// Whether `role` holds `key`, whatever the record (for keys not about a record).
    pub fn permits(&self, role: &Role, key: &str) -> bool {
        debug_assert!(KEYS.contains(&key), "'{key}' is not in access::KEYS");
        self.role(role).is_some_and(|r| r.holds(key))
    }

    /// Roles added, removed, or whose scope, permissions, reason rule,
    /// second-factor rule or queues differ from `old`'s.
    pub fn changed_roles(&self, old: &Policy) -> Vec<Role> {
        let codes: BTreeSet<&Role> = self.roles.keys().chain(old.roles.keys()).collect();
        let access = |r: &RoleDef| {
            let held: Vec<&str> = KEYS.iter().copied().filter(|k| r.holds(k)).collect();
            (r.scope, r.reason_widens, r.totp_required, r.queues.clone(), held)
        };
        codes
            .into_iter()
            .filter(|c| self.role(c).map(access) != old.role(c).map(access))
            .cloned()
            .collect()
    }
}

fn check_break_glass(b: &BreakGlassPolicy) -> Result<BreakGlassPolicy, String> {
    if !(1..=24).contains(&b.hours) {
        return Err(format!("break_glass.hours must be from 1 to 24, not {}", b.hours));
    }
    if !(1..=30).contains(&b.review_working_days) {
        return Err(format!("break_glass.review_working_days must be from 1 to 30, not {}", b.review_working_days));
    }
    if !(20..=500).contains(&b.min_reason_chars) {
        return Err(format!("break_glass.min_reason_chars must be from 20 to 500, not {}", b.min_reason_chars));
    }
    let distinct: BTreeSet<&String> = b.categories.iter().collect();
    if b.categories.is_empty()
        || distinct.len() != b.categories.len()
        || b.categories.iter().any(|c| c.trim().is_empty() || c.chars().count() > 100)
    {
        return Err("break_glass.categories: one or more different categories of 1 to 100 characters".into());
    }
    Ok(b.clone())
}

fn check_throttle(t: &ThrottlePolicy) -> Result<ThrottlePolicy, String> {
    let ok = t.free_failures <= 20
        && (1..=60).contains(&t.base_delay_seconds)
        && (t.base_delay_seconds..=86_400).contains(&t.max_delay_seconds)
        && (1..=100_000).contains(&t.address_failures)
        && (1..=1440).contains(&t.address_window_minutes)
        && (1..=400).contains(&t.device_days);
    if ok {
        Ok(t.clone())
    } else {
        Err("throttle: free_failures 0-20, base_delay_seconds 1-60, max_delay_seconds from the base to 86400, \
             address_failures 1-100000, address_window_minutes 1-1440, device_days 1-400"
            .into())
    }
}

/// "; did you mean …?" for a near key, else nothing.
fn suggest(key: &str) -> String {
    let near = KEYS.iter().min_by_key(|k| edit_distance(key, k)).filter(|k| edit_distance(key, k) <= 3);
    near.map(|k| format!("; did you mean '{k}'?")).unwrap_or_default()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = (diag + usize::from(ca != *cb)).min(up + 1).min(row[j] + 1);
            diag = up;
        }
    }
    row[b.len()]
}

/// SHA-256 of `text`, hex.
pub fn sha256_hex(text: &str) -> String {
    format!("{:x}", Sha256::digest(text.as_bytes()))
}

/// 64 hex digits, as [`sha256_hex`] writes.
pub(crate) fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(code: &str) -> Role {
        Role::new(code).unwrap()
    }

    /// The default file with `from` replaced by `to` (which must occur once).
    fn edited(from: &str, to: &str) -> String {
        assert_eq!(DEFAULT_TOML.matches(from).count(), 1, "{from}");
        DEFAULT_TOML.replace(from, to)
    }

    fn error(text: &str) -> PolicyError {
        Policy::from_toml(text).unwrap_err()
    }

    fn line_of(needle: &str) -> usize {
        DEFAULT_TOML[..DEFAULT_TOML.find(needle).unwrap()].matches('\n').count() + 1
    }

    #[test]
    fn the_default_policy_has_every_role_the_services_need() {
        let p = Policy::default();
        let codes: Vec<&str> = p.roles.keys().map(Role::code).collect();
        for c in [
            "social-worker", "front-door-worker", "personal-adviser", "early-help-worker", "team-manager",
            "service-manager", "reviewing-officer", "conference-chair", "agency-decision-maker", "panel-chair",
            "panel-member", "supervising-social-worker", "family-finder", "virtual-school-officer",
            "complaints-officer", "information-governance-officer", "analyst", "admin", "councillor",
            "early-help-manager", "panel-adviser", "virtual-school-head", "complaints-manager",
        ] {
            assert!(codes.contains(&c), "{c}");
        }
        assert_eq!(p.roles.len(), 23);
        assert_eq!(p.sha256, sha256_hex(DEFAULT_TOML));
        assert_eq!(p.settings.front_door_closed_days, 365);
        assert_eq!(p.settings.break_glass.hours, 4);
        assert!(p.roles[&role("admin")].totp_required);
    }

    #[test]
    fn keys_are_held_by_prefix_and_carved_out_by_exclusion() {
        let p = Policy::default();
        let sw = &p.roles[&role("social-worker")];
        assert!(sw.holds("child.record.visit"));
        assert!(!sw.holds("child.record.review"), "reviews are the reviewing officer's");
        assert!(!sw.holds("child.decide.referral"), "decisions are a manager's");
        let tm = &p.roles[&role("team-manager")];
        assert!(tm.holds("child.decide.referral") && !tm.holds("child.decide.adoption"));
        assert!(p.permits(&role("information-governance-officer"), "sar.export"), "'sar' holds every sar key");
        assert!(!p.permits(&role("councillor"), "returns.validate"));
        assert!(!p.permits(&role("no-such-role"), "report.read"));
        assert!(tm.holds_any("child.decide") && !sw.holds_any("child.decide"));
        // A prefix must end at a dot: `child.rec` holds nothing.
        assert!(!begins("child.record", "child.rec"));
    }

    /// Every form (one declaration per kind of child event) needs a key the policy knows.
    #[test]
    fn every_form_needs_a_known_key() {
        use crate::form::Declared;
        for d in crate::journey::ChildEvent::declarations() {
            assert!(KEYS.contains(&d.permission), "{}: {} is not in KEYS", d.kind, d.permission);
        }
    }

    #[test]
    fn every_key_is_resource_dot_action() {
        let resources = ["child", "person", "household", "note", "document", "plan", "task", "panel", "complaint",
            "workforce", "returns", "report", "audit", "users", "policy", "sar", "retention", "dfe_api", "regional"];
        let mut seen = BTreeSet::new();
        for k in KEYS {
            let parts: Vec<&str> = k.split('.').collect();
            assert!((2..=3).contains(&parts.len()), "{k}");
            assert!(resources.contains(&parts[0]), "{k}");
            assert!(parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')), "{k}");
            assert!(seen.insert(*k), "{k} twice");
            assert!(!KEYS.iter().any(|o| o != k && begins(o, k)), "{k} is both a key and a prefix of one");
        }
    }

    #[test]
    fn errors_name_the_line() {
        let e = error(&edited("\"child.record.leaving_care\", \"child.record.visit\"", "\"child.record.leaving_care\", \"child.record.vist\""));
        assert_eq!(e.line, Some(line_of("\"child.record.leaving_care\", \"child.record.visit\"")));
        assert!(e.message.contains("unknown permission 'child.record.vist'") && e.message.contains("child.record.visit"), "{e}");

        let e = error(&edited("scope = \"reviewing\"\npermissions = [\n    \"child.read\", \"child.record.review\"", "scope = \"reviewers\"\npermissions = [\n    \"child.read\", \"child.record.review\""));
        assert!(e.to_string().contains("line") && e.message.contains("reviewers"), "{e}");

        let e = error(&edited("[roles.councillor]\nlabel = \"Councillor\"", "[roles.councillor]\nlabel = \"Councillor\"\ncolour = \"red\""));
        assert!(e.message.contains("colour"), "{e}");
        assert_eq!(e.line, Some(line_of("[roles.councillor]") + 2));

        let dup = format!("{DEFAULT_TOML}\n[roles.councillor]\nlabel = \"Again\"\nscope = \"none\"\npermissions = []\n");
        let e = error(&dup);
        assert!(e.line.unwrap() > line_of("[roles.councillor]"), "{e}");

        let e = error(&edited("closed_days = 365", "closed_days = 0"));
        assert_eq!(e.line, Some(line_of("closed_days = 365")));

        let e = error(&edited("permissions = [\"panel.read\", \"report.read\"]", "permissions = [\"panel.read\", \"report.read\", \"child.read\"]"));
        assert!(e.message.contains("scope is none"), "{e}");

        let e = error(&edited("\"-child.record.education\", \"child.correct\"", "\"-child.record.education\", \"-users.manage\", \"child.correct\""));
        assert!(e.message.contains("excludes nothing"), "{e}");

        let e = error(&edited("\"users.read\", \"users.manage\", \"audit.read\"", "\"users.read\", \"audit.read\""));
        assert!(e.message.contains("users.manage"), "{e}");

        let e = error(&edited("[roles.analyst]", "[roles.Analyst]"));
        assert_eq!(e.line, Some(line_of("[roles.analyst]")));

        let e = error(&edited("hours = 4\n", "hours = 48\n"));
        assert!(e.message.contains("break_glass.hours"), "{e}");

        for (queue, says) in [
            ("complaints-oficer", "no such role"),
            ("complaints-manager", "its own queue"),
            ("Complaints", "not a role code"),
            ("complaints-officer\", \"complaints-officer", "listed twice"),
        ] {
            let e = error(&edited("queues = [\"complaints-officer\"]", &format!("queues = [\"{queue}\"]")));
            assert!(e.message.contains(says), "{queue}: {e}");
            assert_eq!(e.line, Some(line_of("queues = [\"complaints-officer\"]")), "{queue}");
        }
    }

    /// A manager's tray shows their officers' queue: a queue names a role of the policy.
    #[test]
    fn queues_name_other_roles() {
        let p = Policy::default();
        let queues = |c: &str| p.roles[&role(c)].queues.iter().map(Role::code).collect::<Vec<_>>();
        assert_eq!(queues("complaints-manager"), ["complaints-officer"]);
        assert_eq!(queues("virtual-school-head"), ["virtual-school-officer"]);
        assert!(queues("complaints-officer").is_empty());
        let fewer = Policy::from_toml(&edited("queues = [\"virtual-school-officer\"]\n", "")).unwrap();
        assert_eq!(fewer.changed_roles(&p), vec![role("virtual-school-head")], "a queue is access");
    }

    #[test]
    fn changed_roles_are_those_whose_access_differs() {
        let old = Policy::default();
        let relabelled = Policy::from_toml(&edited("label = \"Councillor\"", "label = \"Elected member\"")).unwrap();
        assert!(relabelled.changed_roles(&old).is_empty(), "a label is not access");
        assert_ne!(relabelled.sha256, old.sha256);
        let wider = Policy::from_toml(&edited("permissions = [\"report.read\"]", "permissions = [\"report.read\", \"report.explain\"]")).unwrap();
        assert_eq!(wider.changed_roles(&old), vec![role("councillor")]);
        let rescoped = Policy::from_toml(&edited("label = \"Family finder\"\nscope = \"team\"", "label = \"Family finder\"\nscope = \"service\"")).unwrap();
        assert_eq!(rescoped.changed_roles(&old), vec![role("family-finder")]);
        let removed = DEFAULT_TOML.split("[roles.councillor]").next().unwrap();
        assert_eq!(Policy::from_toml(removed).unwrap().changed_roles(&old), vec![role("councillor")]);
        // Spelling a held key differently (by prefix) changes nothing.
        let respelt = Policy::from_toml(&edited("\"sar\", \"retention\"", "\"sar.read\", \"sar.record\", \"sar.export\", \"retention\"")).unwrap();
        assert!(respelt.changed_roles(&old).is_empty());
    }
}
