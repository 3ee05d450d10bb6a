#!/usr/bin/env python3
"""Independent reference implementation of the statistics of paradox.

Written from the documented definitions only (import rules, cohorts, scale scores, the
statistics of docs/methods.md) — not from the Rust code — so that the `reference_compare`
tests (`tests/it/reference_compare.rs`) can check the Rust tool's `summary.json` against it.

Usage:
    python3 tests/reference/paradox_reference.py STUDY_DIR [--no-weights] > out.json

It reads `codebook.toml` (tomllib), `survey.csv` and `behavior.csv` / `events.csv` with the
documented import rules and prints a JSON object shaped like `summary.json`, without
disclosure control (the comparison runs the tool with `--min-cell 0`). Fields it cannot
derive from the definitions (`distributions`, `notes`, texts) are left out; the comparison
only checks the fields present here.

Libraries: numpy, pandas (not needed beyond numpy), scipy.stats, statsmodels.
"""

import csv
import io
import json
import math
import os
import re
import sys
import tomllib

import numpy as np
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

Z = 1.959963984540054  # z of the 95% (Wilson) intervals


# --------------------------------------------------------------------------- reading


def norm_label(s):
    """Label matching: trimmed, case-insensitive, inner whitespace collapsed."""
    return " ".join(s.split()).casefold()


def read_csv_rows(path):
    """Returns (header, [(line_no, fields)]) with BOM, CRLF and sniffed delimiter handled."""
    with open(path, "rb") as f:
        raw = f.read()
    text = raw.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    # Sniff the delimiter on the header line: the candidate occurring most often outside
    # quotes (ties resolved in the order , ; tab).
    first = text.split("\n", 1)[0]
    outside = re.sub(r'"[^"]*"', "", first)
    counts = {d: outside.count(d) for d in [",", ";", "\t"]}
    delim = max([",", ";", "\t"], key=lambda d: counts[d])
    if counts[delim] == 0:
        delim = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    rows = []
    header = None
    for fields in reader:
        line = reader.line_num
        if header is None:
            header = [h.strip() for h in fields]
            continue
        if len(fields) == 0 or (len(fields) == 1 and fields[0] == ""):
            continue  # blank line
        rows.append((line, fields))
    if header is None:
        header = []
    # Qualtrics: row 2 = question texts, row 3 = {"ImportId": …} objects.
    if len(rows) >= 2 and any(f.strip().startswith('{"ImportId"') for f in rows[1][1]):
        rows = rows[2:]
    return header, rows


class Codes:
    def __init__(self, cb):
        cols = cb["columns"]
        miss = cols.get("missing", ["", "NA", "N/A"])
        self.missing = {m.strip().casefold() for m in miss}
        self.labels = {
            name: {norm_label(k): v for k, v in ls.items()}
            for name, ls in cb.get("labels", {}).items()
        }
        self.label_columns = cb.get("label_columns", {})

    def is_missing(self, raw):
        t = raw.strip()
        return t == "" or t.casefold() in self.missing

    def code(self, col, raw, lo, hi, whole=True):
        """-> (value or None, ok). None = missing; ok False = row error."""
        if self.is_missing(raw):
            return None, True
        ls = self.label_columns.get(col)
        if ls is not None:
            v = self.labels.get(ls, {}).get(norm_label(raw))
            if v is not None:
                return float(v), True
        try:
            x = float(raw.strip())
        except ValueError:
            return None, False
        if not math.isfinite(x):
            return None, False
        if whole and x != math.floor(x):
            return None, False
        if lo is not None and x < lo:
            return None, False
        if hi is not None and x > hi:
            return None, False
        return x, True


def generation(by):
    if by <= 1945:
        return "Silent"
    if by <= 1964:
        return "Boomers"
    if by <= 1980:
        return "Gen X"
    if by <= 1996:
        return "Millennials"
    if by <= 2012:
        return "Gen Z"
    return "Gen Alpha"


GENERATIONS = ["Silent", "Boomers", "Gen X", "Millennials", "Gen Z", "Gen Alpha"]


def band_names(edges):
    names = []
    for i, e in enumerate(edges):
        if i + 1 < len(edges):
            names.append(f"{e}-{edges[i + 1] - 1}")
        else:
            names.append(f"{e}+")
    return names


