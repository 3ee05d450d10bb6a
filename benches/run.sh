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

# run_once LABEL CMD… → appends "LABEL wall_s rss_mb" for one run to $RUNS (and the
# 1-minute load average before it to $LOADS); summarize LABEL → appends "LABEL wall_s
# rss_mb" to $RESULTS: the median wall time of its runs and the largest peak RSS among them
# (the memory target is a maximum), or "LABEL - -" when a run failed.
# measure RUNS LABEL CMD… does RUNS runs in a row, then summarize.
RESULTS=$(mktemp)
LOADS=$(mktemp)
RUNS=$(mktemp)
run_once() {
    local label=$1; shift
    local tf; tf=$(mktemp)
    cut -d' ' -f1 /proc/loadavg >> "$LOADS"
    if /usr/bin/time -f '%e %M' -o "$tf" "$@" >/dev/null 2>"$tf.err"; then
        read -r wall kb < "$tf"
        echo "$label $wall $((kb / 1024))" >> "$RUNS"
    else
        echo "$label failed: $(tail -3 "$tf.err")" >&2
        echo "$label FAILED 0" >> "$RUNS"
    fi
    rm -f "$tf" "$tf.err"
}
summarize() {
    local label=$1
    local walls=() rss=0 ok=1
    while read -r l wall mb; do
        [ "$l" = "$label" ] || continue
        if [ "$wall" = FAILED ]; then ok=0; continue; fi
        walls+=("$wall")
        [ "$mb" -gt "$rss" ] && rss=$mb
    done < "$RUNS"
    if [ "$ok" = 1 ] && [ ${#walls[@]} -gt 0 ]; then
        local median
        median=$(printf '%s\n' "${walls[@]}" | sort -g | sed -n "$(( (${#walls[@]} + 1) / 2 ))p")
        echo "$label $median $rss" >> "$RESULTS"
        echo "  $label: ${median}s (runs: ${walls[*]}), ${rss} MB" >&2
    else
        echo "$label - -" >> "$RESULTS"
    fi
}
measure() {
    local runs=$1 label=$2; shift 2
    for _ in $(seq "$runs"); do
        run_once "$label" "$@"
    done
    summarize "$label"
}

HAVE_PANDAS=0; python3 -c 'import pandas, scipy' 2>/dev/null && HAVE_PANDAS=1
HAVE_POLARS=0; python3 -c 'import polars' 2>/dev/null && HAVE_POLARS=1

SIZES="10k:10000 100k:100000"
[ -z "${QUICK:-}" ] && SIZES="$SIZES 1m:1000000"
for spec in $SIZES; do
    name=${spec%%:*}; n=${spec#*:}
    dir=$(study "r$name" "$n")
    echo "== $name ($(du -shL "$dir" | cut -f1))" >&2
    cat "$dir/survey.csv" "$dir/events.csv" > /dev/null   # warm the page cache
    # Baseline, report and check take turns (three rounds), so that other work on a shared
    # machine slows each of them alike rather than only whichever ran at the time.
    for _ in 1 2 3; do
        run_once "baseline_$name" "$BASELINE" "$dir/survey.csv" "$dir/events.csv"
        run_once "report_$name" "$PARADOX" report "$dir" --format json --out "$DATA/report_$name"
        run_once "check_$name" "$PARADOX" check "$dir"
    done
    summarize "baseline_$name"
    summarize "report_$name"
    summarize "check_$name"
    if [ "$HAVE_POLARS" = 1 ]; then
        measure 1 "polars_$name" python3 benches/reference/polars_pipeline.py "$dir"
    fi
    if [ "$HAVE_PANDAS" = 1 ]; then
        measure 1 "pandas_$name" python3 benches/reference/pandas_scipy.py "$dir"
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
    measure 3 "report_1m_5mev" "$PARADOX" report "$small" --format json --out "$DATA/report_5m"
    KERNEL_OUT=$("$KERNEL" "$big")
    TIMINGS_STUDY=$big
else
    KERNEL_OUT=$("$KERNEL" "$DATA/r100k")
    TIMINGS_STUDY=$DATA/r100k
fi
# Where the time goes: the phases of one more report run (PARADOX_TIMINGS).
TIMINGS_OUT=$(PARADOX_TIMINGS=1 "$PARADOX" report "$TIMINGS_STUDY" --format json --out "$DATA/report_timings" 2>&1 >/dev/null | grep '^timing' | sed 's/^timing //')
LOAD_OUT=$(sort -g "$LOADS" | sed -n '1p;$p' | paste -sd' ')

FRAME_OUT=$("$FRAME" "$ROOT/datasets/sample")
python3 - "$RESULTS" "$OUT" "$KERNEL_OUT" "$FRAME_OUT" "$TIMINGS_OUT" "$LOAD_OUT" <<'PY'
import datetime, os, platform, re, subprocess, sys
results, out, kernel = sys.argv[1], sys.argv[2], sys.argv[3]
timings, loads = sys.argv[5], sys.argv[6].split()
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
# Status against the issue's targets, from this run's figures.
def verdict(ok):
    return "**met**" if ok else "**not met**"
status = []
size = "1m" if "report_1m" in r else "100k"
base, rep, chk = r[f"baseline_{size}"][0], r[f"report_{size}"], r[f"check_{size}"]
if base and rep[0]:
    q = rep[0] / base
    status.append(f"* report ÷ baseline at {size}: {q:.2f}× (target ≤ 1.5×) — {verdict(q <= 1.5)}.")
for ref, want in [("pandas", 20.0), ("polars", 3.0)]:
    t = r.get(f"{ref}_{size}", (None, None))[0]
    if t and rep[0]:
        q = t / rep[0]
        status.append(f"* {ref} ÷ report at {size}: {q:.1f}× (target ≥ {want:g}×"
                      + (", read here as \"several\"" if ref == "polars" else "") + f") — {verdict(q >= want)}.")
        if q < want and base and chk[0]:
            need = t / want
            status.append(f"  {want:g}× would need the whole report in {need:.2f} s: {need / base:.2f}× the bare "
                          f"`csv` read of the same files on one thread ({base:.2f} s); loading alone (`check`) "
                          f"takes {chk[0]:.2f} s (see *Where the time goes*).")
if rep[1]:
    status.append(f"* peak RSS of the report at {size}: {rep[1]} MB (target < 300 MB at 1M / 20M) — {verdict(rep[1] < 300)}.")
m = re.search(r"summarize_all_dashboard_ms=([0-9.]+)", kernel) or re.search(r"summarize_all_ms=([0-9.]+)", kernel)
if m:
    ms = float(m.group(1))
    status.append(f"* dashboard whole-study recompute: {ms:g} ms (target < 150 ms at 1M) — {verdict(ms < 150)}.")
m = re.search(r"median ([0-9.]+) ms", sys.argv[4])
if m:
    ms = float(m.group(1))
    status.append(f"* first dashboard frame on the sample: {ms:g} ms (target < 300 ms) — {verdict(ms < 300)}.")
if all(f"report_{s}" in r for s in ["100k", "1m"]) and r["report_100k"][0] and r["report_1m"][0]:
    g = r["report_1m"][0] / r["report_100k"][0]
    status.append(f"* scaling: 10× the respondents and events (100k → 1M) took {g:.1f}× the time and "
                  f"{r['report_1m'][1] / r['report_100k'][1]:.1f}× the memory.")
doc = open(os.path.join(os.path.dirname(out), "benches", "BENCHMARKS.template.md")).read()
doc = doc.format(
    date=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    rev=rev, cpu=cpu(), cores=os.cpu_count(), mem=f"{mem_gib:.0f}", table="\n".join(lines),
    mem_table=mem or "| (not measured: QUICK run) | | |\n", kernel=kernel.strip(),
    frame=sys.argv[4].strip(), timings=timings.strip(), status="\n".join(status),
    load_min=loads[0] if loads else "?", load_max=loads[-1] if loads else "?")
# Sections measured by other benches (the dashboard bench, benches/harm_checks.sh,
# benches/parquet_vs_csv.sh) sit between `<!-- NAME:start … -->` and `<!-- NAME:end -->`
# markers: keep them as they were, in their order.
previous = open(out).read() if os.path.exists(out) else ""
for kept in re.finditer(r"<!-- (\w+):start.*?<!-- \1:end -->\n", previous, re.S):
    doc = doc.rstrip("\n") + "\n\n" + kept.group(0)
open(out, "w").write(doc)
print(f"wrote {out}", file=sys.stderr)
PY
rm -f "$RESULTS" "$LOADS" "$RUNS"
