//! `paradox report`: summary.json, charts, HTML, Markdown, CSV tables and the manifest
//! (SPEC §6). Never touches the terminal beyond a progress bar on stderr.

pub mod charts;
