//! The web application (being built: see ARCHITECTURE.md).
