//! The committee report renderer (being built: see ARCHITECTURE.md).
