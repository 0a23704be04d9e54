//! Finding a person the way a front-door worker asks: a name as heard on the
//! telephone (misspelt, a nickname, forename and surname swapped, a former
//! name), a date of birth perhaps written day-for-month, a postcode, an NHS
//! number or UPN. Each record is indexed under a few blocking keys (its name
//! tokens' Double Metaphone codes and first letters, its date of birth both
//! ways round, its identifiers and postcode), so a search scores only the
//! records sharing a key with the query, then explains each score.

use chrono::{Datelike, NaiveDate};
use rphonetic::DoubleMetaphone;
use std::collections::{BTreeSet, HashMap};
use unicode_normalization::UnicodeNormalization;

/// What a worker searches with; every part optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Any names, in any order ("ada example", "example", "a example").
    pub name: String,
    pub dob: Option<NaiveDate>,
    pub postcode: Option<String>,
    pub nhs_number: Option<String>,
    pub upn: Option<String>,
}

impl Query {
    pub fn is_empty(&self) -> bool {
        tokens(&self.name).is_empty()
            && self.dob.is_none()
            && self.postcode.is_none()
            && self.nhs_number.is_none()
            && self.upn.is_none()
    }
}

/// A record's searchable facts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Searchable {
    /// The current name first, then former names, each as written.
    pub names: Vec<String>,
    /// The date of birth, or the expected one of an unborn child.
    pub dob: Option<NaiveDate>,
    pub postcodes: Vec<String>,
    pub nhs_number: Option<String>,
    pub upn: Option<String>,
}

/// Why a record matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reason {
    NhsNumber,
    Upn,
    Name,
    /// Names like the query's: misspelt, sounding alike, a nickname, an initial.
    SimilarName,
    FormerName,
    DateOfBirth,
    /// Day and month swapped, or one part mistyped.
    SimilarDateOfBirth,
    Postcode,
    /// The same postcode district.
    Area,
}

impl Reason {
    pub fn label(self) -> &'static str {
        match self {
            Reason::NhsNumber => "same NHS number",
            Reason::Upn => "same UPN",
            Reason::Name => "same name",
            Reason::SimilarName => "similar name",
            Reason::FormerName => "matches a former name",
            Reason::DateOfBirth => "same date of birth",
            Reason::SimilarDateOfBirth => "similar date of birth",
            Reason::Postcode => "same postcode",
            Reason::Area => "same postcode district",
        }
    }
}

/// How sure a match is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    Possible,
    Strong,
}

/// A record's score against a query (0 to 100), and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub score: u32,
    pub reasons: BTreeSet<Reason>,
}

impl Match {
    pub fn strength(&self) -> Option<Strength> {
        match self.score {
            s if s >= STRONG => Some(Strength::Strong),
            s if s >= POSSIBLE => Some(Strength::Possible),
            _ => None,
        }
    }
}

/// Scores from which a match is shown as strong or possible.
pub const STRONG: u32 = 60;
pub const POSSIBLE: u32 = 35;

/// A name as compared: lower case, accents and punctuation gone, hyphenated
/// parts apart ("Smith-Jones" → smith, jones), apostrophes closed up (O'Brien → obrien).
pub fn tokens(name: &str) -> Vec<String> {
    let folded: String = name
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .filter(|c| *c != '\'' && *c != '’')
        .map(|c| if c.is_alphabetic() { c.to_ascii_lowercase() } else { ' ' })
        .collect();
    folded.split_whitespace().filter(|t| t.chars().all(|c| c.is_ascii_lowercase())).map(str::to_string).collect()
}

