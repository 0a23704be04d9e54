//! The configuration file (`carefile serve --config FILE`, TOML) and its
//! environment overrides: `CAREFILE_<SECTION>_<KEY>` sets `[section] key`
//! (e.g. `CAREFILE_SERVER_LISTEN=0.0.0.0:8080`, `CAREFILE_DATABASE_URL`).
//! Command-line options win over the environment, which wins over the file,
//! which wins over the defaults. Every key is in `docs/configuration.md` and
//! `config/carefile.example.toml`; an unknown key is an error naming it.

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    #[serde(default)]
    pub database: Database,
    #[serde(default)]
    pub server: Server,
    #[serde(default)]
    pub sessions: Sessions,
    #[serde(default)]
    pub metrics: Metrics,
    #[serde(default)]
    pub log: Log,
    #[serde(default)]
    pub oidc: Oidc,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Database {
    /// A SQLite file path or a postgres:// URL.
    pub url: Option<String>,
    /// A file holding the PostgreSQL password (so it is in neither the URL nor the environment).
    pub password_file: Option<PathBuf>,
    /// A PostgreSQL streaming replica that reads may go to while it has caught up.
    pub replica_url: Option<String>,
    /// Connections for reads (besides the writer's, the follower's and the heartbeat's).
    pub readers: usize,
    /// How often the log is looked at when nothing wakes the follower, in milliseconds
    /// (default 250 on SQLite; 2000 on PostgreSQL, where NOTIFY wakes it).
    pub follow_poll_ms: Option<u64>,
}

impl Default for Database {
    fn default() -> Self {
        Database { url: None, password_file: None, replica_url: None, readers: 2, follow_poll_ms: None }
    }
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Server {
    /// Where pages, the API and the probes are served.
    pub listen: SocketAddr,
    /// `false` only for plain http on a loopback address.
    pub secure_cookies: bool,
    /// Judge what is due on this date instead of today (demos).
    pub as_of: Option<NaiveDate>,
}

impl Default for Server {
    fn default() -> Self {
        Server { listen: ([127, 0, 0, 1], 8080).into(), secure_cookies: true, as_of: None }
    }
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Sessions {
    pub idle_minutes: i64,
    pub absolute_hours: i64,
}

impl Default for Sessions {
    fn default() -> Self {
        Sessions { idle_minutes: 30, absolute_hours: 12 }
    }
}

#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Metrics {
    /// A listener serving `/metrics` alone (a loopback address unless a token is set).
    pub listen: Option<SocketAddr>,
    /// A file holding a token: `/metrics` is then also served on the main listener to `Authorization: Bearer TOKEN`.
    pub token_file: Option<PathBuf>,
}

#[derive(Debug, Default, Deserialize, PartialEq, Clone, Copy)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Log {
    /// `json` (one object per line, for journald or a log shipper) or `text`.
    #[serde(default)]
    pub format: LogFormat,
}

/// Single sign-on through the authority's OpenID provider (none without `issuer`).
#[derive(Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Oidc {
    /// The provider's issuer URL, exactly as its ID tokens carry it.
    pub issuer: Option<String>,
    pub client_id: Option<String>,
    /// A file holding the client secret (first line).
    pub client_secret_file: Option<PathBuf>,
    /// This server's `/signin/oidc/callback` as browsers reach it, registered with the provider.
    pub redirect_url: Option<String>,
    /// The sign-in button says "Sign in with" this.
    pub label: String,
    /// Scopes asked for besides `openid`.
    pub scopes: Vec<String>,
    /// The ID token's claim that lists the user's groups.
    pub groups_claim: String,
    /// Group to role code; empty: roles are carefile's alone.
    pub groups: std::collections::BTreeMap<String, String>,
}

impl Default for Oidc {
    fn default() -> Self {
        Oidc {
            issuer: None,
            client_id: None,
            client_secret_file: None,
            redirect_url: None,
            label: "your council account".into(),
            scopes: Vec::new(),
            groups_claim: "groups".into(),
            groups: Default::default(),
        }
    }
}

/// The file's sections, which the environment can reach.
const SECTIONS: [&str; 6] = ["database", "server", "sessions", "metrics", "log", "oidc"];

impl Settings {
    /// The file at `path` (if any) with the environment `env` laid over it.
    pub fn load(path: Option<&Path>, env: impl IntoIterator<Item = (String, String)>) -> Result<Settings> {
        let mut table: toml::Table = match path {
            Some(p) => {
                let text = std::fs::read_to_string(p).with_context(|| format!("cannot read '{}'", p.display()))?;
                text.parse().with_context(|| format!("'{}' is not valid TOML", p.display()))?
            }
            None => toml::Table::new(),
        };
        for (name, raw) in env {
            let Some(rest) = name.strip_prefix("CAREFILE_") else { continue };
            let rest = rest.to_ascii_lowercase();
            let Some(section) = SECTIONS.iter().find(|s| rest.starts_with(&format!("{s}_"))) else { continue };
            let key = &rest[section.len() + 1..];
            let value = format!("v = {raw}")
                .parse::<toml::Table>()
                .ok()
                .and_then(|mut t| t.remove("v"))
                .unwrap_or(toml::Value::String(raw));
            let entry = table.entry(section.to_string()).or_insert_with(|| toml::Value::Table(Default::default()));
            let Some(section_table) = entry.as_table_mut() else { bail!("[{section}] in the file is not a table") };
            section_table.insert(key.to_string(), value);
        }
        let origin = path.map_or("the environment".to_string(), |p| format!("'{}' or the environment", p.display()));
        Settings::deserialize(toml::Value::Table(table)).with_context(|| format!("the configuration in {origin}"))
    }

