//! 4003: not yet written.
use super::helpers::*;
pub static RULE: Rule<Census> = Rule { meta: RuleMeta { code: "4003", message: "", severity: Severity::Error, tables: &[], fields: &[], needs: &[] }, check };
fn check(_: &Census, _: &mut Sink) {}
