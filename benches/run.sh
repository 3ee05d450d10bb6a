#!/usr/bin/env bash
# Regenerates BENCHMARKS.md: every figure in it comes from one run of this script.
#
#   benches/run.sh            # full run (1M respondents / 20M events; ~15 min on 2 cores)
#   QUICK=1 benches/run.sh    # 10k and 100k only, no Python at 1M (a smoke test)
#
# Needs: cargo, python3 with pandas, scipy and polars (optional: skipped when missing),
# GNU time (/usr/bin/time). Data go to $PARADOX_BENCH_DATA (default /tmp/paradox-bench);
# studies are generated with `paradox synth` once and reused.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
DATA=${PARADOX_BENCH_DATA:-/tmp/paradox-bench}
OUT=$ROOT/BENCHMARKS.md
mkdir -p "$DATA"

echo "building (release)…" >&2
cargo build --release --quiet
BENCH_JSON=$(cargo bench --no-run --bench baseline_csv --bench summary_kernel --bench tui_first_frame --message-format=json 2>/dev/null)
exe_of() {
    printf '%s\n' "$BENCH_JSON" | python3 -c '
import json, sys
for line in sys.stdin:
    try: m = json.loads(line)
    except ValueError: continue
    if m.get("reason") == "compiler-artifact" and m.get("target", {}).get("name") == sys.argv[1] and m.get("executable"):
        print(m["executable"])' "$1" | tail -1
}
PARADOX=$CARGO_TARGET_DIR/release/paradox
BASELINE=$(exe_of baseline_csv)
KERNEL=$(exe_of summary_kernel)
FRAME=$(exe_of tui_first_frame)

study() { # study NAME RESPONDENTS
    local dir=$DATA/$1
    if [ ! -f "$dir/events.csv" ]; then
        echo "synth $1…" >&2
        rm -rf "$dir"
        "$PARADOX" synth --respondents "$2" --events --seed 7 --out "$dir" >/dev/null
    fi
    echo "$dir"
}

# measure LABEL CMD… → appends "LABEL wall_s rss_mb" to $RESULTS (best of 1: runs are long)
RESULTS=$(mktemp)
measure() {
    local label=$1; shift
    local tf; tf=$(mktemp)
    if /usr/bin/time -f '%e %M' -o "$tf" "$@" >/dev/null 2>"$tf.err"; then
        read -r wall kb < "$tf"
        echo "$label $wall $((kb / 1024))" >> "$RESULTS"
        echo "  $label: ${wall}s, $((kb / 1024)) MB" >&2
    else
        echo "$label failed: $(tail -3 "$tf.err")" >&2
        echo "$label - -" >> "$RESULTS"
    fi
    rm -f "$tf" "$tf.err"
}

HAVE_PANDAS=0; python3 -c 'import pandas, scipy' 2>/dev/null && HAVE_PANDAS=1
HAVE_POLARS=0; python3 -c 'import polars' 2>/dev/null && HAVE_POLARS=1

SIZES="10k:10000 100k:100000"
[ -z "${QUICK:-}" ] && SIZES="$SIZES 1m:1000000"
for spec in $SIZES; do
    name=${spec%%:*}; n=${spec#*:}
    dir=$(study "r$name" "$n")
    echo "== $name ($(du -sh "$dir" | cut -f1))" >&2
    cat "$dir/survey.csv" "$dir/events.csv" > /dev/null   # warm the page cache
    measure "baseline_$name" "$BASELINE" "$dir/survey.csv" "$dir/events.csv"
    measure "report_$name" "$PARADOX" report "$dir" --format json --out "$DATA/report_$name"
    measure "check_$name" "$PARADOX" check "$dir"
    if [ "$HAVE_POLARS" = 1 ]; then
        measure "polars_$name" python3 benches/reference/polars_pipeline.py "$dir"
    fi
    if [ "$HAVE_PANDAS" = 1 ]; then
        measure "pandas_$name" python3 benches/reference/pandas_scipy.py "$dir"
    fi
done

KERNEL_OUT=""
if [ -z "${QUICK:-}" ]; then
    # Same survey, a quarter of the events: peak memory must not follow the event count.
    big=$DATA/r1m
    small=$DATA/r1m_5m_events
    if [ ! -f "$small/events.csv" ]; then
        mkdir -p "$small"
        cp "$big/codebook.toml" "$big/survey.csv" "$small/"
        head -n 5000001 "$big/events.csv" > "$small/events.csv"
    fi
    measure "report_1m_5mev" "$PARADOX" report "$small" --format json --out "$DATA/report_5m"
    KERNEL_OUT=$("$KERNEL" "$big")
else
    KERNEL_OUT=$("$KERNEL" "$DATA/r100k")
fi

FRAME_OUT=$("$FRAME" "$ROOT/datasets/sample")
python3 - "$RESULTS" "$OUT" "$KERNEL_OUT" "$FRAME_OUT" <<'PY'
import datetime, os, platform, subprocess, sys
results, out, kernel = sys.argv[1], sys.argv[2], sys.argv[3]
r = {}
for line in open(results):
    label, wall, rss = line.split()
    r[label] = (None if wall == "-" else float(wall), None if rss == "-" else int(rss))
def cpu():
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()
mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
def fmt(x, unit=""):
    return "–" if x is None else f"{x:g}{unit}"
def ratio(a, b):
    return "–" if a is None or b is None or b == 0 else f"{a / b:.2f}×"
lines = []
for size in ["10k", "100k", "1m"]:
    if f"report_{size}" not in r:
        continue
    base = r[f"baseline_{size}"][0]
    rep = r[f"report_{size}"]
    row = [size, fmt(base, " s"), fmt(rep[0], " s"), ratio(rep[0], base), fmt(rep[1], " MB"),
           fmt(r[f"check_{size}"][0], " s")]
    for ref in ["polars", "pandas"]:
        t = r.get(f"{ref}_{size}", (None, None))
        row += [f"{fmt(t[0], ' s')} / {fmt(t[1], ' MB')}", ratio(t[0], rep[0])]
    lines.append("| " + " | ".join(row) + " |")
mem = ""
if "report_1m_5mev" in r:
    mem = (f"| 1M respondents, 5M events | {fmt(r['report_1m_5mev'][0], ' s')} | {fmt(r['report_1m_5mev'][1], ' MB')} |\n"
           f"| 1M respondents, 20M events | {fmt(r['report_1m'][0], ' s')} | {fmt(r['report_1m'][1], ' MB')} |\n")
doc = open(os.path.join(os.path.dirname(out), "benches", "BENCHMARKS.template.md")).read()
doc = doc.format(
    date=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    rev=rev, cpu=cpu(), cores=os.cpu_count(), mem=f"{mem_gib:.0f}", table="\n".join(lines),
    mem_table=mem or "| (not measured: QUICK run) | | |\n", kernel=kernel.strip(),
    frame=sys.argv[4].strip())
open(out, "w").write(doc)
print(f"wrote {out}", file=sys.stderr)
PY
rm -f "$RESULTS"
