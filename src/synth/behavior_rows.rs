//! The behaviour files: an event log (`events.csv`: prompts, grants, shares, denials and
//! revocations per respondent and data type) or one wide row per respondent
//! (`behavior.csv`: times each data type was shared).

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::format::{push_id, push_timestamp, push_u64};
use super::params::{DATA_TYPES, EVENT_WINDOW_SECONDS, P_EVENT_STOP, UNNAMED_EVENT_TYPES};

/// 1 + the number of failures before the first success with probability `p`.
fn one_plus_geometric(rng: &mut ChaCha8Rng, p: f64) -> u32 {
    let mut n = 1;
    while n < 200 && !rng.random_bool(p) {
        n += 1;
    }
    n
}

/// An action as logged: rarely with different case (the import matches actions ignoring case).
fn push_action(buf: &mut Vec<u8>, rng: &mut ChaCha8Rng, action: &str) {
    let u: f64 = rng.random();
    if u < 0.005 {
        let mut cs = action.chars();
        if let Some(first) = cs.next() {
            buf.push(first.to_ascii_uppercase() as u8);
            buf.extend_from_slice(cs.as_str().as_bytes());
        }
    } else if u < 0.007 {
        buf.extend_from_slice(action.to_ascii_uppercase().as_bytes());
    } else {
        buf.extend_from_slice(action.as_bytes());
    }
}

fn push_event(
    buf: &mut Vec<u8>,
    rng: &mut ChaCha8Rng,
    id: (u64, usize),
    t: u64,
    data_type: &str,
    action: &str,
) {
    push_id(buf, id.0, id.1);
    buf.push(b',');
    push_timestamp(buf, t);
    buf.push(b',');
    buf.extend_from_slice(data_type.as_bytes());
    buf.push(b',');
    push_action(buf, rng, action);
    buf.push(b'\n');
}

/// The event sequence of one (respondent, data type) pair. Shared pairs contain a grant or
/// share; unshared pairs only prompt/deny, so "shared" as the analysis reads it (a grant or share among the pair's events) is
/// exactly `shared`.
pub(super) fn push_pair_events(
    buf: &mut Vec<u8>,
    rng: &mut ChaCha8Rng,
    id: (u64, usize),
    data_type: &str,
    shared: bool,
) -> u64 {
    let n = one_plus_geometric(rng, P_EVENT_STOP);
    let mut t = rng.random_range(0..EVENT_WINDOW_SECONDS);
    let mut granted = false;
    for i in 0..n {
        let action = if shared {
            if !granted && (i + 1 == n || i > 0 || rng.random_bool(0.4)) {
                granted = true;
                "grant"
            } else if !granted {
                "prompt"
            } else {
                let u: f64 = rng.random();
                if u < 0.7 {
                    "share"
                } else if u < 0.85 {
                    "prompt"
                } else {
                    "revoke"
                }
            }
        } else if i == 0 && n > 1 {
            "prompt"
        } else if rng.random_bool(0.5) {
            "deny"
        } else {
            "prompt"
        };
        push_event(buf, rng, id, t, data_type, action);
        t += rng.random_range(60..3 * 86_400);
    }
    u64::from(n)
}

/// Events of data types the codebook does not name.
pub(super) fn push_unnamed_events(
    buf: &mut Vec<u8>,
    rng: &mut ChaCha8Rng,
    id: (u64, usize),
) -> u64 {
    if !rng.random_bool(0.35) {
        return 0;
    }
    let n = rng.random_range(1..=3u64);
    for _ in 0..n {
        let dt = UNNAMED_EVENT_TYPES[rng.random_range(0..UNNAMED_EVENT_TYPES.len())];
        let action = ["grant", "deny", "prompt"][rng.random_range(0..3)];
        let t = rng.random_range(0..EVENT_WINDOW_SECONDS);
        push_event(buf, rng, id, t, dt, action);
    }
    n
}

pub(super) fn behavior_value(buf: &mut Vec<u8>, rng: &mut ChaCha8Rng, known: bool, shared: bool) {
    if !known {
        return;
    }
    if shared {
        push_u64(buf, u64::from(one_plus_geometric(rng, 0.45)));
    } else {
        buf.push(b'0');
    }
}

pub(super) fn wide_header() -> String {
    let mut h = String::from("respondent_id");
    for d in &DATA_TYPES {
        h.push(',');
        h.push_str(d.wide);
    }
    h.push('\n');
    h
}
