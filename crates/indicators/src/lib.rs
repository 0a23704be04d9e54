//! The performance indicator catalogue (being built: see ARCHITECTURE.md).