/// Diminutives and their full forms: a pair in one group is the same name.
const NICKNAMES: &[&[&str]] = &[
    &["alexander", "alex", "sandy", "xander"],
    &["alexandra", "alex", "lexi", "sasha"],
    &["andrew", "andy", "drew"],
    &["anthony", "tony"],
    &["benjamin", "ben", "benny"],
    &["catherine", "katherine", "kathryn", "kate", "katie", "cathy", "kathy", "kat"],
    &["charles", "charlie", "chas"],
    &["charlotte", "lottie", "charlie"],
    &["christopher", "chris", "kit"],
    &["daniel", "dan", "danny"],
    &["david", "dave", "davey"],
    &["edward", "ed", "eddie", "ted", "ned"],
    &["elizabeth", "liz", "lizzie", "beth", "betty", "eliza", "libby"],
    &["emily", "em", "emmy"],
    &["frederick", "fred", "freddie"],
    &["henry", "harry", "hal"],
    &["isabella", "isabelle", "bella", "izzy"],
    &["james", "jim", "jimmy", "jamie"],
    &["jennifer", "jenny", "jen"],
    &["jessica", "jess", "jessie"],
    &["john", "jack", "johnny", "jon"],
    &["jonathan", "jon", "jonny"],
    &["joseph", "joe", "joey"],
    &["joshua", "josh"],
    &["margaret", "maggie", "meg", "peggy"],
    &["matthew", "matt"],
    &["michael", "mike", "mick", "mickey"],
    &["nathaniel", "nathan", "nat"],
    &["nicholas", "nick", "nicky"],
    &["oliver", "ollie"],
    &["patricia", "pat", "trish"],
    &["peter", "pete"],
    &["rebecca", "becky", "becca"],
    &["richard", "rich", "richie", "rick", "dick"],
    &["robert", "rob", "robbie", "bob", "bobby"],
    &["samuel", "sam", "sammy"],
    &["samantha", "sam", "sammy"],
    &["stephen", "steven", "steve"],
    &["thomas", "tom", "tommy"],
    &["victoria", "vicky", "tori"],
    &["william", "will", "bill", "billy", "liam"],
];

fn nicknames_agree(a: &str, b: &str) -> bool {
    NICKNAMES.iter().any(|g| g.contains(&a) && g.contains(&b))
}

/// One name token, prepared once.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    text: String,
    codes: [String; 2],
}

fn encoder() -> DoubleMetaphone {
    DoubleMetaphone::default()
}

impl Token {
    fn new(text: String, dm: &DoubleMetaphone) -> Token {
        let r = dm.double_metaphone(&text);
        Token { codes: [r.primary(), r.alternate()], text }
    }

    /// How alike two tokens are, 0 to 1.
    fn similarity(&self, other: &Token) -> f64 {
        let (a, b) = (self.text.as_str(), other.text.as_str());
        if a == b {
            return 1.0;
        }
        if nicknames_agree(a, b) {
            return 0.95;
        }
        // An initial against a name.
        if a.len() == 1 || b.len() == 1 {
            return if a.chars().next() == b.chars().next() { 0.7 } else { 0.0 };
        }
        let sounds = self.codes.iter().any(|c| !c.is_empty() && other.codes.contains(c));
        let jw = strsim::jaro_winkler(a, b);
        let typo = a.len().min(b.len()) >= 4 && strsim::damerau_levenshtein(a, b) <= 1;
        match (sounds, typo) {
            (_, true) => jw.max(0.9),
            (true, false) => jw.max(0.85),
            _ if jw >= 0.92 => jw,
            _ => 0.0,
        }
    }
}

/// A record as indexed.
#[derive(Debug, Clone)]
struct Prepared {
    /// Each name's tokens; the first is the current name.
    names: Vec<Vec<Token>>,
    dob: Option<NaiveDate>,
    postcodes: Vec<String>,
    nhs_number: Option<String>,
    upn: Option<String>,
}

fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase()
}

/// The postcode district: the outward code ("LE1" of "LE1 6ZG").
fn district(postcode: &str) -> String {
    let c = compact(postcode);
    c[..c.len().saturating_sub(3)].to_string()
}

/// The date with day and month swapped, where that is a date.
fn swapped(d: NaiveDate) -> Option<NaiveDate> {
    (d.day() != d.month()).then(|| NaiveDate::from_ymd_opt(d.year(), d.day(), d.month())).flatten()
}

