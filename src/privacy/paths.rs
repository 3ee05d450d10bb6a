//! Which values publishing nulled: the paths the dashboard marks as "would be suppressed".

use serde_json::Value;

use crate::analysis::Summary;

/// JSON paths (e.g. `gap.by_cohort[2].concern_table[0][1]`) of the values present in
/// `unsuppressed` and `null` in `published` — what the dashboard marks as "would be
/// suppressed". A CI or a map nulled as a whole is one path.
pub fn suppressed_paths(unsuppressed: &Summary, published: &Summary) -> Vec<String> {
    let (Ok(a), Ok(b)) = (
        serde_json::to_value(unsuppressed),
        serde_json::to_value(published),
    ) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    walk(&a, &b, String::new(), &mut out);
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
