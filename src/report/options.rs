//! What `paradox report` is asked for: the output formats (`--format html,md`) and the
//! options of one run (folder, disclosure-control settings recorded in the manifest).

use std::collections::BTreeSet;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use super::error::ReportError;

/// One kind of output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Html,
    Md,
    Svg,
    Png,
    Csv,
    Json,
}

impl Format {
    pub const ALL: [Format; 6] = [
        Format::Html,
        Format::Md,
        Format::Svg,
        Format::Png,
        Format::Csv,
        Format::Json,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Md => "md",
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }
}

/// The set of formats to write (`--format html,md`). `manifest.json` is always written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formats(BTreeSet<Format>);

impl Formats {
    pub fn all() -> Formats {
        Formats(Format::ALL.into_iter().collect())
    }

    /// Parses a comma-separated list, trimmed and ignoring case; `all` means every format,
    /// `markdown` is accepted for `md`.
    pub fn parse(s: &str) -> Result<Formats, ReportError> {
        let mut set = BTreeSet::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let lower = part.to_ascii_lowercase();
            if lower == "all" {
                set.extend(Format::ALL);
                continue;
            }
            let f = match lower.as_str() {
                "markdown" => Format::Md,
                _ => Format::ALL
                    .into_iter()
                    .find(|f| f.name() == lower)
                    .ok_or_else(|| ReportError::UnknownFormat {
                        value: part.to_string(),
                    })?,
            };
            set.insert(f);
        }
        if set.is_empty() {
            return Err(ReportError::UnknownFormat {
                value: s.to_string(),
            });
        }
        Ok(Formats(set))
    }

    pub fn contains(&self, f: Format) -> bool {
        self.0.contains(&f)
    }

    /// Names in a fixed order (html, md, svg, png, csv, json).
    pub fn names(&self) -> Vec<&'static str> {
        self.0.iter().map(|f| f.name()).collect()
    }
}

impl Default for Formats {
    fn default() -> Self {
        Formats::all()
    }
}

impl FromStr for Formats {
    type Err = ReportError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Formats::parse(s)
    }
}

impl fmt::Display for Formats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.names().join(","))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReportOptions {
    /// The report folder, e.g. `reports/NAME`; replaced as a whole.
    pub out_dir: PathBuf,
    pub formats: Formats,
    /// Show a progress bar on stderr when it is a terminal.
    pub progress: bool,
}

impl ReportOptions {
    /// All formats, no progress bar.
    pub fn new(out_dir: impl Into<PathBuf>) -> ReportOptions {
        ReportOptions {
            out_dir: out_dir.into(),
            formats: Formats::all(),
            progress: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_lists_aliases_and_all() {
        let f = Formats::parse(" HTML, markdown ").unwrap_or_else(|_| Formats::all());
        assert_eq!(f.names(), vec!["html", "md"]);
        assert_eq!(Formats::parse("all").map(|f| f.names().len()).ok(), Some(6));
        assert!(Formats::parse("pdf").is_err());
        assert!(Formats::parse(" , ").is_err());
        assert_eq!(Formats::all().to_string(), "html,md,svg,png,csv,json");
    }
}
