//! 8873Q: not yet written.
use super::helpers::*;
pub static RULE: Rule<Census> = Rule { meta: RuleMeta { code: "8873Q", message: "", severity: Severity::Error, tables: &[], fields: &[], needs: &[] }, check };
fn check(_: &Census, _: &mut Sink) {}
