#!/usr/bin/env python3
"""How much of an analysis survives publishing.

usage: published_coverage.py FULL_SUMMARY.json PUBLISHED_SUMMARY.json

FULL is the summary written at `--min-cell 0` (nothing suppressed: the analyst's own view),
PUBLISHED the one written at the threshold to measure. Every number in FULL is looked up at
the same place in PUBLISHED; a number is *blank* when that place is null or absent. Rows of
cohorts (or group levels) that publishing merged ("Silent + Boomers") count as present for
each member when the merged row holds the field, since the figure is published for them
jointly; likewise an answer level's count inside a published rating band (a tactic's
`collapsed.levels`). Cells of sensitivity-grid thresholds that publishing left out are
absent, hence blank, and are also counted on their own. Prints the blank share overall and
for the largest sections; exits 0.
"""
import json
import sys


def numbers(value, path):
    """(path, value) of every number under value; lists of named rows are keyed by name."""
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, (int, float)):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            if k in ("notes", "disclosure_control", "collapsed"):
                continue
            yield from numbers(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from numbers(v, path + (row_key(v, i),))


def row_key(v, i):
    if isinstance(v, dict):
        for k in ("cohort", "name", "level", "a"):
            if isinstance(v.get(k), str):
                if k == "a" and isinstance(v.get("b"), str):
                    return "pair:" + v["a"] + "|" + v["b"]
                return v[k]
    return i


def lookup(value, path, bands=None):
    """The value at path in a published summary, following merged rows and bands."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        if isinstance(value.get("collapsed"), dict) and value["collapsed"].get("levels"):
            bands = (value.get("min"), value["collapsed"]["levels"])
        if head == "levels" and bands and isinstance(value.get(head), list) and rest:
            lo, groups = bands
            code = lo + rest[0]
            at = next((i for i, g in enumerate(groups) if code in g), None)
            if at is None:
                return None
            return lookup(value[head], (at,) + rest[1:])
        if head not in value:
            return None
        return lookup(value[head], rest, bands)
    if isinstance(value, list):
        if isinstance(head, int):
            return lookup(value[head], rest, bands) if head < len(value) else None
        if head.startswith("pair:"):
            a, b = head[5:].split("|")
            for v in value:
                if isinstance(v, dict) and member(v.get("a"), a) and member(v.get("b"), b):
                    return lookup(v, rest, bands)
            return None
        for v in value:
            if isinstance(v, dict) and any(
                member(v.get(k), head) for k in ("cohort", "name", "level", "tactic")
            ):
                return lookup(v, rest, bands)
        return None
    return None


def grid_lookup(full, published, path):
    """A sensitivity-grid field looked up by its thresholds, not its position: "dropped"
    when publishing left its threshold out, None when the path is not in the grid."""
    if len(path) < 2 or path[0] != "sensitivity":
        return None
    fs, ps = full.get("sensitivity") or {}, published.get("sensitivity") or {}
    pct, pdt = ps.get("concern_thresholds", []), ps.get("disclosure_thresholds", [])
    if path[1] in ("concern_thresholds", "disclosure_thresholds") and len(path) == 3:
        value = fs[path[1]][path[2]]
        return value if value in ps.get(path[1], []) else "dropped"
    if path[1] == "cells" and len(path) >= 4:
        cell = fs["cells"][path[2]][path[3]]
        c, d = cell["concern_threshold"], cell["disclosure_threshold"]
        if c not in pct or d not in pdt:
            return "dropped"
        pcell = ps["cells"][pct.index(c)][pdt.index(d)]
        return lookup(pcell, path[4:]) if len(path) > 4 else pcell
    return None


def banded_group_path(path, tactic_bands):
    """by_group[g].levels[l].tactics[t].levels[k]: k as the index of its tactic's band."""
    if (
        len(path) == 8
        and path[0] == "by_group"
        and path[4] == "tactics"
        and path[6] == "levels"
        and isinstance(path[5], int)
        and path[5] < len(tactic_bands)
    ):
        lo, groups = tactic_bands[path[5]]
        if groups:
            code = lo + path[7]
            at = next((i for i, g in enumerate(groups) if code in g), None)
            if at is None:
                return path[:7] + ("absent",)
            return path[:7] + (at,)
    return path


def member(name, wanted):
    return isinstance(name, str) and (name == wanted or wanted in name.split(" + "))


def main():
    full = json.load(open(sys.argv[1]))
    published = json.load(open(sys.argv[2]))
    total = blank = 0
    by_section = {}
    tactic_bands = [
        (t.get("min"), (t.get("collapsed") or {}).get("levels"))
        for t in published.get("tactics", [])
    ]
    dropped_fields = 0
    for path, _ in numbers(full, ()):
        path = banded_group_path(path, tactic_bands)
        grid = grid_lookup(full, published, path)
        if grid == "dropped":
            # A threshold publishing left out: its slice is merged into the neighbouring
            # one, whose published cell stands for it (as a band stands for its ratings).
            dropped_fields += 1
            total += 1
            continue
        got = grid if grid is not None else lookup(published, path)
        missing = got is None
        total += 1
        blank += missing
        s = by_section.setdefault(str(path[0]), [0, 0])
        s[0] += 1
        s[1] += missing
    print(f"blank: {blank} of {total} numeric fields ({100 * blank / max(total, 1):.1f}%)")
    if dropped_fields:
        both = blank + dropped_fields
        print(
            f"  sensitivity-grid fields at thresholds left out (merged into neighbouring slices, "
            f"not counted above): {dropped_fields}; counting them as blank too: {both} of "
            f"{total} ({100 * both / max(total, 1):.1f}%)"
        )
    for name, (t, b) in sorted(by_section.items(), key=lambda kv: -kv[1][1]):
        if b:
            print(f"  {name}: {b} of {t} ({100 * b / t:.1f}%)")


if __name__ == "__main__":
    main()
