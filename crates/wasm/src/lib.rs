//! The returns validator in the browser: carefile's SSDA903 and CIN rules compiled to
//! WebAssembly (`scripts/build-validator.sh`) and driven by the page in `validator/`.
//!
//! The module exports plain functions over its own memory, so it needs no generated glue
//! (wasm-bindgen's only import is the workbook's clock, which `validator.js` supplies):
//!
//! ```text
//! ptr = cf_alloc(n)                 // room for a name or a file; the page copies the bytes in
//! cf_add(slot, name, n, data, m)    // this year's file, last year's, or the provider list (owns both)
//! cf_set_la(ptr, n)                 // the submitting authority (owns the text)
//! cf_check(which, year) -> status   // 0: output holds the reader's warnings as JSON; 1: the error
//! cf_report(format) -> length       // the report as text, CSV, JSON or XLSX in output
//! cf_output() -> ptr                // where output starts
//! cf_reset()                        // forget the files and the report
//! ```
//!
//! Everything else is [`Session`], safe Rust tested natively beside the CLI's reports.

mod session;

pub use session::{Session, Slot, Which};

use carefile_returns::report::Format;
use std::cell::RefCell;

thread_local! {
    static SESSION: RefCell<Session> = RefCell::new(Session::default());
    static OUTPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Takes back a buffer made by [`cf_alloc`].
///
/// # Safety
/// `ptr` and `len` come from one call of `cf_alloc`, and the buffer is handed back once.
unsafe fn take(ptr: *mut u8, len: usize) -> Vec<u8> {
    if len == 0 {
        return Vec::new();
    }
    // SAFETY: the caller's promise: a boxed slice of exactly `len` bytes from cf_alloc.
    unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(ptr, len)) }.into_vec()
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn set_output(bytes: Vec<u8>) -> usize {
    OUTPUT.with_borrow_mut(|o| {
        *o = bytes;
        o.len()
    })
}

/// Room for `len` bytes, for the page to fill and pass to [`cf_add`] or [`cf_set_la`].
#[unsafe(no_mangle)]
pub extern "C" fn cf_alloc(len: usize) -> *mut u8 {
    if len == 0 {
        return std::ptr::NonNull::dangling().as_ptr();
    }
    Box::into_raw(vec![0u8; len].into_boxed_slice()).cast()
}

/// Adds a file under `slot` (0 this year's return, 1 last year's, 2 the provider list); the module
/// takes both buffers.
///
/// # Safety
/// Both buffers come from [`cf_alloc`] with these lengths and are not used by the caller again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cf_add(slot: u32, name: *mut u8, name_len: usize, data: *mut u8, data_len: usize) -> u32 {
    // SAFETY: the caller's promise above.
    let (name, data) = unsafe { (text(take(name, name_len)), take(data, data_len)) };
    match Slot::from_code(slot) {
        Some(slot) => {
            SESSION.with_borrow_mut(|s| s.add(slot, name, data));
            0
        }
        None => 1,
    }
}

/// The submitting authority (GSS code, DfE number or name); empty for none.
///
/// # Safety
/// The buffer comes from [`cf_alloc`] with this length and is not used by the caller again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cf_set_la(ptr: *mut u8, len: usize) {
    // SAFETY: the caller's promise above.
    let la = text(unsafe { take(ptr, len) });
    SESSION.with_borrow_mut(|s| s.set_la(&la));
}

/// Reads the files as `which` (0 SSDA903, 1 CIN) for the collection year ending in `year` and
/// runs its rules. 0: the output is the reader's warnings as a JSON array of strings; 1: the output
/// is the error, for the user; 2: `which` is unknown.
#[unsafe(no_mangle)]
pub extern "C" fn cf_check(which: u32, year: u32) -> u32 {
    let Some(which) = Which::from_code(which) else { return 2 };
    let year = carefile_domain::CollectionYear::new(u16::try_from(year).unwrap_or(u16::MAX));
    match SESSION.with_borrow_mut(|s| s.check(which, year)) {
        Ok(warnings) => {
            set_output(serde_json::to_vec(&warnings).expect("strings serialise"));
            0
        }
        Err(e) => {
            set_output(e.into_bytes());
            1
        }
    }
}

/// Writes the last report as `format` (0 text, 1 CSV, 2 JSON, 3 XLSX) into the output and returns
/// its length; nothing (0) before a successful check or for an unknown format.
#[unsafe(no_mangle)]
pub extern "C" fn cf_report(format: u32) -> usize {
    let format = match format {
        0 => Format::Text,
        1 => Format::Csv,
        2 => Format::Json,
        3 => Format::Xlsx,
        _ => return set_output(Vec::new()),
    };
    set_output(SESSION.with_borrow(|s| s.report(format)).unwrap_or_default())
}

/// Where the output of the last call starts (its length was that call's answer, or
/// [`cf_output_len`]).
#[unsafe(no_mangle)]
pub extern "C" fn cf_output() -> *const u8 {
    OUTPUT.with_borrow(|o| o.as_ptr())
}

/// The output's length.
#[unsafe(no_mangle)]
pub extern "C" fn cf_output_len() -> usize {
    OUTPUT.with_borrow(|o| o.len())
}

/// Forgets the files, the authority, the report and the output.
#[unsafe(no_mangle)]
pub extern "C" fn cf_reset() {
    SESSION.with_borrow_mut(|s| *s = Session::default());
    set_output(Vec::new());
}