def load(study_dir, use_weights):
    with open(os.path.join(study_dir, "codebook.toml"), "rb") as f:
        cb = tomllib.load(f)
    codes = Codes(cb)
    cols = cb["columns"]
    year = cb["study"].get("survey_year")
    header, rows = read_csv_rows(os.path.join(study_dir, "survey.csv"))
    hidx = {h: i for i, h in enumerate(header)}

    scales = cb.get("scale", [])
    dtypes = cb.get("data_type", [])
    tactics = cb.get("tactic", [])
    bspec = cb.get("behavior", {})
    bformat = bspec.get("format", "wide")

    beh_file = None
    if bformat == "wide" and os.path.exists(os.path.join(study_dir, "behavior.csv")):
        beh_file = "behavior.csv"
    if bformat == "events" and os.path.exists(os.path.join(study_dir, "events.csv")):
        beh_file = "events.csv"
    bheader, brows = ([], [])
    if beh_file:
        bheader, brows = read_csv_rows(os.path.join(study_dir, beh_file))

    # Which behaviour columns live in the survey (wide).
    beh_in_survey = {}
    if bformat == "wide":
        for d in dtypes:
            b = d.get("behavior")
            if b is not None and b in hidx and b not in bheader:
                beh_in_survey[d["name"]] = b

    # Validated columns: name -> (lo, hi, whole)
    checks = []
    for s in scales:
        for it in s["items"]:
            checks.append((it, s["min"], s["max"], True))
    for d in dtypes:
        if d.get("stated") is not None:
            lo, hi = d.get("stated_min", 0), d.get("stated_max", 1)
            if "stated_min" not in d or "stated_max" not in d:
                lo, hi = 0, 1
            checks.append((d["stated"], lo, hi, True))
        if d["name"] in beh_in_survey:
            checks.append((beh_in_survey[d["name"]], 0, None, False))
    for t in tactics:
        checks.append((t["column"], t["min"], t["max"], True))

    weight_col = cols.get("weight")
    by_col = cols.get("birth_year")
    age_col = cols.get("age")
    cspec = cb.get("cohorts", {})
    scheme = cspec.get("scheme", "generation")

    resp = []  # list of dicts
    rejected = 0
    n_rows = len(rows)
    for line, f in rows:
        if len(f) != len(header):
            rejected += 1
            continue
        ok = True
        vals = {}
        for col, lo, hi, whole in checks:
            v, good = codes.code(col, f[hidx[col]], lo, hi, whole)
            if not good:
                ok = False
                break
            vals[col] = v
        w = 1.0
        if ok and weight_col:
            raw = f[hidx[weight_col]]
            if codes.is_missing(raw):
                ok = False
            else:
                try:
                    w = float(raw.strip())
                    if not (math.isfinite(w) and w > 0):
                        ok = False
                except ValueError:
                    ok = False
        birth = None
        age = None
        if ok and by_col:
            v, good = codes.code(by_col, f[hidx[by_col]], None, None, True)
            if not good:
                ok = False
            elif v is not None:
                if year is not None and (v > year or v < year - 120):
                    ok = False
                birth = int(v)
                if year is not None:
                    age = year - birth
        if ok and age_col:
            v, good = codes.code(age_col, f[hidx[age_col]], None, None, True)
            if not good:
                ok = False
            elif v is not None:
                if v < 0 or v > 120:
                    ok = False
                age = int(v)
                if year is not None:
                    birth = year - age
        if not ok:
            rejected += 1
            continue
        cohort = None
        if scheme == "generation":
            if birth is not None:
                cohort = generation(birth)
        elif scheme == "age_bands":
            edges = cspec["edges"]
            names = band_names(edges)
            if age is not None:
                for i, e in enumerate(edges):
                    upper = edges[i + 1] if i + 1 < len(edges) else None
                    if age >= e and (upper is None or age < upper):
                        cohort = names[i]
        elif scheme == "column":
            raw = f[hidx[cspec["column"]]]
            key = norm_label(raw)
            for o in cspec["order"]:
                if norm_label(o) == key:
                    cohort = o
        resp.append(
            {
                "id": f[hidx[cols["id"]]].strip(),
                "w": w if (weight_col and use_weights) else 1.0,
                "vals": vals,
                "cohort": cohort,
                "raw": f,
                # Group columns: the trimmed value, missing codes → None.
                "group": {
                    g: (None if codes.is_missing(f[hidx[g]]) else f[hidx[g]].strip())
                    for g in cols.get("group", [])
                },
                # Group columns (adjusted models): the trimmed value, None when missing.
                "groups": {
                    g: (None if codes.is_missing(f[hidx[g]]) else f[hidx[g]].strip())
                    for g in cols.get("group", [])
                },
            }
        )

    if scheme == "generation":
        order = GENERATIONS
    elif scheme == "age_bands":
        order = band_names(cspec["edges"])
    else:
        order = list(cspec["order"])

    # ---- behaviour: known / shared per (respondent, data type)
    beh_types = [d for d in dtypes if d.get("behavior") is not None]
    by_id = {r["id"]: r for r in resp}
    for r in resp:
        r["known"] = {}
        r["shared"] = {}
    has_behaviour = len(beh_types) > 0 and (beh_file is not None or len(beh_in_survey) > 0)
    if bformat == "wide":
        for d in beh_types:
            if d["name"] in beh_in_survey:
                col = beh_in_survey[d["name"]]
                thr = d.get("shared_min", 1)
                for r in resp:
                    v = r["vals"][col]
                    if v is not None:
                        r["known"][d["name"]] = True
                        r["shared"][d["name"]] = v >= thr
        if beh_file:
            bid = bspec.get("id", cols["id"])
            bidx = {h: i for i, h in enumerate(bheader)}
            for line, f in brows:
                if len(f) != len(bheader):
                    continue
                r = by_id.get(f[bidx[bid]].strip())
                if r is None:
                    continue
                # A behaviour value that is neither missing nor a number >= 0 is a row error
                # of this behaviour row: the whole row is left out.
                parsed = {}
                row_ok = True
                for d in beh_types:
                    col = d["behavior"]
                    if col not in bidx:
                        continue
                    v, good = codes.code(col, f[bidx[col]], 0, None, False)
                    if not good:
                        row_ok = False
                        break
                    if v is not None:
                        parsed[d["name"]] = v >= d.get("shared_min", 1)
                if not row_ok:
                    continue
                for name, shared in parsed.items():
                    r["known"][name] = True
                    r["shared"][name] = r["shared"].get(name, False) or shared
    elif beh_file:
        bid = bspec.get("id", cols["id"])
        bidx = {h: i for i, h in enumerate(bheader)}
        dcol = bidx[bspec.get("data_type", "data_type")]
        acol = bidx[bspec.get("action", "action")]
        share = {a.strip().casefold() for a in bspec.get("share_actions", ["grant", "share"])}
        type_of = {d["behavior"].strip().casefold(): d["name"] for d in beh_types}
        for line, f in brows:
            if len(f) != len(bheader):
                continue
            r = by_id.get(f[bidx[bid]].strip())
            if r is None:
                continue
            # The match rate counts respondents with "at least one behaviour value
            # or event" — any event, also one of a data type the codebook does not name
            # (such events are ignored by the statistics, not by the linkage count).
            r["any_event"] = True
            name = type_of.get(f[dcol].strip().casefold())
            if name is None:
                continue
            r["known"][name] = True
            if f[acol].strip().casefold() in share:
                r["shared"][name] = True
            else:
                r["shared"].setdefault(name, False)

    return cb, resp, rejected, n_rows, order, has_behaviour, beh_types


