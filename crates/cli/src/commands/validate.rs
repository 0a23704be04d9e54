use crate::clock::Clock;
use anyhow::{Context, Result, bail};
use carefile_domain::CollectionYear;
use carefile_returns::Report;
use carefile_returns::report::Format;
use indicatif::{ProgressBar, ProgressStyle};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::sync::Arc;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    which: Which,
}

#[derive(clap::Subcommand)]
enum Which {
    /// Validate an SSDA903 return: a folder of CSVs, CSV files, or one XML file.
    Ssda903(Ssda903Args),
    /// Validate a CIN census XML file.
    Cin(CinArgs),
    /// Check the live record before a census: both returns' rules on what `export ssda903` and
    /// `export cin` would produce for the year (last year's 903 return as the record gives it,
    /// the authority the record serves), writing no return.
    Record(RecordArgs),
}

#[derive(clap::Args)]
struct RecordArgs {
    /// SQLite database file or postgres:// URL.
    #[arg(long, env = "CAREFILE_DATABASE_URL", hide_env_values = true)]
    db: String,
    /// Collection year, by the year it ends: 2026 = 1 April 2025 – 31 March 2026.
    #[arg(long)]
    year: CollectionYear,
    /// Report format (default: text; csv, json or xlsx need --out).
    #[arg(long, value_enum)]
    format: Option<ReportFormat>,
    /// A folder to write the two reports into, ssda903.EXT and cin.EXT (created if missing),
    /// instead of standard output.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

#[derive(clap::Args)]
struct Output {
    /// Report format (default: from --out's extension, else text).
    #[arg(long, value_enum)]
    format: Option<ReportFormat>,
    /// Write the report here instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(clap::Args)]
struct Ssda903Args {
    /// Collection year, by the year it ends: 2026 = 1 April 2025 – 31 March 2026.
    #[arg(long)]
    year: CollectionYear,
    /// The submitting authority: GSS code (E10000018), DfE number (855) or name.
    #[arg(long)]
    la: Option<String>,
    /// Last year's return, for the rules that compare years: its folder, or one of its files per
    /// use (repeat --previous for each), before or after this year's return.
    #[arg(long, value_name = "LAST")]
    previous: Vec<PathBuf>,
    /// ONS Postcode Directory CSV (pcd, laua or oslaua, oseast1m, osnrth1m), for postcode rules.
    #[arg(long)]
    postcodes: Option<PathBuf>,
    /// Ofsted provider CSV (see crates/ssda903/src/refdata.rs), for URN rules.
    #[arg(long)]
    providers: Option<PathBuf>,
    /// This year's return.
    #[arg(required = true)]
    input: Vec<PathBuf>,
    #[command(flatten)]
    output: Output,
}

#[derive(clap::Args)]
struct CinArgs {
    /// Collection year, by the year it ends (the census's ReferenceDate decides the period; a mismatch is warned about).
    #[arg(long)]
    year: CollectionYear,
    input: PathBuf,
    #[command(flatten)]
    output: Output,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum ReportFormat {
    Text,
    Csv,
    Json,
    Xlsx,
}

impl ReportFormat {
    fn extension(self) -> &'static str {
        match self {
            ReportFormat::Text => "txt",
            ReportFormat::Csv => "csv",
            ReportFormat::Json => "json",
            ReportFormat::Xlsx => "xlsx",
        }
    }
}

impl From<ReportFormat> for Format {
    fn from(f: ReportFormat) -> Format {
        match f {
            ReportFormat::Text => Format::Text,
            ReportFormat::Csv => Format::Csv,
            ReportFormat::Json => Format::Json,
            ReportFormat::Xlsx => Format::Xlsx,
        }
    }
}

fn spinner(msg: &'static str) -> ProgressBar {
    let bar = ProgressBar::new_spinner()
        .with_style(ProgressStyle::with_template("{spinner} {msg} [{elapsed}]").expect("valid template"));
    bar.set_message(msg);
    bar.enable_steady_tick(std::time::Duration::from_millis(150));
    bar
}

pub fn run(a: Args, clock: &dyn Clock) -> Result<()> {
    match a.which {
        Which::Ssda903(a) => ssda903(a),
        Which::Cin(a) => cin(a),
        Which::Record(a) => record(a, clock),
    }
}

fn ssda903(a: Ssda903Args) -> Result<()> {
    let bar = spinner("reading the return");
    let ret = Arc::new(carefile_ssda903::load(&a.input, &a.previous)?);
    let mut opts = carefile_ssda903::Options::new(a.year);
    if let Some(la) = &a.la {
        opts.la = Some(carefile_ssda903::find_local_authority(la).with_context(|| {
            format!("--la '{la}' is not an English local authority's GSS code, DfE number or name")
        })?);
    }
    if let Some(path) = &a.postcodes {
        let name = path.display().to_string();
        let f = File::open(path).with_context(|| format!("cannot open '{name}'"))?;
        opts.postcodes = Some(Arc::new(carefile_ssda903::Postcodes::read_for(&name, f, &ret)?));
    }
    if let Some(path) = &a.providers {
        let name = path.display().to_string();
        let f = File::open(path).with_context(|| format!("cannot open '{name}'"))?;
        opts.providers = Some(Arc::new(carefile_ssda903::Providers::read(&name, f)?));
    }
    bar.set_message("validating");
    let report = carefile_ssda903::validate(&ret, &opts)?;
    bar.finish_and_clear();
    write_report(&report, &a.output)
}

fn cin(a: CinArgs) -> Result<()> {
    let bar = spinner("checking the census");
    let bytes = std::fs::read(&a.input).with_context(|| format!("cannot read '{}'", a.input.display()))?;
    let checked = carefile_cin::check(&bytes, a.year).with_context(|| format!("cannot check '{}'", a.input.display()))?;
    bar.finish_and_clear();
    for w in &checked.warnings {
        eprintln!("warning: {w}");
    }
    write_report(&checked.report, &a.output)
}

fn record(a: RecordArgs, clock: &dyn Clock) -> Result<()> {
    let format = a.format.unwrap_or(ReportFormat::Text);
    if a.out.is_none() && !matches!(format, ReportFormat::Text) {
        bail!("--format {} writes two reports (ssda903 and cin): give --out DIR for them", format.extension());
    }
    let bar = spinner("reading the record");
    let store = super::read_store(&a.db)?;
    let authority = store.organisation()?.authority.context("the database does not say which authority it serves")?;
    let children = store.children()?;
    bar.set_message("validating");
    let checked = carefile_web::quality::check(&children, a.year, &authority, clock.now().naive_utc())?;
    bar.finish_and_clear();
    let reports = [("ssda903", "SSDA903 return", &checked.ssda903, checked.children.0), ("cin", "CIN census", &checked.cin, checked.children.1)];
    match &a.out {
        Some(dir) => {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create '{}'", dir.display()))?;
            for (file, _, report, _) in reports {
                let path = dir.join(format!("{file}.{}", format.extension()));
                let mut f = crate::atomic::AtomicFile::create(&path)?;
                Format::from(format).write(report, &mut f)?;
                f.commit()?;
            }
        }
        None => {
            let mut out = BufWriter::new(std::io::stdout().lock());
            for (_, title, report, children) in reports {
                writeln!(out, "{title} {} from the record ({children} children)\n", a.year)?;
                Format::Text.write(report, &mut out)?;
                writeln!(out)?;
            }
            out.flush()?;
        }
    }
    for (_, title, report, children) in reports {
        eprintln!(
            "{title} {}: {} findings from {} rules on {children} children{}",
            a.year,
            report.findings.len(),
            report.ran.len(),
            if report.skipped.is_empty() { String::new() } else { format!(", {} rules not run", report.skipped.len()) }
        );
    }
    Ok(())
}

fn write_report(report: &Report, o: &Output) -> Result<()> {
    let format: Format = match (o.format, &o.out) {
        (Some(f), _) => f.into(),
        (None, Some(path)) => Format::from_extension(path).unwrap_or(Format::Text),
        (None, None) => Format::Text,
    };
    match &o.out {
        Some(path) => {
            let mut f = crate::atomic::AtomicFile::create(path)?;
            format.write(report, &mut f)?;
            f.commit()?;
            eprintln!(
                "{} findings from {} rules written to {}{}",
                report.findings.len(),
                report.ran.len(),
                path.display(),
                if report.skipped.is_empty() { String::new() } else { format!(" ({} rules not run: see the report)", report.skipped.len()) }
            );
        }
        None => {
            let mut out = BufWriter::new(std::io::stdout().lock());
            format.write(report, &mut out)?;
            out.flush()?;
        }
    }
    Ok(())
}
