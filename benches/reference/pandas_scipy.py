"""Reference pipeline for BENCHMARKS.md: the headline fields of paradox's summary computed
plainly with pandas + scipy, as a researcher would write it (no tuning). Hard-coded for the
study written by `paradox synth` (its codebook's column names).

usage: python3 pandas_scipy.py STUDY_DIR
"""
import json
import sys

import numpy as np
import pandas as pd
from scipy import stats

study = sys.argv[1]
survey = pd.read_csv(f"{study}/survey.csv", na_values=["", "NA", "-99"], dtype={"respondent_id": str})
events = pd.read_csv(f"{study}/events.csv", dtype=str)

# Events -> known / shared per respondent and data type.
events["data_type"] = events["data_type"].str.strip().str.lower()
events["shared"] = events["action"].str.strip().str.lower().isin(["grant", "share"])
types = ["location", "contacts", "browsing_history", "health_fitness", "purchase_history"]
events = events[events["data_type"].isin(types)]
shared = events.groupby(["respondent_id", "data_type"])["shared"].any().unstack()
survey = survey.merge(shared, left_on="respondent_id", right_index=True, how="left")

# Generations (Pew) from birth year.
edges = [(1928, 1945, "Silent"), (1946, 1964, "Boomers"), (1965, 1980, "Gen X"),
         (1981, 1996, "Millennials"), (1997, 2012, "Gen Z")]
def generation(y):
    for lo, hi, name in edges:
        if lo <= y <= hi:
            return name
    return None
survey["cohort"] = survey["birth_year"].map(generation)

# Concern scale: reverse concern_5 on 1..7, score = mean when >= ceil(k/2) items present.
items = [f"concern_{i}" for i in range(1, 6)]
survey["concern_5"] = 8 - survey["concern_5"]
present = survey[items].notna().sum(axis=1)
survey["concern"] = survey[items].mean(axis=1).where(present >= 3)
complete = survey[items].dropna()
k = len(items)
alpha = k / (k - 1) * (1 - complete.var(ddof=1).sum() / complete.sum(axis=1).var(ddof=1))

# Disclosure score and paradox.
known = survey[types].notna().sum(axis=1)
survey["disclosure"] = (survey[types].fillna(False).astype(float).sum(axis=1) / known).where(known >= 3)
survey["concerned"] = survey["concern"] > 4
survey["discloser"] = survey["disclosure"] >= 0.5
both = survey.dropna(subset=["concern", "disclosure"])
paradoxical = (both["concerned"] & both["discloser"]).mean()
by_cohort = both.groupby("cohort").apply(lambda g: (g["concerned"] & g["discloser"]).mean())
rho, rho_p = stats.spearmanr(both["concern"], both["disclosure"])
groups = [g["concern"].values for _, g in survey.dropna(subset=["concern", "cohort"]).groupby("cohort")]
h, h_p = stats.kruskal(*groups)
table = pd.crosstab(both["cohort"], both["concerned"] & both["discloser"])
chi2, chi2_p, _, _ = stats.chi2_contingency(table, correction=False)

# Stated vs. actual per data type (willing above the midpoint 3 of 1..5).
stated_cols = {"location": "willing_location", "contacts": "willing_contacts",
               "browsing_history": "willing_browsing", "health_fitness": "willing_health",
               "purchase_history": "willing_purchases"}
per_type = {}
for t, col in stated_cols.items():
    d = survey[[col, t]].dropna()
    d = d[d[col] != 3]
    willing = d[col] > 3
    sh = d[t].astype(bool)
    b = int((willing & ~sh).sum())
    c = int((~willing & sh).sum())
    p = stats.binomtest(min(b, c), b + c, 0.5).pvalue if b + c > 0 else None
    per_type[t] = {"n_pairs": len(d), "willing": float(willing.mean()), "shared": float(sh.mean()),
                   "mcnemar_p": p}

# Tactics: share acceptable (labels -> codes) overall.
labels = {"very intrusive": 1, "somewhat intrusive": 2, "neutral": 3,
          "somewhat acceptable": 4, "very acceptable": 5}
tactics = {}
for col in [c for c in survey.columns if c.startswith("accept_")]:
    codes = survey[col].astype(str).str.strip().str.lower().map(labels)
    tactics[col] = float((codes.dropna() > 3).mean())

print(json.dumps({"n": len(survey), "alpha": alpha, "paradoxical": paradoxical,
                  "by_cohort": by_cohort.to_dict(), "spearman": rho, "kruskal_h": h,
                  "chi2": chi2, "data_types": per_type, "tactics": tactics}, default=float))
