//! Every command line of the README's command table is one the binary takes: its subcommand
//! exists and every option the README gives it is one `--help` lists. (What each command does is
//! tested beside it: validate.rs, cli.rs, report.rs, users.rs and the rest.)

mod support;

use std::collections::BTreeSet;
use support::carefile;

/// The command lines of the README's "Commands" table: each backquoted `carefile …` in the first
/// column (a line written as a continuation, `calendar is-working-day D`, gets `carefile` put back).
fn documented() -> Vec<String> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    let table = readme.split("## Commands").nth(1).expect("the README has a Commands section");
    let mut lines = Vec::new();
    for row in table.lines().take_while(|l| l.is_empty() || l.starts_with('|')).filter(|l| l.starts_with("| `")) {
        // The first cell ends at the first " | " outside backquotes.
        let mut quoted = false;
        let mut cell = String::new();
        for (i, c) in row[1..].char_indices() {
            if c == '`' {
                quoted = !quoted;
            }
            if !quoted && row[1 + i..].starts_with(" | ") {
                break;
            }
            cell.push(c);
        }
        for (i, part) in cell.split('`').enumerate() {
            if i % 2 == 1 && !part.starts_with("bash ") {
                lines.push(if part.starts_with("carefile ") { part.to_string() } else { format!("carefile {part}") });
            }
        }
    }
    lines
}

/// The subcommand words of a command line (up to the first option or placeholder) and its options.
fn parse(line: &str) -> (Vec<String>, BTreeSet<String>) {
    let words: Vec<&str> = line.split_whitespace().skip(1).collect();
    let path = words
        .iter()
        .take_while(|w| w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') && !w.starts_with('-'))
        .map(|w| w.to_string())
        .collect();
    let options = line
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|w| w.starts_with("--") && w.len() > 2)
        .map(String::from)
        .collect();
    (path, options)
}

#[test]
fn every_readme_command_line_is_one_the_binary_takes() {
    let lines = documented();
    assert!(lines.len() >= 30, "the Commands table was not found whole: {lines:?}");
    let mut wrong = Vec::new();
    for line in &lines {
        let (path, options) = parse(line);
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let out = carefile(&args);
        let help = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() {
            wrong.push(format!("`{line}`: carefile {} fails: {}", args.join(" "), String::from_utf8_lossy(&out.stderr)));
            continue;
        }
        for o in options {
            if !help.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).any(|w| w == o) {
                wrong.push(format!("`{line}`: {o} is not an option of carefile {}", path.join(" ")));
            }
        }
    }
    assert!(wrong.is_empty(), "the README and the binary disagree:\n{}", wrong.join("\n"));
}
