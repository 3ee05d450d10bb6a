#!/usr/bin/env bash
# The cost of the do-no-harm checks (output gate, bounded codebooks, PII scan of every used
# column, NFC ids, weight rules, load warnings), measured side by side in one run:
#
#   benches/harm_checks.sh BEFORE_BINARY AFTER_BINARY > section.md
#
# BEFORE and AFTER are release builds of paradox without and with the checks. Runs take
# turns (before, after, before, …) so other work on a shared machine slows both alike.
# Studies: a synthetic one of N respondents with an event log (default 300,000), and the
# same at 2,400 respondents with a group column holding one level per respondent.
# Needs GNU time (/usr/bin/time).
set -euo pipefail
BEFORE=$1
AFTER=$2
N=${N:-300000}
ROUNDS=${ROUNDS:-5}
DATA=${PARADOX_BENCH_DATA:-/tmp/paradox-harm-bench}
mkdir -p "$DATA"
big=$DATA/events-$N
if [ ! -f "$big/events.csv" ]; then
    rm -rf "$big"
    "$AFTER" synth --respondents "$N" --events --seed 7 --out "$big" >/dev/null 2>&1
fi
levels=$DATA/levels-2400
if [ ! -f "$levels/survey.csv" ]; then
    rm -rf "$levels"
    "$AFTER" synth --respondents 2400 --seed 1 --out "$levels" >/dev/null 2>&1
    python3 - "$levels/survey.csv" <<'PY'
import sys
p = sys.argv[1]
rows = open(p).read().splitlines()
head = rows[0].split(",")
at = head.index("country")
out = [rows[0]]
for i, line in enumerate(rows[1:]):
    f = line.split(",")
    f[at] = f"L{i:05d}"
    out.append(",".join(f))
open(p, "w").write("\n".join(out) + "\n")
PY
fi
one() { # one BINARY STUDY → "wall_s rss_mb exit"
    local tf out; tf=$(mktemp); out=$(mktemp -d)
    local code=0
    /usr/bin/time -f '%e %M' -o "$tf" "$1" report "$2" --out "$out/r" >/dev/null 2>&1 || code=$?
    read -r wall kb < "$tf"
    rm -rf "$tf" "$out"
    echo "$wall $((kb / 1024)) $code"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
declare -a bw ar bm am
for i in $(seq "$ROUNDS"); do
    read -r w m _ < <(one "$BEFORE" "$big"); bw+=("$w"); bm+=("$m")
    read -r w m _ < <(one "$AFTER" "$big"); ar+=("$w"); am+=("$m")
done
b_med=$(printf '%s\n' "${bw[@]}" | median)
a_med=$(printf '%s\n' "${ar[@]}" | median)
b_rss=$(printf '%s\n' "${bm[@]}" | sort -n | tail -1)
a_rss=$(printf '%s\n' "${am[@]}" | sort -n | tail -1)
read -r lb_w lb_m lb_c < <(one "$BEFORE" "$levels")
read -r la_w la_m la_c < <(one "$AFTER" "$levels")
events=$(($(wc -l < "$big/events.csv") - 1))
cat <<MD
## Do-no-harm checks: before and after (\`benches/harm_checks.sh\`)

Made on $(date -u +%Y-%m-%d) at $(git rev-parse --short HEAD 2>/dev/null || echo '?'), load average $(cut -d' ' -f1-3 /proc/loadavg),
$ROUNDS interleaved rounds, \`paradox report\` with all formats. *Before*: the build without the
output gate, codebook limits, PII scan of used columns, NFC ids, weight rules and load
warnings; *after*: with them.

| study | before: median wall (s) | after: median wall (s) | after ÷ before | peak RSS before / after (MB) |
| --- | --- | --- | --- | --- |
| synthetic, $N respondents, $events events | $b_med | $a_med | $(python3 -c "print(f'{$a_med/$b_med:.2f}')") | $b_rss / $a_rss |

Each run (s), before: ${bw[*]}; after: ${ar[*]}.

A group column with a level per respondent (2,400 respondents, 2,400 levels; one run each):

| | wall (s) | peak RSS (MB) | exit |
| --- | --- | --- | --- |
| before | $lb_w | $lb_m | $lb_c |
| after (the column is not broken down, with a note) | $la_w | $la_m | $la_c |
MD
