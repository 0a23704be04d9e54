#![allow(dead_code)] // each test binary uses part of this module

//! Shared by the differential test (a directory, so Cargo does not build it as a test).

pub mod oracle;
pub mod returns;
