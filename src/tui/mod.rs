//! The dashboard (SPEC §7): ratatui + crossterm. The only module that touches the terminal.
