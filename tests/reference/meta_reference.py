#!/usr/bin/env python3
"""Independent reference for the random-effects pooling of `paradox compare`.

Written from the documented definitions (docs/methods.md, "Several studies") — not from the
Rust code — for the tests in `tests/it/compare.rs`:

* DerSimonian–Laird: statsmodels' `combine_effects(..., method_re="chi2")`.
* REML: τ² as the root of the restricted log-likelihood's score, found with scipy's
  `brentq` (not Fisher scoring, as the tool does), 0 when the score at 0 is negative.
* Prediction interval with Student t on k − 2 df (scipy.stats.t), I² with Higgins &
  Thompson's s², Q and its χ² p (scipy.stats.chi2).

Usage:
    python3 tests/reference/meta_reference.py bcg
        the BCG vaccine trials (metafor's dat.bcg, Colditz et al. 1994), log risk ratios
    python3 tests/reference/meta_reference.py compare COMPARE_JSON
        the pooled effects of a compare.json, recomputed from its studies' published figures

Prints JSON: {"rho": {...}, "rho_dl": {...}, ...} with every pooled field on the
transformed scale (`mu`, `se`, `tau2`, `i2`, `q`, `q_p`, `ci`, `pi`) and `studies`.
"""

import json
import math
import sys
import warnings

import numpy as np
from scipy import optimize, stats
from statsmodels.stats.meta_analysis import combine_effects

Z = stats.norm.ppf(0.975)

# dat.bcg from R's metafor (Colditz et al. 1994, JAMA 271:698-702): trial, tpos, tneg,
# cpos, cneg.
BCG = [
    (1, 4, 119, 11, 128),
    (2, 6, 300, 29, 274),
    (3, 3, 228, 11, 209),
    (4, 62, 13536, 248, 12619),
    (5, 33, 5036, 47, 5761),
    (6, 180, 1361, 372, 1079),
    (7, 8, 2537, 10, 619),
    (8, 505, 87886, 499, 87892),
    (9, 29, 7470, 45, 7232),
    (10, 17, 1699, 65, 1600),
    (11, 186, 50448, 141, 27197),
    (12, 5, 2493, 3, 2338),
    (13, 27, 16886, 29, 17825),
]


def bcg_effects():
    y, v = [], []
    for _, a, b, c, d in BCG:
        n1, n2 = a + b, c + d
        y.append(math.log((a / n1) / (c / n2)))
        v.append(1 / a - 1 / n1 + 1 / c - 1 / n2)
    return np.array(y), np.array(v)


def reml_tau2(y, v):
    def score(t2):
        w = 1 / (v + t2)
        mu = np.sum(w * y) / np.sum(w)
        return -np.sum(w) + np.sum(w**2 * (y - mu) ** 2) + np.sum(w**2) / np.sum(w)

    if score(0.0) <= 0:
        return 0.0
    hi = 1.0
    while score(hi) > 0:
        hi *= 2
    return optimize.brentq(score, 0.0, hi, xtol=1e-15, rtol=4 * np.finfo(float).eps)


def summarize(y, v, tau2):
    k = len(y)
    w = 1 / (v + tau2)
    mu = float(np.sum(w * y) / np.sum(w))
    se = float(1 / math.sqrt(np.sum(w)))
    wf = 1 / v
    mu_fe = np.sum(wf * y) / np.sum(wf)
    q = float(np.sum(wf * (y - mu_fe) ** 2))
    s2 = (k - 1) * np.sum(wf) / (np.sum(wf) ** 2 - np.sum(wf**2))
    out = {
        "k": k,
        "mu": mu,
        "se": se,
        "ci": [mu - Z * se, mu + Z * se],
        "tau2": float(tau2),
        "i2": float(tau2 / (tau2 + s2)),
        "q": q,
        "q_df": k - 1,
        "q_p": float(stats.chi2.sf(q, k - 1)),
    }
    if k >= 3:
        half = stats.t.ppf(0.975, k - 2) * math.sqrt(tau2 + se * se)
        out["pi"] = [mu - half, mu + half]
    return out


