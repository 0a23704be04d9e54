//! The SSDA903 (children looked after) return: reading it and judging it with the DfE's rules.
//!
//! ```no_run
//! # use std::sync::Arc;
//! # use carefile_ssda903::*;
//! let ret = Arc::new(load(&["return/".into()], &["last-year/".into()])?);
//! let opts = Options::new(carefile_domain::CollectionYear::new(2026));
//! let report = validate(&ret, &opts)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod export;
mod read;
pub mod refdata;
pub mod rules;
pub mod tables;
mod value;

pub use read::{Keep, ReadError, Source, from_sources, load, load_kept};
pub use refdata::{LocalAuthority, Postcodes, Providers, find_local_authority, local_authorities};
pub use tables::*;
pub use value::{Text, Value};

use carefile_domain::CollectionYear;
use carefile_returns::{Reference, Report, RuleSet, UnsupportedYear};
use std::sync::Arc;

/// How to judge a return: the collection year, the submitting authority and any reference data.
#[derive(Debug, Clone)]
pub struct Options {
    pub year: CollectionYear,
    /// The submitting authority (PL_LOCATION compares PL_LA with it).
    pub la: Option<LocalAuthority>,
    pub postcodes: Option<Arc<Postcodes>>,
    pub providers: Option<Arc<Providers>>,
}

impl Options {
    pub fn new(year: CollectionYear) -> Self {
        Options { year, la: None, postcodes: None, providers: None }
    }

    /// The reference data supplied (rules needing other data are skipped and named).
    pub fn available(&self) -> Vec<Reference> {
        let mut v = Vec::new();
        if self.postcodes.is_some() {
            v.push(Reference::Postcodes);
        }
        if self.providers.is_some() {
            v.push(Reference::OfstedProviders);
        }
        if self.la.is_some() {
            v.push(Reference::Authority);
        }
        v
    }
}

/// Whether a placement is in the submitting authority's area (PL_LOCATION).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    In,
    Out,
}

/// The columns the DfE tool derives for an episode from postcode data.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Geo {
    /// PL_LA: upper-tier GSS code, or SCO/WAL/NIR.
    pub pl_la: Option<Box<str>>,
    pub pl_location: Option<Location>,
    /// PL_DISTANCE in miles, from HOME_POST to PL_POST.
    pub pl_distance: Option<f64>,
}

/// What every rule reads: the return, the options, and the derived postcode columns.
pub struct Input {
    pub ret: Arc<Return>,
    pub opts: Options,
    /// [`Geo`] per row of this year's Episodes (empty without postcode data).
    pub geo: Vec<Geo>,
    /// The same for last year's Episodes.
    pub geo_last: Vec<Geo>,
    /// The OC2 cohort, worked out once for the rules that need it.
    pub(crate) continuously_looked_after: std::sync::OnceLock<std::collections::HashSet<Box<str>>>,
}

impl std::ops::Deref for Input {
    type Target = Return;
    fn deref(&self) -> &Return {
        &self.ret
    }
}

impl Input {
    pub fn new(ret: Arc<Return>, opts: Options) -> Self {
        let geo_of = |t: &Tables| match (&opts.postcodes, &t.episodes) {
            (Some(pc), Some(eps)) => eps.iter().map(|e| derive_geo(pc, opts.la.as_ref(), e)).collect(),
            _ => Vec::new(),
        };
        let (geo, geo_last) = (geo_of(&ret.this), geo_of(&ret.last));
        Input { ret, opts, geo, geo_last, continuously_looked_after: std::sync::OnceLock::new() }
    }

    pub fn year(&self) -> CollectionYear {
        self.opts.year
    }
}

fn derive_geo(pc: &Postcodes, la: Option<&LocalAuthority>, e: &Episode) -> Geo {
    let pl = e.pl_post.value().map(|p| &**p);
    let pl_la = pl.and_then(|p| pc.authority(p)).map(Box::from);
    let pl_location = pl.and_then(|p| pc.place(p)).map(|_| match (&pl_la, la) {
        (Some(a), Some(la)) if **a == *la.gss_code => Location::In,
        _ => Location::Out,
    });
    let pl_distance = match (e.home_post.value(), pl) {
        (Some(h), Some(p)) => pc.distance(h, p),
        _ => None,
    };
    Geo { pl_la, pl_location, pl_distance }
}

/// The SSDA903 rules of a collection year (2026 = 2025-26, 2027 = 2026-27).
pub fn rule_set(year: CollectionYear) -> Result<RuleSet<Input>, UnsupportedYear> {
    RuleSet::for_year("SSDA903", rules::ALL.iter(), rules::HISTORY, rules::SUPPORTED, year)
}

/// Judges `ret` with every rule of `opts.year`, each on the data as submitted.
pub fn validate(ret: &Arc<Return>, opts: &Options) -> Result<Report, UnsupportedYear> {
    let set = rule_set(opts.year)?;
    let input = Input::new(Arc::clone(ret), opts.clone());
    let mut available = opts.available();
    if ret.last.is_supplied() {
        available.push(Reference::LastYear);
    }
    Ok(carefile_returns::run(&set, &input, &available))
}