impl Prepared {
    fn new(s: &Searchable, dm: &DoubleMetaphone) -> Prepared {
        Prepared {
            names: s
                .names
                .iter()
                .map(|n| tokens(n).into_iter().map(|t| Token::new(t, dm)).collect::<Vec<_>>())
                .filter(|n: &Vec<Token>| !n.is_empty())
                .collect(),
            dob: s.dob,
            postcodes: s.postcodes.iter().map(|p| compact(p)).collect(),
            nhs_number: s.nhs_number.as_deref().map(compact),
            upn: s.upn.as_deref().map(compact),
        }
    }

    /// The blocking keys: a query is scored against records sharing one.
    fn keys(&self) -> Vec<String> {
        let mut keys = Vec::new();
        for t in self.names.iter().flatten().filter(|t| t.text.len() > 1) {
            keys.extend(t.codes.iter().filter(|c| !c.is_empty()).map(|c| format!("n:{c}")));
            keys.push(format!("p:{}", t.text.chars().take(3).collect::<String>()));
            // Nicknames of a name are found through their group's first form.
            if let Some(g) = NICKNAMES.iter().find(|g| g.contains(&t.text.as_str())) {
                keys.push(format!("k:{}", g[0]));
            }
        }
        if let Some(d) = self.dob {
            keys.push(format!("d:{d}"));
            keys.extend(swapped(d).map(|s| format!("d:{s}")));
        }
        keys.extend(self.nhs_number.iter().map(|n| format!("x:{n}")));
        keys.extend(self.upn.iter().map(|u| format!("u:{u}")));
        keys.extend(self.postcodes.iter().map(|p| format!("c:{p}")));
        keys.sort();
        keys.dedup();
        keys
    }
}

/// The best way the query's tokens match one of the record's names: its
/// similarity (0 to 1, every query token needing a partner) and whether it was
/// a former name.
fn name_match(query: &[Token], record: &Prepared) -> Option<(f64, bool)> {
    if query.is_empty() {
        return None;
    }
    let mut best: Option<(f64, bool)> = None;
    for (i, name) in record.names.iter().enumerate() {
        let mut used = vec![false; name.len()];
        let mut total = 0.0;
        let mut all = true;
        for q in query {
            let pick = name
                .iter()
                .enumerate()
                .filter(|(j, _)| !used[*j])
                .map(|(j, t)| (j, q.similarity(t)))
                .max_by(|a, b| a.1.total_cmp(&b.1));
            match pick {
                Some((j, s)) if s > 0.0 => {
                    used[j] = true;
                    total += s;
                }
                _ => all = false,
            }
        }
        if !all {
            continue;
        }
        let s = total / query.len() as f64;
        if best.is_none_or(|(b, _)| s > b) {
            best = Some((s, i > 0));
        }
    }
    best
}

fn score(query: &PreparedQuery, record: &Prepared) -> Match {
    let mut score = 0u32;
    let mut reasons = BTreeSet::new();
    if query.nhs_number.is_some() && query.nhs_number == record.nhs_number {
        score += 60;
        reasons.insert(Reason::NhsNumber);
    }
    if query.upn.is_some() && query.upn == record.upn {
        score = score.max(60);
        reasons.insert(Reason::Upn);
    }
    if let Some((s, former)) = name_match(&query.tokens, record) {
        // A full name weighs more than one word of it.
        let weight = if query.tokens.len() >= 2 { 45.0 } else { 25.0 };
        score += (weight * s).round() as u32;
        reasons.insert(if s >= 0.999 { Reason::Name } else { Reason::SimilarName });
        if former {
            reasons.insert(Reason::FormerName);
        }
    }
    if let (Some(q), Some(r)) = (query.dob, record.dob) {
        let same_parts = [q.day() == r.day(), q.month() == r.month(), q.year() == r.year()];
        if q == r {
            score += 30;
            reasons.insert(Reason::DateOfBirth);
        } else if swapped(q) == Some(r) || same_parts.iter().filter(|x| **x).count() == 2 {
            score += 15;
            reasons.insert(Reason::SimilarDateOfBirth);
        }
    }
    if let Some(p) = &query.postcode {
        if record.postcodes.contains(p) {
            score += 15;
            reasons.insert(Reason::Postcode);
        } else if record.postcodes.iter().any(|r| district(r) == district(p)) {
            score += 5;
            reasons.insert(Reason::Area);
        }
    }
    Match { score: score.min(100), reasons }
}