# --------------------------------------------------------------------------- statistics


def fnum(x):
    if x is None:
        return None
    x = float(x)
    if not math.isfinite(x):
        return None
    return x


def kish(w):
    w = np.asarray(w, dtype=float)
    if len(w) == 0:
        return 0.0
    return w.sum() ** 2 / (w * w).sum()


def wilson(p, n):
    """Wilson score 95% interval from p̂ and (effective) n."""
    if p is None or n is None or n <= 0:
        return None
    z2 = Z * Z
    denom = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = Z / denom * math.sqrt(max(p * (1 - p) / n + z2 / (4 * n * n), 0.0))
    return [centre - half, centre + half]


def wprop(flags, w):
    """Weighted proportion of True among flags, with Wilson(Kish n) CI."""
    flags = np.asarray(flags, dtype=bool)
    w = np.asarray(w, dtype=float)
    if len(flags) == 0:
        return None, None
    p = float((w * flags).sum() / w.sum())
    return p, wilson(p, kish(w))


def wmean(x, w):
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    if len(x) == 0:
        return None
    return float((w * x).sum() / w.sum())


def cronbach(m):
    """m: n×k matrix (listwise complete)."""
    n, k = m.shape
    if k < 2 or n < 2:
        return None
    var_i = m.var(axis=0, ddof=1).sum()
    var_t = m.sum(axis=1).var(ddof=1)
    if var_t <= 0:
        return None
    return k / (k - 1) * (1 - var_i / var_t)


def scale_scores(resp, s):
    items = s["items"]
    k = len(items)
    need = math.ceil(k / 2)
    rev = set(s.get("reverse", []))
    lo, hi = s["min"], s["max"]
    scores = []
    rows = []
    for r in resp:
        xs = []
        for it in items:
            v = r["vals"][it]
            if v is not None and it in rev:
                v = lo + hi - v
            xs.append(v)
        present = [x for x in xs if x is not None]
        score = sum(present) / len(present) if len(present) >= need else None
        scores.append(score)
        rows.append(xs)
    return scores, rows