    /// The database URL (`given`, else the file's) with the password file's password in it.
    pub fn database_url(&self, given: Option<&str>) -> Result<String> {
        let Some(url) = given.or(self.database.url.as_deref()) else {
            bail!("no database: give --db, set CAREFILE_DATABASE_URL, or url in [database] of the configuration file");
        };
        self.with_password_file(url)
    }

    /// `url` with the password file's password in it, when there is a password file.
    pub fn with_password_file(&self, url: &str) -> Result<String> {
        match &self.database.password_file {
            None => Ok(url.to_string()),
            Some(file) => {
                let password = std::fs::read_to_string(file)
                    .with_context(|| format!("cannot read the password file '{}'", file.display()))?;
                with_password(url, password.trim_end_matches(['\n', '\r']))
            }
        }
    }

    /// The single sign-on settings, the client secret read from its file; `None` without an issuer.
    pub fn oidc(&self) -> Result<Option<carefile_web::auth::oidc::OidcSettings>> {
        let o = &self.oidc;
        let Some(issuer) = o.issuer.clone() else { return Ok(None) };
        let (Some(client_id), Some(redirect_url)) = (o.client_id.clone(), o.redirect_url.clone()) else {
            bail!("[oidc] with an issuer needs client_id and redirect_url");
        };
        if !issuer.starts_with("https://") && !issuer.starts_with("http://127.0.0.1") && !issuer.starts_with("http://localhost") {
            bail!("[oidc] issuer '{issuer}' is not https:// (plain http only on loopback, for tests)");
        }
        let client_secret = o
            .client_secret_file
            .as_ref()
            .map(|f| {
                let t = std::fs::read_to_string(f).with_context(|| format!("cannot read '{}'", f.display()))?;
                Ok::<_, anyhow::Error>(t.lines().next().unwrap_or("").trim().to_string())
            })
            .transpose()?;
        let mut groups = std::collections::BTreeMap::new();
        for (group, role) in &o.groups {
            let role = carefile_domain::access::Role::new(role).map_err(|e| anyhow::anyhow!("[oidc.groups] '{group}': {e}"))?;
            groups.insert(group.clone(), role);
        }
        Ok(Some(carefile_web::auth::oidc::OidcSettings {
            issuer,
            client_id,
            client_secret,
            redirect_url,
            label: o.label.clone(),
            scopes: o.scopes.clone(),
            groups_claim: o.groups_claim.clone(),
            groups,
        }))
    }

    /// The metrics token, read from its file.
    pub fn metrics_token(&self) -> Result<Option<String>> {
        self.metrics
            .token_file
            .as_ref()
            .map(|f| {
                let t = std::fs::read_to_string(f).with_context(|| format!("cannot read '{}'", f.display()))?;
                let t = t.trim().to_string();
                if t.len() < 16 {
                    bail!("the metrics token in '{}' is shorter than 16 characters", f.display());
                }
                Ok(t)
            })
            .transpose()
    }
}

