//! TEMPORARY stand-in until the report branch lands (json only).
pub mod charts;
use crate::analysis::Summary;
use crate::study::Study;
use std::path::PathBuf;
#[derive(Debug, Clone)]
pub struct Formats(pub Vec<String>);
impl Formats {
    pub fn parse(s: &str) -> Result<Formats, String> {
        Ok(Formats(s.split(',').map(|x| x.trim().to_string()).collect()))
    }
}
pub struct ReportOptions {
    pub out_dir: PathBuf,
    pub formats: Formats,
    pub min_cell: u32,
    pub dp_epsilon: Option<f64>,
    pub dp_seed: Option<u64>,
    pub progress: bool,
}
pub struct ReportOutcome {
    pub out_dir: PathBuf,
    pub files: Vec<(PathBuf, String)>,
}
pub fn write_report(
    _study: &Study,
    summary: &Summary,
    opts: &ReportOptions,
) -> anyhow::Result<ReportOutcome> {
    std::fs::create_dir_all(&opts.out_dir)?;
    let mut j = serde_json::to_vec_pretty(summary)?;
    j.push(b'\n');
    std::fs::write(opts.out_dir.join("summary.json"), j)?;
    Ok(ReportOutcome {
        out_dir: opts.out_dir.clone(),
        files: vec![],
    })
}
