//! `README.md` of a scale-out folder: what the files are, the exact commands (run the
//! engine, then report on its table), the rules the query follows and what differs from
//! reading the log directly.

use std::path::Path;

use super::source::Source;
use super::sql::{Dialect, Plan};

pub fn engine_name(d: Dialect) -> &'static str {
    match d {
        Dialect::DuckDb => "duckdb",
        Dialect::Spark => "spark",
    }
}

/// Where `run.sh` leaves the wide table, inside the folder.
pub fn table_name(d: Dialect) -> &'static str {
    match d {
        Dialect::DuckDb => "behavior.parquet",
        Dialect::Spark => "behavior",
    }
}

pub struct ReadmeInput<'a> {
    pub study: &'a Path,
    pub out: &'a Path,
    pub engine: Dialect,
    pub source: &'a Source,
    pub plan: &'a Plan,
}

/// A path as a shell word.
fn word(p: &Path) -> String {
    let s = p.display().to_string();
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+:".contains(c))
    {
        s
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

pub fn readme(i: &ReadmeInput<'_>) -> String {
    let table = i.out.join(table_name(i.engine));
    let (engine, install, run_how) = match i.engine {
        Dialect::DuckDb => (
            "DuckDB",
            "`python3 -m pip install duckdb` (or the `duckdb` command line, used when the Python package is missing, for the log named here only)",
            "`run.sh` runs `driver.py` with `python3`, which reads the log with `read_parquet`/`read_csv` and writes the table with `COPY … (FORMAT PARQUET)`.",
        ),
        Dialect::Spark => (
            "Spark",
            "`spark-submit` on the PATH, or `python3 -m pip install pyspark` with a Java 17+ runtime",
            "`run.sh` runs `driver.py` with `spark-submit` when there is one (on a cluster: `SPARK_SUBMIT_ARGS=\"--master yarn\" bash run.sh s3://bucket/events/ s3://bucket/behavior/` — the log and the output then on storage the cluster reads), else with `python3` and a local Spark. Spark's own messages are kept to warnings and errors; `SPARK_LOG_LEVEL=INFO bash run.sh` shows them all.",
        ),
    };
    let columns: Vec<String> = i
        .plan
        .columns
        .iter()
        .map(|(name, key)| match key {
            Some(k) => format!("* `{name}` — events whose `{}` is `{k}`", i.plan.data_type),
            None => format!("* `{name}` — always empty: another data type has the same event name"),
        })
        .collect();
    let share = if i.plan.share.is_empty() {
        "(none)".to_string()
    } else {
        i.plan
            .share
            .iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        r#"# The event log aggregated per respondent, by {engine}

Written by `paradox scale-out` from the codebook of `{study}`. Regenerate the folder with
the same command after changing the codebook instead of editing these files.

| file | what it is |
| --- | --- |
| `aggregate.sql` | the query: one row per respondent, one column per data type |
| `driver.py` | runs the query in {engine} over the log and writes the table |
| `run.sh` | starts `driver.py` from this folder's own path, so it runs from anywhere |

## Commands

Needs {install}.

```sh
bash {run}
paradox report {study} --behavior {table}
```

{run_how} The log read by default is `{uri}` ({format}); another one, and another place for
the table, are given as `bash run.sh EVENTS [OUTPUT]` (a file, a glob, a folder, `s3://…`;
`.csv`, `.tsv` and `.txt` names are read as CSV, anything else as Parquet).

`paradox report` then reads the table in place of the event log (`--behavior` overrides the
study folder's log) and gives the same `summary.json` as `paradox report {study}` on the log
itself. The same works with `paradox check` and the dashboard (`paradox tui`).

## The table

One row per respondent id with at least one valid event, the id column `{id}`, then

{columns}

each `1` (an event of that type has a share action: {share}), `0` (events of that type, none
with a share action) or empty (no event of that type).

## The rules, as paradox reads the log

* The columns `{id}`, `{dt}` and `{action}` are read as text; a field is trimmed of ASCII
  white space; an empty field or a null is no value.
* An event without an id, a data type or an action is left out (paradox rejects the row).
* Data types and actions are compared with the codebook's names trimmed and in lower case,
  the field's ASCII letters folded to lower case (no other letters are folded).
* Ids are trimmed of Unicode white space; an id holding a control or invisible format
  character is left out (paradox rejects the row); ids are compared in Unicode NFC, so an
  id written decomposed in the log matches the survey's.
* A respondent whose events are all of types the codebook does not name has a row with
  every column empty: such a respondent has behaviour data, as in paradox's reading.
* CSV rows of the wrong width are skipped (paradox rejects them).

## What differs from reading the log directly

* **Counts of the log.** The audit of `paradox check` (events read, rejected rows with their
  lines, ignored event types, events of ids not in the survey) describes the table, one row
  per respondent, not the log; keep the engine's own counts if a report must state them.
* **Unicode versions.** NFC and the list of invisible characters are those of the engine's
  Unicode tables (Python's `unicodedata` for Spark); ids using characters assigned in the
  newest Unicode versions may compare differently.
"#,
        study = word(i.study),
        run = word(&i.out.join("run.sh")),
        table = word(&table),
        uri = i.source.uri,
        format = i.source.format_name(),
        id = i.plan.id,
        dt = i.plan.data_type,
        action = i.plan.action,
        columns = columns.join("\n"),
    )
}