def scale_summary(resp, s):
    scores, rows = scale_scores(resp, s)
    items = s["items"]
    k = len(items)
    complete = np.array([x for x in rows if all(v is not None for v in x)], dtype=float)
    if complete.size == 0:
        complete = complete.reshape(0, k)
    n_c = complete.shape[0]
    alpha = cronbach(complete)
    alpha_ci = None
    if alpha is not None and n_c >= 2:
        d1, d2 = n_c - 1, (n_c - 1) * (k - 1)
        alpha_ci = [
            1 - (1 - alpha) * stats.f.ppf(0.975, d1, d2),
            1 - (1 - alpha) * stats.f.ppf(0.025, d1, d2),
        ]
    aid = None
    if k >= 3:
        aid = {}
        for j, it in enumerate(items):
            sub = np.delete(complete, j, axis=1)
            aid[it] = fnum(cronbach(sub))
    sc = [(x, r["w"]) for x, r in zip(scores, resp) if x is not None]
    xs = np.array([a for a, _ in sc])
    ws = np.array([b for _, b in sc])
    out = {
        "name": s["name"],
        "items": items,
        "n_complete": n_c,
        "alpha": fnum(alpha),
        "alpha_ci": alpha_ci,
        "alpha_if_dropped": aid,
        "n": len(sc),
        "mean": wmean(xs, ws),
        "sd": float(xs.std(ddof=1)) if len(xs) >= 2 else None,
    }
    return out, scores


def spearman(x, y):
    n = len(x)
    if n < 4 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return None, None, None
    rho = float(stats.spearmanr(x, y).statistic)
    if abs(abs(rho) - 1) < 1e-12:
        # Perfectly monotone: scipy's Pearson-on-ranks can return 0.9999999999999999;
        # the exact value is ±1, where t and Fisher z are infinite (p = 0, CI undefined).
        rho = math.copysign(1.0, rho)
    if abs(rho) >= 1:
        p = 0.0
        ci = None
    else:
        t = rho * math.sqrt((n - 2) / (1 - rho * rho))
        p = float(2 * stats.t.sf(abs(t), n - 2))
        zr = math.atanh(rho)
        se = math.sqrt((1 + rho * rho / 2) / (n - 3))
        ci = [math.tanh(zr - Z * se), math.tanh(zr + Z * se)]
    return rho, ci, p


def gap_block(members, cohort=None):
    """members: list of (concern, disclosure, concerned, discloser, w)."""
    b = {}
    if cohort is not None:
        b["cohort"] = cohort
    n = len(members)
    b["n"] = n
    cs = np.array([m[0] for m in members], dtype=float)
    ds = np.array([m[1] for m in members], dtype=float)
    con = np.array([m[2] for m in members], dtype=bool)
    dis = np.array([m[3] for m in members], dtype=bool)
    w = np.array([m[4] for m in members], dtype=float)
    b["concern_mean"] = wmean(cs, w)
    b["disclosure_mean"] = wmean(ds, w)
    b["concerned"], b["concerned_ci"] = wprop(con, w)
    b["disclosers"], b["disclosers_ci"] = wprop(dis, w)
    b["paradoxical"], b["paradoxical_ci"] = wprop(con & dis, w)
    b["paradoxical_expected"] = (
        b["concerned"] * b["disclosers"] if n > 0 else None
    )
    b["concern_table"] = [
        [int((con & dis).sum()), int((con & ~dis).sum())],
        [int((~con & dis).sum()), int((~con & ~dis).sum())],
    ]
    rd = None
    rd_ci = None
    if con.any() and (~con).any():
        p1, ci1 = wprop(dis[con], w[con])
        p2, ci2 = wprop(dis[~con], w[~con])
        rd = p1 - p2
        l1, u1 = ci1
        l2, u2 = ci2
        # Newcombe (1998) method 10.
        rd_ci = [
            rd - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2),
            rd + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2),
        ]
    b["disclosure_rd"] = rd
    b["disclosure_rd_ci"] = rd_ci
    rho, ci, p = spearman(cs, ds)
    b["spearman_rho"] = rho
    b["spearman_ci"] = ci
    b["spearman_p"] = p
    return b


def chi2_test(table):
    t = np.asarray(table, dtype=float)
    if t.size == 0:
        return None
    t = t[t.sum(axis=1) > 0]
    if t.size == 0:
        return None
    t = t[:, t.sum(axis=0) > 0]
    r, c = t.shape
    if r < 2 or c < 2:
        return None
    chi2, p, df, _ = stats.chi2_contingency(t, correction=False)
    n = t.sum()
    v = math.sqrt(chi2 / (n * (min(r, c) - 1)))
    return {"chi2": float(chi2), "df": int(df), "p": float(p), "cramers_v": v, "n": int(n)}


