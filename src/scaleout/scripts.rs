//! The scripts `paradox scale-out` writes beside the query: `driver.py`, which runs
//! `aggregate.sql` over the log in the engine (DuckDB's Python package, or PySpark), and
//! `run.sh`, which starts it the way the machine allows (DuckDB: the Python package, else
//! the `duckdb` command line; Spark: `spark-submit` when present — it takes `--master` and
//! the rest from `SPARK_SUBMIT_ARGS` — else `python3`). Paths are resolved from the
//! script's own folder, so they run from anywhere.

use super::source::Source;
use super::sql::{Dialect, HIDDEN, SPARK_ID_FUNCTION, UNICODE_WS};

/// A Python string literal.
fn py(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A shell word in single quotes.
fn sh(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// Python's list of (low, high) code point pairs.
fn py_ranges(r: &[(u32, u32)]) -> String {
    let items: Vec<String> = r
        .iter()
        .map(|(lo, hi)| format!("(0x{lo:X}, 0x{hi:X})"))
        .collect();
    format!("[{}]", items.join(", "))
}

/// The guess of a log's format from its address, shared by both drivers.
const GUESS_FORMAT: &str = r#"def guess_format(uri):
    """csv for .csv/.tsv/.txt (also compressed), else parquet (a file, a glob or a folder)."""
    name = uri.lower().rstrip("/")
    for ext in (".gz", ".zst", ".bz2"):
        if name.endswith(ext):
            name = name[: -len(ext)]
    if name.endswith((".csv", ".tsv", ".txt")):
        return "csv"
    return "parquet"
"#;

/// `driver.py` for `dialect`, reading `source` unless given another log.
pub fn driver(dialect: Dialect, source: &Source, header: &str) -> String {
    let mut s = String::from("#!/usr/bin/env python3\n");
    for line in header.lines() {
        s.push_str(&format!("# {line}\n"));
    }
    s.push_str(&format!(
        "#\n# Usage: driver.py [EVENTS [OUTPUT]] — by default the log below, and {} beside this file.\nimport os\nimport sys\n\n",
        match dialect {
            Dialect::DuckDb => "behavior.parquet",
            Dialect::Spark => "the folder behavior/",
        }
    ));
    s.push_str(&format!(
        "HERE = os.path.dirname(os.path.abspath(__file__))\nDEFAULT_EVENTS = {}\nDEFAULT_FORMAT = {}\nDEFAULT_DELIMITER = {}\n\n",
        py(&source.uri),
        py(source.format_name()),
        py(&source.delimiter.map(|d| (d as char).to_string()).unwrap_or_default()),
    ));
    s.push_str(GUESS_FORMAT);
    s.push_str(
        r#"

events = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_EVENTS
fmt = DEFAULT_FORMAT if len(sys.argv) <= 1 else guess_format(events)
delimiter = DEFAULT_DELIMITER if len(sys.argv) <= 1 else ("\t" if ".tsv" in events.lower() else "")
with open(os.path.join(HERE, "aggregate.sql"), encoding="utf-8") as f:
    query = f.read()
"#,
    );
    match dialect {
        Dialect::DuckDb => s.push_str(DUCKDB_MAIN),
        Dialect::Spark => {
            s.push_str(&format!(
                "\n# The id rules of paradox: Unicode white space trimmed, control (Cc) and invisible\n# format (Cf, Unicode 15.1) characters refused, NFC.\nWHITE_SPACE = \"\".join(chr(c) for lo, hi in {} for c in range(lo, hi + 1))\nHIDDEN = {}\n",
                py_ranges(&UNICODE_WS),
                py_ranges(&HIDDEN)
            ));
            s.push_str(&SPARK_MAIN.replace("@ID_FUNCTION@", SPARK_ID_FUNCTION));
        }
    }
    s
}

const DUCKDB_MAIN: &str = r#"out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "behavior.parquet")

import duckdb  # noqa: E402  (pip install duckdb)


def q(text):
    return "'" + text.replace("'", "''") + "'"


if fmt == "parquet":
    path = events
    if os.path.isdir(path):
        path = os.path.join(path, "*.parquet")
    source = f"read_parquet({q(path)})"
else:
    delim = f", delim = {q(delimiter)}" if delimiter else ""
    # Text as written; rows of the wrong width are skipped, as paradox rejects them.
    source = f"read_csv({q(events)}, header = true, all_varchar = true, quote = '\"', escape = '\"', ignore_errors = true{delim})"
if os.path.exists(out):
    with open(out, "rb") as f:
        if f.read(4) != b"PAR1":
            sys.exit(f"{out}: exists and is not a Parquet file written here; move it away first")
con = duckdb.connect()
con.execute(f"CREATE VIEW events AS SELECT * FROM {source}")
partial = out + ".partial"
con.execute(f"COPY ({query}) TO {q(partial)} (FORMAT PARQUET)")
os.replace(partial, out)
rows = con.execute(f"SELECT count(*) FROM read_parquet({q(out)})").fetchone()[0]
print(f"wrote {out} ({rows} respondents)")
"#;

const SPARK_MAIN: &str = r#"

def clean_id(rid):
    if rid is None:
        return None
    text = rid.strip(WHITE_SPACE)
    for c in text:
        o = ord(c)
        if any(lo <= o <= hi for lo, hi in HIDDEN):
            return None
    return unicodedata.normalize("NFC", text)


def previous_output(path):
    """A local folder holding only what Spark writes for a table (or nothing)."""
    if "://" in path and not path.startswith("file://"):
        return False
    path = path[len("file://"):] if path.startswith("file://") else path
    if not os.path.exists(path):
        return True
    if not os.path.isdir(path):
        return False
    return all(
        n.startswith(("part-", "_SUCCESS", "._SUCCESS")) or (n.startswith(".part-") and n.endswith(".crc"))
        for n in os.listdir(path)
    )


import unicodedata  # noqa: E402
from pyspark.sql import SparkSession  # noqa: E402  (pip install pyspark; needs Java 17+)

out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "behavior")
# Spark's INFO lines (hundreds per run) only from SPARK_LOG_LEVEL=INFO; warnings and errors always.
level = os.environ.get("SPARK_LOG_LEVEL", "WARN")
spark = SparkSession.builder.appName("paradox scale-out").config("spark.log.level", level).getOrCreate()
spark.udf.register("@ID_FUNCTION@", clean_id, "string")
if fmt == "parquet":
    frame = spark.read.parquet(events)
else:
    options = {"header": True, "escape": '"', "mode": "DROPMALFORMED"}
    if delimiter:
        options["sep"] = delimiter
    frame = spark.read.options(**options).csv(events)
frame.createOrReplaceTempView("events")
mode = "overwrite" if previous_output(out) else "errorifexists"
spark.sql(query).write.mode(mode).parquet(out)
rows = spark.read.parquet(out).count()
print(f"wrote {out} ({rows} respondents)")
spark.stop()
"#;

/// `run.sh` for `dialect`.
pub fn run_sh(dialect: Dialect, source: &Source, header: &str) -> String {
    let mut s = String::from("#!/usr/bin/env bash\n");
    for line in header.lines() {
        s.push_str(&format!("# {line}\n"));
    }
    s.push_str("#\n# Usage: bash run.sh [EVENTS [OUTPUT]]\nset -euo pipefail\nHERE=\"$(cd \"$(dirname \"${BASH_SOURCE[0]}\")\" && pwd)\"\n");
    match dialect {
        Dialect::DuckDb => {
            s.push_str(
                "if python3 -c 'import duckdb' >/dev/null 2>&1; then\n  exec python3 \"$HERE/driver.py\" \"$@\"\nfi\nif ! command -v duckdb >/dev/null 2>&1; then\n  echo \"run.sh needs DuckDB: python3 -m pip install duckdb (or the duckdb command line)\" >&2\n  exit 1\nfi\n",
            );
            s.push_str("# The duckdb command line, for the log given to paradox scale-out only.\n");
            s.push_str("if [ $# -gt 0 ]; then\n  echo \"run.sh: another log needs the Python package (python3 -m pip install duckdb)\" >&2\n  exit 1\nfi\n");
            s.push_str(&format!(
                "OUT=\"$HERE/behavior.parquet\"\n{{\n  echo {}\n  echo 'COPY ('\n  cat \"$HERE/aggregate.sql\"\n  printf \") TO '%s' (FORMAT PARQUET);\\n\" \"${{OUT//\\'/\\'\\'}}.partial\"\n}} | duckdb\nmv \"$OUT.partial\" \"$OUT\"\necho \"wrote $OUT\"\n",
                sh(&format!(
                    "CREATE VIEW events AS SELECT * FROM {};",
                    source.duckdb_reader()
                ))
            ));
        }
        Dialect::Spark => {
            s.push_str(
                "if command -v spark-submit >/dev/null 2>&1; then\n  # SPARK_SUBMIT_ARGS, e.g. \"--master yarn\", go to spark-submit unchanged.\n  # shellcheck disable=SC2086\n  exec spark-submit ${SPARK_SUBMIT_ARGS:-} \"$HERE/driver.py\" \"$@\"\nfi\nif python3 -c 'import pyspark' >/dev/null 2>&1; then\n  exec python3 \"$HERE/driver.py\" \"$@\"\nfi\necho \"run.sh needs Spark: spark-submit, or python3 -m pip install pyspark (with a Java 17+ runtime)\" >&2\nexit 1\n",
            );
        }
    }
    s
}
