//! Which values publishing nulled, each counted once: the paths behind
//! `disclosure_control.suppressed_cells`.

use serde_json::Value;

use crate::analysis::Summary;

/// JSON paths (e.g. `gap.by_cohort[2].concern_table[0][1]`) of the values present in
/// `unsuppressed` and `null` in `published`. A CI or a map nulled as a whole is one path. A
/// gap block's `rho_mde` and `equivalence` fields are left out: they restate its n, ρ and
/// risk difference, are nulled exactly when those are, and would count the same hidden
/// value twice.
pub fn suppressed_paths(unsuppressed: &Summary, published: &Summary) -> Vec<String> {
    let (Ok(a), Ok(b)) = (
        serde_json::to_value(unsuppressed),
        serde_json::to_value(published),
    ) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    walk(&a, &b, String::new(), &mut out);
    out.retain(|p| !restates_counted_values(p));
    out
}

fn walk(a: &Value, b: &Value, path: String, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Null, _) => {}
        (_, Value::Null) => out.push(path),
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                if let Some(w) = y.get(k) {
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    walk(v, w, p, out);
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            // Count arrays are compared cell by cell; a CI's bounds are never nulled
            // one at a time, so a nulled CI is caught above as one value.
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                walk(v, w, format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// Whether a path is one of a gap block's power and equivalence fields (`rho_mde`,
/// `equivalence.…`).
fn restates_counted_values(path: &str) -> bool {
    path.ends_with(".rho_mde") || path.contains(".equivalence")
}