struct PreparedQuery {
    tokens: Vec<Token>,
    dob: Option<NaiveDate>,
    postcode: Option<String>,
    nhs_number: Option<String>,
    upn: Option<String>,
    keys: Vec<String>,
}

impl PreparedQuery {
    fn new(q: &Query, dm: &DoubleMetaphone) -> PreparedQuery {
        let as_record = Searchable {
            names: vec![q.name.clone()],
            dob: q.dob,
            postcodes: q.postcode.iter().cloned().collect(),
            nhs_number: q.nhs_number.clone(),
            upn: q.upn.clone(),
        };
        let p = Prepared::new(&as_record, dm);
        PreparedQuery {
            keys: p.keys(),
            tokens: p.names.into_iter().next().unwrap_or_default(),
            dob: p.dob,
            postcode: p.postcodes.into_iter().next(),
            nhs_number: p.nhs_number,
            upn: p.upn,
        }
    }
}

/// Records of any key type (a child's or a person's reference), searchable.
pub struct Index<K> {
    records: HashMap<K, (Prepared, Vec<String>)>,
    by_key: HashMap<String, BTreeSet<K>>,
    dm: DoubleMetaphone,
}

impl<K: Clone + Ord + std::hash::Hash> Default for Index<K> {
    fn default() -> Self {
        Index { records: HashMap::new(), by_key: HashMap::new(), dm: encoder() }
    }
}

impl<K: Clone + Ord + std::hash::Hash> Index<K> {
    /// Adds or replaces a record.
    pub fn put(&mut self, key: K, record: &Searchable) {
        self.remove(&key);
        let prepared = Prepared::new(record, &self.dm);
        let keys = prepared.keys();
        for k in &keys {
            self.by_key.entry(k.clone()).or_default().insert(key.clone());
        }
        self.records.insert(key, (prepared, keys));
    }

