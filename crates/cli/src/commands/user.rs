use super::open_store;
use crate::clock::Clock;
use anyhow::{Result, bail};
use carefile_domain::access::{AuditAction, AuditEntry, Role, UserEvent};
use carefile_domain::{Recorded, WorkerId};
use carefile_web::auth::password;
use std::io::BufRead;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Add a user. Without --password-stdin a generated password is printed once.
    Add(AddArgs),
    /// Remove a user's second factor, for an operator when no administrator can (the only
    /// administrator lost their phone and recovery codes): they set up a new one at their next sign-in.
    RemoveSecondFactor(NameArgs),
    /// Enable a disabled user again, for an operator when no administrator can.
    Enable(NameArgs),
}

#[derive(clap::Args)]
struct NameArgs {
    /// SQLite database file or postgres:// URL.
    #[arg(long, env = "CAREFILE_DATABASE_URL", hide_env_values = true)]
    db: String,
    /// The username.
    name: String,
}

#[derive(clap::Args)]
struct AddArgs {
    /// SQLite database file or postgres:// URL.
    #[arg(long, env = "CAREFILE_DATABASE_URL", hide_env_values = true)]
    db: String,
    /// A role of the access policy the database last adopted (the default policy's
    /// until a server has started): social-worker, team-manager, reviewing-officer, admin, …
    #[arg(long)]
    role: Role,
    /// The username: 1 to 64 letters, digits, '.', '-' or '_'.
    name: String,
    /// Read the password from the first line of standard input (at least 12 characters).
    #[arg(long)]
    password_stdin: bool,
    /// The member of staff the account belongs to: decides whose children a worker or manager sees.
    #[arg(long)]
    worker: Option<WorkerId>,
}

/// Shortest password accepted from standard input.
const MIN_PASSWORD: usize = 12;

pub fn run(a: Args, clock: &dyn Clock) -> Result<()> {
    let a = match a.command {
        Command::Add(a) => a,
        Command::RemoveSecondFactor(a) => {
            return change(&a, clock, UserEvent::SecondFactorRemoved { username: a.name.clone() }, "removed the second factor of");
        }
        Command::Enable(a) => return change(&a, clock, UserEvent::UserEnabled { username: a.name.clone() }, "enabled"),
    };
    let mut store = open_store(&a.db, false)?;
    let policy = super::adopted_policy(store.as_ref())?;
    let Some(role) = policy.role(&a.role) else {
        let codes: Vec<&str> = policy.roles.keys().map(Role::code).collect();
        bail!("unknown role '{}': expected one of {}", a.role, codes.join(", "));
    };
    if let Some(w) = &a.worker
        && !store.organisation()?.staff.contains_key(w)
    {
        bail!("no member of staff '{w}' in this database");
    }
    let (password, generated) = if a.password_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        let p = line.trim_end_matches(['\r', '\n']).to_string();
        if p.chars().count() < MIN_PASSWORD {
            bail!("the password on standard input is too short: at least {MIN_PASSWORD} characters");
        }
        (p, false)
    } else {
        (password::generate()?, true)
    };
    let hash = password::hash(&password)?;
    let now = clock.now();
    let event = UserEvent::UserAdded { username: a.name.clone(), role: a.role.clone(), worker: a.worker.clone(), password_hash: hash };
    store.append_users(&[(Recorded::new(now, "carefile user add", None), event)])?;
    store.append_audit(&AuditEntry {
        at: now,
        user: "carefile user add".into(),
        action: AuditAction::ManageUsers,
        child: None,
        children: Vec::new(),
        detail: format!("added {} as {}", a.name, a.role.code()),
    })?;
    println!("Added {} ({}).", a.name, role.label);
    if generated {
        println!("Password (shown once): {password}");
    }
    Ok(())
}

/// Applies `event` to a user's account (refused with the reason if it cannot apply), audited as the operator's.
fn change(a: &NameArgs, clock: &dyn Clock, event: UserEvent, done: &str) -> Result<()> {
    let mut store = open_store(&a.db, false)?;
    let mut accounts = store.accounts()?;
    if let Err(e) = accounts.apply(&event) {
        bail!("{}", e.message);
    }
    let now = clock.now();
    let by = format!("carefile user {}", event.kind().replace('_', " "));
    store.append_users(&[(Recorded::new(now, &by, None), event)])?;
    store.append_audit(&AuditEntry {
        at: now,
        user: "carefile user".into(),
        action: AuditAction::ManageUsers,
        child: None,
        children: Vec::new(),
        detail: format!("{done} {}", a.name),
    })?;
    println!("{} {}.", done[..1].to_uppercase() + &done[1..], a.name);
    Ok(())
}
