//! TEMPORARY stand-in until the synth branch lands.
use std::path::PathBuf;
pub struct SynthOptions {
    pub respondents: u64,
    pub seed: u64,
    pub out: PathBuf,
    pub events: bool,
    pub force: bool,
}
#[derive(Debug)]
pub struct SynthOutcome;
#[derive(Debug, thiserror::Error)]
#[error("synth not available yet")]
pub struct SynthError;
pub fn generate(_o: &SynthOptions, _p: &dyn Fn(u64)) -> Result<SynthOutcome, SynthError> {
    Err(SynthError)
}