def kruskal_dunn(values, cohorts, order):
    present = [c for c in order if any(x == c for x in cohorts)]
    groups = [np.array([v for v, c in zip(values, cohorts) if c == g]) for g in present]
    n_all = sum(len(g) for g in groups)
    out = {"h": None, "df": None, "p": None, "epsilon_squared": None, "n": n_all, "pairwise": []}
    if len(groups) < 2:
        return out
    allv = np.concatenate(groups)
    if np.ptp(allv) == 0:
        out["df"] = len(groups) - 1
        return out
    h, p = stats.kruskal(*groups)
    out["h"] = float(h)
    out["df"] = len(groups) - 1
    out["p"] = float(p)
    out["epsilon_squared"] = float(h / (n_all - 1))
    ranks = stats.rankdata(allv)
    _, tcounts = np.unique(allv, return_counts=True)
    N = n_all
    tie = (tcounts.astype(float) ** 3 - tcounts).sum() / (12 * (N - 1))
    base = N * (N + 1) / 12 - tie
    means = []
    pos = 0
    for g in groups:
        means.append(ranks[pos : pos + len(g)].mean())
        pos += len(g)
    pairs = []
    for i in range(len(groups)):
        for j in range(i + 1, len(groups)):
            se = math.sqrt(base * (1 / len(groups[i]) + 1 / len(groups[j])))
            z = (means[i] - means[j]) / se
            pz = float(2 * stats.norm.sf(abs(z)))
            pairs.append({"a": present[i], "b": present[j], "z": float(z), "p": pz})
    holm = multipletests([q["p"] for q in pairs], method="holm")[1]
    for q, ph in zip(pairs, holm):
        q["p_holm"] = float(ph)
    out["pairwise"] = pairs
    return out


def data_type_summary(d, resp):
    out = {"name": d["name"]}
    stated = d.get("stated")
    if stated is None or d.get("behavior") is None:
        # Without a stated column or a behaviour there is no paired table at all (parts a
        # study lacks are null).
        out["n_pairs"] = None
        out["table"] = [[None, None], [None, None]]
        for k in ["willing", "willing_ci", "shared", "shared_ci", "say_do_gap",
                  "paradox_rate", "paradox_rate_ci", "mcnemar_p", "mcnemar_midp",
                  "mcnemar_or", "mcnemar_or_ci"]:
            out[k] = None
        return out
    pairs = []
    if True:
        binary = "stated_min" not in d or "stated_max" not in d
        mid = None if binary else (d["stated_min"] + d["stated_max"]) / 2
        for r in resp:
            v = r["vals"][stated]
            if v is None or not r["known"].get(d["name"], False):
                continue
            if binary:
                will = v == 1
            elif v > mid:
                will = True
            elif v < mid:
                will = False
            else:
                continue
            pairs.append((will, r["shared"][d["name"]], r["w"]))
    wil = np.array([p[0] for p in pairs], dtype=bool)
    sh = np.array([p[1] for p in pairs], dtype=bool)
    w = np.array([p[2] for p in pairs], dtype=float)
    a = int((wil & sh).sum())
    b = int((wil & ~sh).sum())
    c = int((~wil & sh).sum())
    dd = int((~wil & ~sh).sum())
    out["n_pairs"] = len(pairs)
    out["table"] = [[a, b], [c, dd]]
    out["willing"], out["willing_ci"] = wprop(wil, w)
    out["shared"], out["shared_ci"] = wprop(sh, w)
    out["say_do_gap"] = (
        out["shared"] - out["willing"] if out["shared"] is not None else None
    )
    out["paradox_rate"], out["paradox_rate_ci"] = wprop(sh[~wil], w[~wil])
    if b + c > 0:
        m = min(b, c)
        cdf = stats.binom.cdf(m, b + c, 0.5)
        out["mcnemar_p"] = float(min(1.0, 2 * cdf))
        out["mcnemar_midp"] = float(2 * cdf - stats.binom.pmf(m, b + c, 0.5))
    else:
        out["mcnemar_p"] = None
        out["mcnemar_midp"] = None
    if b > 0 and c > 0:
        out["mcnemar_or"] = c / b
        lo, hi = proportion_confint(c, b + c, alpha=0.05, method="beta")
        out["mcnemar_or_ci"] = [lo / (1 - lo), hi / (1 - hi)]
    else:
        out["mcnemar_or"] = None
        out["mcnemar_or_ci"] = None
    return out


def tactic_levels(t, rs, cohort=None):
    col = t["column"]
    lo, hi = t["min"], t["max"]
    mid = (lo + hi) / 2
    xs = [(r["vals"][col], r["w"]) for r in rs if r["vals"][col] is not None]
    v = np.array([x for x, _ in xs], dtype=float)
    w = np.array([y for _, y in xs], dtype=float)
    out = {}
    if cohort is not None:
        out["cohort"] = cohort
    out["n"] = len(xs)
    out["levels"] = [int((v == code).sum()) for code in range(lo, hi + 1)]
    out["acceptable"], out["acceptable_ci"] = wprop(v > mid, w)
    out["intrusive"], out["intrusive_ci"] = wprop(v < mid, w)
    out["neutral"], _ = wprop(v == mid, w)
    return out