def pooled_pair(y, v):
    y, v = np.asarray(y, float), np.asarray(v, float)
    reml = summarize(y, v, reml_tau2(y, v))
    res = combine_effects(y, v, method_re="chi2")
    # statsmodels 0.15 leaves a negative moment estimate as it is; DerSimonian & Laird
    # truncate it at 0, where the random-effects estimate is the fixed-effect one.
    tau2 = max(0.0, float(res.tau2))
    dl = summarize(y, v, tau2)
    mean, sd = (
        (res.mean_effect_re, res.sd_eff_w_re)
        if res.tau2 >= 0
        else (res.mean_effect_fe, res.sd_eff_w_fe)
    )
    # The DL estimate and SE as statsmodels computes them, checked against ours.
    assert abs(mean - dl["mu"]) < 1e-12 * max(1, abs(mean)), (mean, dl["mu"])
    assert abs(sd - dl["se"]) < 1e-12, (sd, dl["se"])
    assert abs(res.q - dl["q"]) < 1e-9 * max(1, res.q)
    return reml, dl


def corrected(*cells):
    return [c + 0.5 for c in cells] if any(c == 0 for c in cells) else list(cells)


def compare(path):
    with open(path) as f:
        doc = json.load(f)
    studies = doc["studies"]
    rho, odds, tactics = [], [], {}
    for s in studies:
        gap = s.get("gap") or {}
        r, n = gap.get("spearman_rho"), gap.get("n")
        if r is not None and n is not None and n > 3:
            rho.append((s["name"], math.atanh(r), (1 + r * r / 2) / (n - 3)))
        t = gap.get("concern_table")
        if t and all(c is not None for row in t for c in row):
            a, b, c, d = corrected(t[0][0], t[0][1], t[1][0], t[1][1])
            odds.append((s["name"], math.log(a * d / (b * c)), 1 / a + 1 / b + 1 / c + 1 / d))
        for tac in s.get("tactics", []):
            o = tac["overall"]
            lv, n = o["levels"], o["n"]
            if n is None or any(x is None for x in lv):
                continue
            mid = (tac["min"] + tac["max"]) / 2
            # A coarsened table counts bands of codes; a band holding the midpoint and codes
            # below it leaves the intrusive count unpublished.
            bands = (tac.get("collapsed") or {}).get("levels") or [
                [code] for code in range(tac["min"], tac["max"] + 1)
            ]
            if any(min(b) < mid <= max(b) for b in bands):
                continue
            x = sum(c for band, c in zip(bands, lv) if max(band) < mid)
            if n == 0:
                continue
            x, m = corrected(x, n - x)
            tactics.setdefault(tac["name"], []).append(
                (s["name"], math.log(x / m), 1 / x + 1 / m)
            )
    out = {}

    def put(name, rows):
        if len(rows) < 2:
            out[name] = None
            out[name + "_dl"] = None
            return
        reml, dl = pooled_pair([r[1] for r in rows], [r[2] for r in rows])
        for o in (reml, dl):
            o["studies"] = [r[0] for r in rows]
        out[name] = reml
        out[name + "_dl"] = dl

    put("rho", rho)
    put("odds_ratio", odds)
    for name, rows in sorted(tactics.items()):
        put("intrusive-" + name, rows)
    return out


def main():
    # statsmodels warns while computing its Knapp–Hartung SE of a negative τ², unused here.
    warnings.simplefilter("ignore", RuntimeWarning)
    if sys.argv[1:2] == ["bcg"]:
        reml, dl = pooled_pair(*bcg_effects())
        print(json.dumps({"reml": reml, "dl": dl}, indent=1))
    elif sys.argv[1:2] == ["compare"] and len(sys.argv) == 3:
        print(json.dumps(compare(sys.argv[2]), indent=1))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
