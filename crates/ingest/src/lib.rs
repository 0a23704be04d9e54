//! Building the journey from existing returns (being built: see ARCHITECTURE.md).