def with_adjusted(tests, family, method="holm"):
    """A family of tests corrected together; members are the tests with a p."""
    members = [t for t in tests if t is not None and t.get("p") is not None]
    if not members:
        return
    adj = multipletests([t["p"] for t in members], method="holm" if method == "holm" else "fdr_bh")[1]
    for t, a in zip(members, adj):
        t["adjusted"] = {
            "p_adjusted": float(a),
            "adjustment": method,
            "family": family,
            "family_size": len(members),
        }


def sensitivity_grid(members, scale_min, scale_max, thr, dthr):
    """Threshold sensitivity, from the definitions: for every concern threshold (each half point
    of the scale, plus the codebook's) × disclosure threshold (0.2 … 0.8, plus the
    codebook's), the 2×2 table, the paradoxical share and the risk difference of the gap
    block, counted directly per cell."""
    cs = sorted(set([k / 2 for k in range(2 * scale_min, 2 * scale_max + 1)] + [thr]))
    ds = sorted(set([k / 10 for k in range(2, 9)] + [dthr]))
    cells = []
    for ct in cs:
        row = []
        for dt in ds:
            sub = [(m[0], m[1], m[0] > ct, m[1] >= dt, m[4]) for m in members]
            b = gap_block(sub)
            row.append({
                "concern_threshold": ct,
                "disclosure_threshold": dt,
                "actual": ct == thr and dt == dthr,
                "concern_table": b["concern_table"],
                "paradoxical": b["paradoxical"],
                "paradoxical_ci": b["paradoxical_ci"],
                "disclosure_rd": b["disclosure_rd"],
                "disclosure_rd_ci": b["disclosure_rd_ci"],
            })
        cells.append(row)
    return {
        "concern_thresholds": cs,
        "disclosure_thresholds": ds,
        "actual_concern_threshold": thr,
        "actual_disclosure_threshold": dthr,
        "n": len(members),
        "cells": cells,
    }


# --------------------------------------------------------------------------- models


def logit_model(rows, outcome, concern_name, order, group_names, weighted):
    """Adjusted logistic model with statsmodels. rows: (y, concern, cohort,
    {group: level}, w) of respondents with a known outcome and concern score; complete cases
    also need the cohort and every group level. Dummy coding: cohort reference = first
    cohort in `order` present, group reference = first level in sorted order; a covariate
    with one level is left out; a level whose respondents all share one outcome makes the
    model None (quasi-complete separation), as does n <= p. Weights enter as statsmodels
    var_weights; the covariance is the true HC1 of
    statsmodels.stats.sandwich_covariance.cov_white_simple(res, use_correction=True)
    (statsmodels' fit(cov_type="HC1") on GLM applies no n/(n-p) factor)."""
    import statsmodels.api as sm
    import statsmodels.stats.sandwich_covariance as sw

    cases = [
        r
        for r in rows
        if r[2] is not None and all(r[3].get(g) is not None for g in group_names)
    ]
    n = len(cases)
    y = np.array([1.0 if r[0] else 0.0 for r in cases])
    cols = [np.ones(n), np.array([r[1] for r in cases], dtype=float)]
    terms = ["(intercept)", concern_name]
    refs = {}
    factors = [("cohort", [r[2] for r in cases], [c for c in order])]
    for g in group_names:
        vals = [r[3][g] for r in cases]
        factors.append((g, vals, sorted(set(vals))))
    for name, vals, levels in factors:
        present = [l for l in levels if any(v == l for v in vals)]
        if len(present) < 2:
            continue
        for l in present:
            ys = [yy for yy, v in zip(y, vals) if v == l]
            if sum(ys) == 0 or sum(ys) == len(ys):
                return None
        refs[name] = present[0]
        for l in present[1:]:
            cols.append(np.array([1.0 if v == l else 0.0 for v in vals]))
            terms.append(f"{name}: {l}")
    p = len(terms)
    if n <= p or y.sum() == 0 or y.sum() == n:
        return None
    X = np.column_stack(cols)
    w = np.array([r[4] for r in cases], dtype=float)
    # Separation (statsmodels warns of "perfect separation"; or a fitted |eta| > 30, i.e. a
    # probability within 1e-13 of 0 or 1): the estimates do not exist, the model is None.
    import warnings
    from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

    with warnings.catch_warnings():
        warnings.simplefilter("error", PerfectSeparationWarning)
        try:
            res = sm.GLM(y, X, family=sm.families.Binomial(), var_weights=w).fit(
                tol=1e-13, maxiter=200
            )
        except PerfectSeparationWarning:
            return None
    if np.abs(X @ res.params).max() > 30:
        return None
    cov = sw.cov_white_simple(res, use_correction=True)
    se = np.sqrt(np.diag(cov))
    out_terms = []
    for t, b, s_ in zip(terms, res.params, se):
        out_terms.append(
            {
                "term": t,
                "estimate": fnum(b),
                "se": fnum(s_),
                "odds_ratio": fnum(math.exp(b)),
                "ci": [math.exp(b - Z * s_), math.exp(b + Z * s_)],
                "p": fnum(2 * stats.norm.sf(abs(b / s_))),
            }
        )
    return {
        "outcome": outcome,
        "n": n,
        "events": int(y.sum()),
        "terms": out_terms,
        "reference_levels": refs,
        "weighted": weighted,
        "covariance": "HC1",
    }


