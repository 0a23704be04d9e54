use std::fmt;

/// One value of a return as submitted.
///
/// Values that cannot be understood are kept as written and left for the
/// rules to report, as the DfE does; nothing is dropped silently.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Cell<T> {
    /// Empty or only white space.
    #[default]
    Blank,
    /// Understood.
    Valid(T),
    /// Present but not understood (a bad date, an unknown code), as written.
    Invalid(Box<str>),
}

impl<T> Cell<T> {
    /// Reads `raw` (trimmed): blank when empty, else `parse`'s answer, else kept as invalid.
    pub fn parse(raw: &str, parse: impl FnOnce(&str) -> Option<T>) -> Self {
        let s = raw.trim();
        if s.is_empty() {
            Cell::Blank
        } else {
            match parse(s) {
                Some(v) => Cell::Valid(v),
                None => Cell::Invalid(s.into()),
            }
        }
    }

    pub fn is_blank(&self) -> bool {
        matches!(self, Cell::Blank)
    }

    /// Present, whether understood or not.
    pub fn is_present(&self) -> bool {
        !self.is_blank()
    }

    pub fn is_invalid(&self) -> bool {
        matches!(self, Cell::Invalid(_))
    }

    /// The understood value, if any.
    pub fn value(&self) -> Option<&T> {
        match self {
            Cell::Valid(v) => Some(v),
            _ => None,
        }
    }

    pub fn as_ref(&self) -> Cell<&T> {
        match self {
            Cell::Blank => Cell::Blank,
            Cell::Valid(v) => Cell::Valid(v),
            Cell::Invalid(s) => Cell::Invalid(s.clone()),
        }
    }
}

impl<T: Copy> Cell<T> {
    /// The understood value, copied.
    pub fn get(&self) -> Option<T> {
        self.value().copied()
    }
}

impl<T: fmt::Display> fmt::Display for Cell<T> {
    /// As it would be written back into a return.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cell::Blank => Ok(()),
            Cell::Valid(v) => v.fmt(f),
            Cell::Invalid(s) => f.write_str(s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_valid_and_invalid_are_told_apart() {
        let p = |s: &str| s.parse::<u8>().ok();
        assert_eq!(Cell::parse("  ", p), Cell::Blank);
        assert_eq!(Cell::parse(" 7 ", p), Cell::Valid(7));
        assert_eq!(Cell::parse("x7", p), Cell::Invalid("x7".into()));
        assert_eq!(Cell::parse("x7", p).to_string(), "x7");
        assert!(Cell::<u8>::Blank.value().is_none());
    }
}
