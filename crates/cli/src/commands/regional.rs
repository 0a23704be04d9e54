//! `carefile export regional`: a pseudonymised extract for a regional pool.

use super::{audit_export, open_store, require_exporter};
use crate::clock::Clock;
use anyhow::{Context, Result, bail};
use carefile_domain::CollectionYear;
use carefile_domain::ids::ChildId;
use carefile_regional::{Agreement, Format, Key, Options, Upn};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// SQLite database file or postgres:// URL.
    #[arg(long, env = "CAREFILE_DATABASE_URL", hide_env_values = true)]
    db: String,
    /// The use the extract is for: a profile of the profiles file (shipped: PAN, SUFFICIENCY).
    #[arg(long)]
    profile: String,
    /// Profiles of the authority's own (TOML), instead of the shipped ones.
    #[arg(long)]
    profiles: Option<PathBuf>,
    /// The key file of this use (TOML: `id`, and `secret` as at least 32 bytes of hex). Keep it
    /// within the authority: whoever holds it can link each pseudonym to a child.
    #[arg(long)]
    key_file: PathBuf,
    /// The data-sharing agreement's reference.
    #[arg(long)]
    agreement: String,
    /// Whether the authority has signed the agreement for this use (said in the extract: `yes` or `no`).
    #[arg(long, action = clap::ArgAction::Set, value_parser = clap::builder::BoolishValueParser::new())]
    signed: bool,
    /// Collection year, by the year it ends: 2026 = 1 April 2025 – 31 March 2026.
    #[arg(long)]
    year: CollectionYear,
    /// Annex A's reference date (the year's last day by default).
    #[arg(long)]
    as_of: Option<chrono::NaiveDate>,
    /// Unique pupil numbers: keyed-hashed, dropped, or kept as they are.
    #[arg(long, value_enum, default_value = "hash")]
    upn: UpnArg,
    #[arg(long, value_enum, default_value = "both")]
    format: FormatArg,
    /// The folder to write into (created if missing).
    #[arg(long)]
    out: PathBuf,
    /// The carefile user making the extract: their role must allow regional extracts.
    #[arg(long = "as", value_name = "USER")]
    user: String,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum UpnArg {
    Hash,
    Drop,
    Keep,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum FormatArg {
    Csv,
    Parquet,
    Both,
}

pub fn run(a: Args, clock: &dyn Clock) -> Result<()> {
    let mut store = open_store(&a.db, false)?;
    require_exporter(store.as_ref(), &a.user, "regional.export", "make a regional extract")?;
    let (file, text) = match &a.profiles {
        Some(p) => (p.display().to_string(), std::fs::read_to_string(p).with_context(|| format!("cannot read '{}'", p.display()))?),
        None => ("the shipped profiles".to_string(), carefile_regional::PROFILES.to_string()),
    };
    let all = carefile_regional::profiles(&file, &text)?;
    let Some(profile) = all.get(&a.profile) else {
        bail!("no profile '{}' in {file}: expected one of {}", a.profile, all.keys().cloned().collect::<Vec<_>>().join(", "));
    };
    let key_text = std::fs::read_to_string(&a.key_file).with_context(|| format!("cannot read '{}'", a.key_file.display()))?;
    let key = Key::parse(&a.key_file.display().to_string(), &key_text)?;
    let org = store.organisation()?;
    let authority = org.authority.clone().context("the database does not say which authority it serves")?;
    let children = store.children()?;
    let streams = super::annex_a::streams(store.as_ref())?;
    let opts = Options {
        profile,
        key: &key,
        agreement: Agreement { reference: a.agreement.clone(), signed: a.signed },
        year: a.year,
        as_of: a.as_of.unwrap_or_else(|| a.year.end()),
        upn: match a.upn {
            UpnArg::Hash => Upn::Hash,
            UpnArg::Drop => Upn::Drop,
            UpnArg::Keep => Upn::Keep,
        },
        made_at: clock.now().naive_utc(),
        streams: &streams,
    };
    let x = carefile_regional::extract(&children, &org, &authority, &opts)?;
    let format = match a.format {
        FormatArg::Csv => Format::Csv,
        FormatArg::Parquet => Format::Parquet,
        FormatArg::Both => Format::Both,
    };
    let written = carefile_regional::write(&x, &a.out, format)?;
    let ids: Vec<ChildId> = x.children.iter().filter_map(|c| ChildId::new(c).ok()).collect();
    let detail = format!(
        "regional extract {} under agreement {} with key {} ({}, Annex A as of {}): {} files",
        profile.name, a.agreement, key.id, a.year, opts.as_of, written.len()
    );
    audit_export(store.as_mut(), &a.user, clock.now(), ids, &detail)?;
    if !a.signed {
        eprintln!("warning: the extract says agreement {} is not signed for this use: share it only once it is", a.agreement);
    }
    for (column, n) in &x.blanked {
        eprintln!("blanked {n} values of {column}: they could not be degraded");
    }
    eprintln!(
        "wrote {}: {} tables ({} files) for {} children, use {} (retention {} years), key {}; pseudonymised data is still personal data",
        a.out.display(),
        x.tables.len(),
        written.len(),
        x.children.len(),
        profile.name,
        profile.retention_years,
        key.id
    );
    Ok(())
}
