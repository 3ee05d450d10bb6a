"""Reference pipeline for BENCHMARKS.md: read, aggregate and join the synthetic study with
polars (lazy, multi-threaded), then the same headline fields as pandas_scipy.py, with scipy
for the tests. Hard-coded for the study written by `paradox synth`.

usage: python3 polars_pipeline.py STUDY_DIR
"""
import json
import sys

import polars as pl
from scipy import stats

study = sys.argv[1]
types = ["location", "contacts", "browsing_history", "health_fitness", "purchase_history"]
shared = (
    pl.scan_csv(f"{study}/events.csv", infer_schema=False)
    .with_columns(
        pl.col("data_type").str.strip_chars().str.to_lowercase().alias("dt"),
        pl.col("action").str.strip_chars().str.to_lowercase().is_in(["grant", "share"]).alias("shared"),
    )
    .filter(pl.col("dt").is_in(types))
    .group_by("respondent_id", "dt")
    .agg(pl.col("shared").any())
    .collect()
    .pivot(on="dt", index="respondent_id", values="shared")
)
survey = pl.read_csv(f"{study}/survey.csv", null_values=["", "NA", "-99"],
                     schema_overrides={"respondent_id": pl.Utf8})
df = survey.join(shared, on="respondent_id", how="left")

items = [f"concern_{i}" for i in range(1, 6)]
df = df.with_columns((8 - pl.col("concern_5")).alias("concern_5"))
present = pl.sum_horizontal([pl.col(c).is_not_null().cast(pl.Int32) for c in items])
known = pl.sum_horizontal([pl.col(t).is_not_null().cast(pl.Int32) for t in types])
df = df.with_columns(
    pl.when(present >= 3).then(pl.mean_horizontal(items)).alias("concern"),
    pl.when(known >= 3).then(
        pl.sum_horizontal([pl.col(t).fill_null(False).cast(pl.Float64) for t in types]) / known
    ).alias("disclosure"),
    pl.col("birth_year").cut([1945, 1964, 1980, 1996], labels=["Silent", "Boomers", "Gen X", "Millennials", "Gen Z"]).alias("cohort"),
)
both = df.drop_nulls(["concern", "disclosure"]).with_columns(
    ((pl.col("concern") > 4) & (pl.col("disclosure") >= 0.5)).alias("paradoxical")
)
complete = df.select(items).drop_nulls()
k = len(items)
alpha = k / (k - 1) * (1 - sum(complete[c].var() for c in items) / complete.sum_horizontal().var())
rho, _ = stats.spearmanr(both["concern"].to_numpy(), both["disclosure"].to_numpy())
by_cohort = both.group_by("cohort").agg(pl.col("paradoxical").mean()).sort("cohort")
groups = [g["concern"].to_numpy() for _, g in df.drop_nulls(["concern"]).group_by("cohort")]
h, _ = stats.kruskal(*groups)
print(json.dumps({"n": df.height, "alpha": alpha, "paradoxical": both["paradoxical"].mean(),
                  "by_cohort": {str(r[0]): r[1] for r in by_cohort.iter_rows()},
                  "spearman": rho, "kruskal_h": h}, default=float))