    pub fn remove(&mut self, key: &K) {
        if let Some((_, keys)) = self.records.remove(key) {
            for k in keys {
                if let Some(set) = self.by_key.get_mut(&k) {
                    set.remove(key);
                    if set.is_empty() {
                        self.by_key.remove(&k);
                    }
                }
            }
        }
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Records that match at least possibly, best first (ties by key), at most `limit`.
    pub fn search(&self, query: &Query, limit: usize) -> Vec<(K, Match)> {
        let q = PreparedQuery::new(query, &self.dm);
        let candidates: BTreeSet<&K> = q.keys.iter().filter_map(|k| self.by_key.get(k)).flatten().collect();
        let mut found: Vec<(K, Match)> = candidates
            .into_iter()
            .filter_map(|k| {
                let m = score(&q, &self.records.get(k)?.0);
                m.strength().map(|_| (k.clone(), m))
            })
            .collect();
        found.sort_by(|a, b| b.1.score.cmp(&a.1.score).then_with(|| a.0.cmp(&b.0)));
        found.truncate(limit);
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    fn person(name: &str, dob: &str) -> Searchable {
        Searchable { names: vec![name.into()], dob: Some(d(dob)), ..Default::default() }
    }
    fn index(records: &[(u32, Searchable)]) -> Index<u32> {
        let mut ix = Index::default();
        for (k, r) in records {
            ix.put(*k, r);
        }
        ix
    }
    fn q(name: &str, dob: Option<&str>) -> Query {
        Query { name: name.into(), dob: dob.map(d), ..Default::default() }
    }
    fn keys(found: &[(u32, Match)]) -> Vec<u32> {
        found.iter().map(|(k, _)| *k).collect()
    }

    #[test]
    fn names_fold_accents_hyphens_and_apostrophes() {
        assert_eq!(tokens("Zoë O'Brien-Smith"), ["zoe", "obrien", "smith"]);
        assert_eq!(tokens("  JOSÉ  "), ["jose"]);
        assert!(tokens("12 34").is_empty());
    }

    #[test]
    fn the_front_door_finds_a_child_however_the_name_is_heard() {
        let ix = index(&[
            (1, person("Ada Example", "2015-03-04")),
            (
                2,
                Searchable {
                    names: vec!["Jayden Smyth".into(), "Jayden Brown".into()],
                    dob: Some(d("2012-07-01")),
                    ..Default::default()
                },
            ),
            (3, person("William Ojo", "2010-01-20")),
            (4, person("Adam Exton", "1999-12-12")),
        ]);
        // Exact, misspelt, swapped, a nickname, an initial, a former name.
        for (name, dob, want) in [
            ("Ada Example", Some("2015-03-04"), 1),
            ("Ada Exampel", Some("2015-03-04"), 1),
            ("Example Ada", None, 1),
            ("Jaden Smith", Some("2012-07-01"), 2),
            ("Jayden Brown", None, 2),
            ("Bill Ojo", Some("2010-01-20"), 3),
            ("W Ojo", Some("2010-01-20"), 3),
        ] {
            let found = ix.search(&q(name, dob), 10);
            assert_eq!(found.first().map(|f| f.0), Some(want), "{name}: {found:?}");
        }
        let former = ix.search(&q("Jayden Brown", None), 10);
        assert!(former[0].1.reasons.contains(&Reason::FormerName));
        // A date of birth written day-for-month still counts, less.
        let swapped = ix.search(&q("Ada Example", Some("2015-04-03")), 10);
        assert!(swapped[0].1.reasons.contains(&Reason::SimilarDateOfBirth));
        assert!(swapped[0].1.score < ix.search(&q("Ada Example", Some("2015-03-04")), 10)[0].1.score);
        // A different person is not a match.
        assert!(!keys(&ix.search(&q("Ada Example", Some("2015-03-04")), 10)).contains(&4));
        assert!(ix.search(&q("Zebedee Quirk", None), 10).is_empty());
    }

    #[test]
    fn identifiers_and_postcodes_find_records_without_a_name() {
        let mut r = person("Ada Example", "2015-03-04");
        r.nhs_number = Some("9434765919".into());
        r.postcodes = vec!["LE1 6ZG".into()];
        let ix = index(&[(1, r)]);
        let by_nhs = ix.search(&Query { nhs_number: Some("9434765919".into()), ..Default::default() }, 5);
        assert_eq!(by_nhs[0].1.strength(), Some(Strength::Strong));
        let by_place =
            ix.search(&Query { name: "Example".into(), postcode: Some("le1 6zg".into()), ..Default::default() }, 5);
        assert!(by_place[0].1.reasons.contains(&Reason::Postcode));
    }

    #[test]
    fn the_index_follows_changes() {
        let mut ix = index(&[(1, person("Ada Example", "2015-03-04"))]);
        ix.put(1, &person("Ada Newname", "2015-03-04"));
        assert_eq!(ix.len(), 1);
        assert!(ix.search(&q("Ada Example", None), 5).is_empty());
        ix.remove(&1);
        assert!(ix.is_empty() && ix.search(&q("Ada Newname", Some("2015-03-04")), 5).is_empty());
    }

    proptest! {
        /// One typing slip in a surname of five or more letters (a letter
        /// changed, dropped, doubled or two swapped), with the right date of
        /// birth, still finds the child as at least a possible match.
        #[test]
        fn one_slip_in_the_surname_still_finds_the_child(
            surname in "[a-z]{5,10}", at in 0usize..10, slip in 0u8..4, letter in "[a-z]"
        ) {
            let at = at % surname.len();
            let mut s: Vec<char> = surname.chars().collect();
            let l = letter.chars().next().unwrap();
            match slip {
                0 => s[at] = l,
                1 => { s.remove(at); }
                2 => s.insert(at, s[at]),
                _ => if at + 1 < s.len() { s.swap(at, at + 1) },
            }
            let typed: String = s.into_iter().collect();
            let ix = index(&[(1, person(&format!("Ada {surname}"), "2015-03-04"))]);
            let found = ix.search(&q(&format!("Ada {typed}"), Some("2015-03-04")), 5);
            prop_assert_eq!(keys(&found), vec![1], "{} typed as {}", surname, typed);
        }
    }
}
