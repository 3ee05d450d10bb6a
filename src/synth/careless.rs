//! Careless respondents (`--careless RATE`): every survey row gets a completion time and an
//! attention-check answer, and a share of the respondents become speeders, straightliners
//! or attention-check failures, listed by id in `truth.json`.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use super::format::{push_id, push_u64};
use super::respondent::{normal, Respondent};

/// Median completion time of attentive respondents, seconds (a 15-minute questionnaire
/// finished a little faster than planned).
const DURATION_MEDIAN: f64 = 540.0;
/// Log-normal spread of attentive durations: 0.35 puts about 0.03% of attentive
/// respondents below 30% of the median (naturally fast, rarely under the cut-off).
const DURATION_SIGMA: f64 = 0.35;
/// Planted speeders: median 17% of the attentive median, spread 0.3, so about 3% of them
/// are slower than the 30% cut-off and escape the speeder rule.
const SPEEDER_FRACTION: f64 = 0.17;
const SPEEDER_SIGMA: f64 = 0.3;
const P_DURATION_MISSING: f64 = 0.002;
/// Attentive respondents who still miss the instructed answer, and who skip the item.
const P_ATTENTION_SLIP: f64 = 0.001;
const P_ATTENTION_MISSING: f64 = 0.004;
/// The instructed answer of the attention item ("please select 'Disagree' (2)").
pub(super) const ATTENTION_EXPECTED: u8 = 2;
/// Behaviours of a careless respondent, each drawn independently and redrawn until at
/// least one is present.
const P_CARELESS_SPEEDER: f64 = 0.6;
const P_CARELESS_STRAIGHT: f64 = 0.45;
const P_CARELESS_ATTENTION: f64 = 0.45;
/// Seed offset of the careless draws, which come from a stream of their own: the main
/// stream is untouched, so the behaviour file and every survey answer except the planted
/// straightliners' concern items are exactly those written without `--careless`.
const CARELESS_STREAM: u64 = 0x5EED_CA2E_1E55_0001;

/// The columns a survey with careless respondents has after the model's.
pub(super) const CARELESS_COLUMNS: &str = ",duration_s,attention_check";

/// One planted careless respondent.
#[derive(Debug, Serialize)]
struct PlantedCareless {
    id: String,
    kinds: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
pub(super) struct CarelessTruth {
    rate: f64,
    description: Vec<&'static str>,
    planted: u64,
    speeders: u64,
    straightliners: u64,
    attention_failures: u64,
    respondents: Vec<PlantedCareless>,
}

/// Duration and attention answer of one survey row.
pub(super) struct CarelessColumns {
    duration: Option<f64>,
    attention: Option<u8>,
}

impl CarelessColumns {
    pub(super) fn push_to(&self, buf: &mut Vec<u8>) {
        buf.push(b',');
        match self.duration {
            Some(d) => push_u64(buf, d.round().max(1.0) as u64),
            None => buf.extend_from_slice(b"NA"),
        }
        buf.push(b',');
        match self.attention {
            Some(a) => buf.push(b'0' + a),
            None => buf.extend_from_slice(b"NA"),
        }
    }
}

pub(super) struct Careless {
    rate: f64,
    rng: ChaCha8Rng,
    planted: Vec<PlantedCareless>,
}

impl Careless {
    pub(super) fn new(rate: f64, seed: u64) -> Careless {
        Careless {
            rate,
            rng: ChaCha8Rng::seed_from_u64(seed ^ CARELESS_STREAM),
            planted: Vec::new(),
        }
    }

    /// Draws respondent `number`'s duration and attention answer and, with probability
    /// `rate` (rows without a planted row error only: those are rejected anyway), makes them
    /// careless: a speeder, a straightliner on the 5-item concern scale, and/or a failed
    /// attention check.
    pub(super) fn draw(
        &mut self,
        r: &mut Respondent,
        number: u64,
        width: usize,
    ) -> CarelessColumns {
        let rng = &mut self.rng;
        let duration = (!rng.random_bool(P_DURATION_MISSING))
            .then(|| DURATION_MEDIAN * (DURATION_SIGMA * normal(rng)).exp());
        let attention = if rng.random_bool(P_ATTENTION_MISSING) {
            None
        } else if rng.random_bool(P_ATTENTION_SLIP) {
            Some(other_answer(rng))
        } else {
            Some(ATTENTION_EXPECTED)
        };
        let mut cols = CarelessColumns {
            duration,
            attention,
        };
        if r.row_error.is_some() || !rng.random_bool(self.rate) {
            return cols;
        }
        let (mut speeder, mut straight, mut attn) = (false, false, false);
        while !(speeder || straight || attn) {
            speeder = rng.random_bool(P_CARELESS_SPEEDER);
            straight = rng.random_bool(P_CARELESS_STRAIGHT);
            attn = rng.random_bool(P_CARELESS_ATTENTION);
        }
        let mut kinds = Vec::new();
        if speeder {
            cols.duration =
                Some(DURATION_MEDIAN * SPEEDER_FRACTION * (SPEEDER_SIGMA * normal(rng)).exp());
            kinds.push("speeder");
        }
        if straight {
            // The same answer to every item as written (mostly the middle or agreeing end).
            let v = [3u8, 4, 4, 4, 5, 5, 6, 7][rng.random_range(0..8)];
            r.concern = [Some(v); 5];
            kinds.push("straightliner");
        }
        if attn {
            cols.attention = Some(other_answer(rng));
            kinds.push("attention");
        }
        let mut id = Vec::new();
        push_id(&mut id, number, width);
        self.planted.push(PlantedCareless {
            id: String::from_utf8_lossy(&id).into_owned(),
            kinds,
        });
        cols
    }

    pub(super) fn into_truth(self) -> CarelessTruth {
        let count = |k: &str| self.planted.iter().filter(|p| p.kinds.contains(&k)).count() as u64;
        CarelessTruth {
            rate: self.rate,
            description: vec![
                "Every survey row has duration_s (seconds; attentive: log-normal, median 540, sigma 0.35; 0.2% 'NA') and attention_check (instructed answer 2; attentive respondents miss it with probability 0.001 and skip it with 0.004).",
                "With probability `rate`, a row without a planted row error is careless: speeder (p 0.6; duration log-normal around 17% of the attentive median, sigma 0.3, so a few are slower than the 30% cut-off), straightliner (p 0.45; one answer to all five concern items as written), failed attention check (p 0.45; an answer other than 2); redrawn until at least one applies.",
                "Careless answers do not follow the model: the planted population values describe the attentive respondents.",
            ],
            planted: self.planted.len() as u64,
            speeders: count("speeder"),
            straightliners: count("straightliner"),
            attention_failures: count("attention"),
            respondents: self.planted,
        }
    }
}

/// A 1..5 answer other than the instructed one.
fn other_answer(rng: &mut ChaCha8Rng) -> u8 {
    [1u8, 3, 4, 5][rng.random_range(0..4)]
}