/// `url` (postgres://user@host/db) with `password` put in, percent-encoded.
fn with_password(url: &str, password: &str) -> Result<String> {
    let Some((scheme, rest)) = url.split_once("://").filter(|_| carefile_store::is_postgres_url(url)) else {
        bail!("a password file goes with a postgres:// URL");
    };
    let Some((user, host)) = rest.split_once('@') else { bail!("the database URL names no user (postgres://USER@host/db)") };
    if user.contains(':') {
        bail!("the database URL already holds a password: keep it in the password file only");
    }
    let encoded: String = password
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-._~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect();
    Ok(format!("{scheme}://{user}:{encoded}@{host}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn the_example_file_reads_and_sets_what_it_says() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config/carefile.example.toml");
        let s = Settings::load(Some(&path), env(&[])).unwrap();
        assert_eq!(s.server.listen, "127.0.0.1:8080".parse().unwrap());
        assert_eq!(s.metrics.listen, Some("127.0.0.1:9464".parse().unwrap()));
        assert_eq!(s.log.format, LogFormat::Json);
        assert_eq!(s.database.readers, 2);
    }

    #[test]
    fn every_key_is_documented() {
        let doc = include_str!("../../../docs/configuration.md");
        let example = include_str!("../../../config/carefile.example.toml");
        let keys = [
            ("database", ["url", "password_file", "replica_url", "readers", "follow_poll_ms"].as_slice()),
            ("server", &["listen", "secure_cookies", "as_of"]),
            ("sessions", &["idle_minutes", "absolute_hours"]),
            ("metrics", &["listen", "token_file"]),
            ("log", &["format"]),
            ("oidc", &["issuer", "client_id", "client_secret_file", "redirect_url", "label", "scopes", "groups_claim"]),
        ];
        for (section, names) in keys {
            assert!(example.contains(&format!("[{section}]")), "[{section}] is not in the example");
            for k in names {
                let var = format!("CAREFILE_{}_{}", section.to_uppercase(), k.to_uppercase());
                assert!(doc.contains(&format!("`{k}`")) && doc.contains(&var), "{section}.{k} ({var}) is not documented");
                // Every key also appears (set, or commented out) in the example.
                assert!(example.contains(&format!("{k} =")), "{section}.{k} is not in the example");
            }
        }
        let all = Settings::load(None, env(&[("CAREFILE_SERVER_LISTN", "0.0.0.0:1")])).unwrap_err();
        assert!(format!("{all:#}").contains("listn"), "a misspelt variable is named: {all:#}");
    }

    #[test]
    fn single_sign_on_is_read_with_its_secret_and_group_mapping() {
        let dir = tempfile::tempdir().unwrap();
        let (file, secret) = (dir.path().join("c.toml"), dir.path().join("secret"));
        std::fs::write(&secret, "s3cret\n").unwrap();
        let text = format!(
            "[oidc]\nissuer = \"https://login.example.gov.uk\"\nclient_id = \"carefile\"\nclient_secret_file = \"{}\"\n\
             redirect_url = \"https://carefile.example.gov.uk/signin/oidc/callback\"\n[oidc.groups]\n\"CSC-Managers\" = \"team-manager\"\n",
            secret.display()
        );
        std::fs::write(&file, text).unwrap();
        let o = Settings::load(Some(&file), env(&[])).unwrap().oidc().unwrap().unwrap();
        assert_eq!((o.client_id.as_str(), o.client_secret.as_deref(), o.label.as_str()), ("carefile", Some("s3cret"), "your council account"));
        assert_eq!(o.groups["CSC-Managers"].code(), "team-manager");
        assert!(Settings::load(None, env(&[])).unwrap().oidc().unwrap().is_none());
        let http = env(&[("CAREFILE_OIDC_ISSUER", "http://idp.example"), ("CAREFILE_OIDC_CLIENT_ID", "c"), ("CAREFILE_OIDC_REDIRECT_URL", "https://x/")]);
        assert!(Settings::load(None, http).unwrap().oidc().is_err(), "plain http beyond loopback is refused");
        assert!(Settings::load(None, env(&[("CAREFILE_OIDC_ISSUER", "https://idp")])).unwrap().oidc().is_err(), "no client id");
    }

    #[test]
    fn the_environment_wins_over_the_file_and_types_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.toml");
        std::fs::write(&file, "[server]\nlisten = \"127.0.0.1:1\"\n[sessions]\nidle_minutes = 10\n").unwrap();
        let s = Settings::load(
            Some(&file),
            env(&[
                ("CAREFILE_SERVER_LISTEN", "0.0.0.0:8080"),
                ("CAREFILE_SESSIONS_ABSOLUTE_HOURS", "8"),
                ("CAREFILE_LOG_FORMAT", "json"),
                ("CAREFILE_TEST_PG_URL", "ignored: not a section"),
                ("PATH", "/bin"),
            ]),
        )
        .unwrap();
        assert_eq!(s.server.listen, "0.0.0.0:8080".parse().unwrap());
        assert_eq!((s.sessions.idle_minutes, s.sessions.absolute_hours), (10, 8));
        assert_eq!(s.log.format, LogFormat::Json);
        let bad = Settings::load(None, env(&[("CAREFILE_SESSIONS_IDLE_MINUTES", "soon")])).unwrap_err();
        assert!(format!("{bad:#}").contains("idle_minutes"), "{bad:#}");
    }

    #[test]
    fn a_password_file_goes_into_the_url_encoded_and_is_never_shown() {
        let dir = tempfile::tempdir().unwrap();
        let pw = dir.path().join("pw");
        std::fs::write(&pw, "p@ss:w/rd\n").unwrap();
        let s = Settings {
            database: Database { password_file: Some(pw), ..Database::default() },
            ..Settings::default()
        };
        let url = s.database_url(Some("postgres://carefile@db:5432/cf")).unwrap();
        assert_eq!(url, "postgres://carefile:p%40ss%3Aw%2Frd@db:5432/cf");
        assert!(!carefile_store::redacted(&url).contains("ss"), "{}", carefile_store::redacted(&url));
        assert!(s.database_url(Some("postgres://carefile:x@db/cf")).is_err(), "a password in both places is refused");
        assert!(s.database_url(Some("carefile.db")).is_err());
    }
}
