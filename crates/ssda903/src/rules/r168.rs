//! 168: a UPN, when given, is a check letter (not I, O or S) and 12 digits, or 11 digits and a
//! letter (a temporary UPN), or one of the unknown codes UN1–UN5. The check letter itself is not verified
//! here (the DfE rule is about the form).

use super::prelude::*;

pub const RULE: Rule<Input> = Rule {
    meta: RuleMeta {
        code: "168",
        message: "Unique Pupil Number (UPN) is not valid. If unknown, default codes should be UN1, UN2, UN3, UN4 or UN5.",
        severity: Severity::Error,
        tables: &["Header"],
        fields: &["UPN"],
        needs: &[],
    },
    check,
};

fn check(d: &Input, s: &mut Sink) {
    flag_rows(d.this.header.as_ref(), s, &["UPN"], |r| r.upn.value().is_some_and(|u| !upn_form(u)) || r.upn.is_invalid());
}

/// The shape of a UPN or an unknown-UPN code.
fn upn_form(u: &str) -> bool {
    let b = u.as_bytes();
    if matches!(u, "UN1" | "UN2" | "UN3" | "UN4" | "UN5") {
        return true;
    }
    b.len() == 13
        && b[0].is_ascii_uppercase()
        && !matches!(b[0], b'I' | b'O' | b'S')
        && b[1..12].iter().all(u8::is_ascii_digit)
        && (b[12].is_ascii_digit() || b[12].is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::tables::Header;

    #[test]
    fn fires_on_malformed_upns() {
        let t = [csv::<Header>("CHILD,UPN\n1,A123456789012\n2,UN5\n3,\n4,I123456789012\n5,A12345678901B\n6,UN6\n7,A12345678901\n8,a123456789012")];
        assert_eq!(flagged("168", &t), [("Header", 3), ("Header", 5), ("Header", 6)]);
    }
}