def trend_test(table, col_scores):
    """Linear-by-linear M² = (N-1) r² (Agresti 2013 §3.4.1) from the expanded data."""
    rows_s, cols_s, counts = [], [], []
    for i, row in enumerate(table):
        for j, c in enumerate(row):
            rows_s.append(i + 1.0)
            cols_s.append(col_scores[j])
            counts.append(c)
    u = np.repeat(np.array(rows_s), counts)
    v = np.repeat(np.array(cols_s), counts)
    n = len(u)
    if n < 2 or u.var() == 0 or v.var() == 0:
        return None
    r = float(np.corrcoef(u, v)[0, 1])
    m2 = (n - 1) * r * r
    return {"m2": m2, "df": 1, "p": float(stats.chi2.sf(m2, 1)), "r": r, "n": n}


def main():
    args = sys.argv[1:]
    use_weights = "--no-weights" not in args
    args = [a for a in args if a != "--no-weights"]
    if len(args) != 1:
        sys.stderr.write("usage: paradox_reference.py STUDY_DIR [--no-weights]\n")
        sys.exit(2)
    cb, resp, rejected, n_rows, order, has_beh, beh_types = load(args[0], use_weights)
    weighted = bool(cb["columns"].get("weight")) and use_weights

    present = [c for c in order if any(r["cohort"] == c for r in resp)]
    summary = {
        "study": {
            "name": cb["study"]["name"],
            "respondents": n_rows,
            "analysed": len(resp),
            "rejected_rows": rejected,
            "behavior_match_rate": (
                sum(1 for r in resp if r["known"] or r.get("any_event")) / len(resp) if has_beh and resp else None
            ),
            "unknown_cohort": sum(1 for r in resp if r["cohort"] is None),
            "weighted": weighted,
        },
        "cohorts": [
            {"name": c, "n": sum(1 for r in resp if r["cohort"] == c)} for c in present
        ],
    }

    scales = []
    concern_scores = None
    pspec = cb.get("paradox")
    for s in cb.get("scale", []):
        out, scores = scale_summary(resp, s)
        scales.append(out)
        if pspec and s["name"] == pspec["concern_scale"]:
            concern_scores = scores
            cscale = s
    summary["scales"] = scales

    gap = {"overall": None, "by_cohort": None, "kruskal_concern": None, "chi2_paradoxical": None}
    members = []
    thr = dthr = None
    models = {"computed": True, "disclosure": None, "by_data_type": [], "tactic_trends": []}
    if concern_scores is not None:
        thr = pspec.get("concern_threshold", "midpoint")
        if isinstance(thr, str):
            thr = (cscale["min"] + cscale["max"]) / 2
        dthr = pspec.get("disclosure_threshold", 0.5)
        D = len(beh_types)
        members = []
        if has_beh and D > 0:
            need = math.ceil(D / 2)
            for r, cs in zip(resp, concern_scores):
                known = [d["name"] for d in beh_types if r["known"].get(d["name"], False)]
                if cs is None or len(known) < need or len(known) == 0:
                    continue
                ds = sum(1 for k in known if r["shared"][k]) / len(known)
                members.append((cs, ds, cs > thr, ds >= dthr, r["w"], r["cohort"], r))
            gap["overall"] = gap_block([m[:5] for m in members])
            gap["by_cohort"] = [
                gap_block([m[:5] for m in members if m[5] == c], c) for c in present
            ]
            table = [
                [
                    sum(1 for m in members if m[5] == c and m[2] and m[3]),
                    sum(1 for m in members if m[5] == c and not (m[2] and m[3])),
                ]
                for c in present
            ]
            gap["chi2_paradoxical"] = chi2_test(table)
            groups = cb["columns"].get("group", [])
            cname = pspec["concern_scale"]
            drows = []
            for r, cs in zip(resp, concern_scores):
                known = [d["name"] for d in beh_types if r["known"].get(d["name"], False)]
                if cs is None or len(known) < need or len(known) == 0:
                    continue
                ds = sum(1 for k in known if r["shared"][k]) / len(known)
                drows.append((ds >= dthr, cs, r["cohort"], r["groups"], r["w"]))
            models["disclosure"] = logit_model(drows, "discloser", cname, order, groups, weighted)
            for d in beh_types:
                srows = [
                    (r["shared"][d["name"]], cs, r["cohort"], r["groups"], r["w"])
                    for r, cs in zip(resp, concern_scores)
                    if cs is not None and r["known"].get(d["name"], False)
                ]
                models["by_data_type"].append(
                    {
                        "name": d["name"],
                        "model": logit_model(
                            srows, f"shared: {d['name']}", cname, order, groups, weighted
                        ),
                    }
                )
        kv = [(cs, r["cohort"]) for r, cs in zip(resp, concern_scores)]
        kv = [(a, b) for a, b in kv if a is not None and b is not None]
        gap["kruskal_concern"] = kruskal_dunn([a for a, _ in kv], [b for _, b in kv], order)
    summary["gap"] = gap

    summary["data_types"] = [data_type_summary(d, resp) for d in cb.get("data_type", [])]

    tactics = []
    for t in cb.get("tactic", []):
        rows = [r for r in resp]
        out = {"name": t["name"], "min": t["min"], "max": t["max"]}
        out["overall"] = tactic_levels(t, rows)
        out["by_cohort"] = [
            tactic_levels(t, [r for r in rows if r["cohort"] == c], c) for c in present
        ]
        table = [lv["levels"] for lv in out["by_cohort"]]
        out["chi2"] = chi2_test(table) if table else None
        tactics.append(out)
        answered = [lv for lv in out["by_cohort"] if sum(lv["levels"]) > 0]
        ttable = [lv["levels"] for lv in answered]
        codes_ = list(range(t["min"], t["max"] + 1))
        mid = (t["min"] + t["max"]) / 2
        models["tactic_trends"].append(
            {
                "name": t["name"],
                "cohorts": [lv["cohort"] for lv in answered],
                "ordinal": trend_test(ttable, [float(c) for c in codes_]),
                "acceptable": trend_test(ttable, [1.0 if c > mid else 0.0 for c in codes_]),
            }
        )
    summary["tactics"] = tactics

    # ---- group breakdowns, written from the definitions (per level: the same
    # gap block, data-type and tactic figures on that level's respondents; tests across
    # levels; levels sorted by name; respondents without a value left out).
    by_group = []
    has_gap = gap["overall"] is not None
    for g in cb["columns"].get("group", []):
        levels = sorted({r["group"][g] for r in resp if r["group"][g] is not None})
        entry = {"group": g, "levels": [], "unknown": sum(1 for r in resp if r["group"][g] is None)}
        for lv in levels:
            rs = [r for r in resp if r["group"][g] == lv]
            entry["levels"].append({
                "level": lv,
                "n": len(rs),
                "gap": gap_block([m[:5] for m in members if m[6]["group"][g] == lv]) if has_gap else None,
                "data_types": [data_type_summary(d, rs) for d in cb.get("data_type", [])],
                "tactics": [tactic_levels(t, rs) for t in cb.get("tactic", [])],
            })
        k = None
        if concern_scores is not None:
            kv = [(cs, r["group"][g]) for r, cs in zip(resp, concern_scores)]
            kv = [(a, b) for a, b in kv if a is not None and b is not None]
            k = kruskal_dunn([a for a, _ in kv], [b for _, b in kv], levels)
            if k["h"] is None:
                k = None  # one level, or all tied: the test is undefined
        entry["kruskal_concern"] = k
        entry["chi2_paradoxical"] = chi2_test([
            [sum(1 for m in members if m[6]["group"][g] == lv and m[2] and m[3]),
             sum(1 for m in members if m[6]["group"][g] == lv and not (m[2] and m[3]))]
            for lv in levels
        ]) if has_gap else None
        entry["tactics_chi2"] = [
            {"tactic": t["name"], "chi2": chi2_test([l["tactics"][i]["levels"] for l in entry["levels"]])}
            for i, t in enumerate(cb.get("tactic", []))
        ]
        by_group.append(entry)
    summary["by_group"] = by_group
    method = cb.get("analysis", {}).get("multiplicity", "holm")
    kr = gap["kruskal_concern"]
    if kr is not None and kr["h"] is None:
        kr = None
    with_adjusted([kr] + [e["kruskal_concern"] for e in by_group], "concern_kruskal", method)
    with_adjusted([gap["chi2_paradoxical"]] + [e["chi2_paradoxical"] for e in by_group],
                  "paradoxical_chi2", method)
    with_adjusted([t["chi2"] for t in tactics]
                  + [x["chi2"] for e in by_group for x in e["tactics_chi2"]], "tactic_chi2", method)
    summary["sensitivity"] = (
        sensitivity_grid(members, cscale["min"], cscale["max"], thr, dthr) if has_gap else None
    )
    summary["models"] = models
    summary["disclosure_control"] = {"suppressed_cells": 0, "dp_epsilon": None}

    json.dump(summary, sys.stdout, indent=1, allow_nan=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
