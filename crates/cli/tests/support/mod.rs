//! Running the `carefile` binary from a test.
#![allow(dead_code)] // each test binary uses its own part of this

use std::process::{Command, Output};

pub fn carefile(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_carefile")).args(args).output().expect("the binary runs")
}

/// Its standard output, when it succeeds.
pub fn ok(args: &[&str]) -> String {
    let out = carefile(args);
    assert!(out.status.success(), "carefile {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}
