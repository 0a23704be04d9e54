//! 2888Q: across the return, when disabilities are recorded but no child has
//! more than one, multiple disabilities are probably not being recorded. Return-level.

use super::helpers::*;

pub static RULE: Rule<Census> = Rule {
    meta: RuleMeta {
        code: "2888Q",
        message: "Please check and either amend or provide a reason: Only one disability code is recorded per child and multiple disabilities should be recorded where possible.",
        severity: Severity::Query,
        tables: &["Disabilities"],
        fields: &["Disability"],
        needs: &[],
    },
    check,
};

fn check(c: &Census, s: &mut Sink) {
    use carefile_domain::codes::Disability;
    let counts = c.children.iter().map(|ch| {
        c.disabilities_of(ch)
            .iter()
            .filter(|d| d.disability.is_present() && d.disability.get() != Some(Disability::None))
            .count()
    });
    let max = counts.max().unwrap_or(0);
    if max == 1 {
        s.flag_return(&["Disability"]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::helpers::testkit::*;

    #[test]
    fn fires_when_nobody_has_two() {
        let with = |id: &str, codes: &[&str]| {
            let d: String = codes.iter().map(|c| el("Disability", c)).collect();
            child(id, "", "").replace("<Disability>NONE</Disability>", &d)
        };
        assert!(flags_return(&RULE, &census(&[with("A", &["MOB"]), with("B", &["NONE"])].concat())));
        assert!(!flags_return(&RULE, &census(&[with("A", &["MOB"]), with("B", &["MOB", "HAND"])].concat())));
        assert!(!flags_return(&RULE, &census(&with("A", &["NONE"]))), "no disabilities recorded at all");
    }
}
