"""Leaderboard tuples recovered from abstracts, as ../shared/leaderboard/score.py defines them.

A leaderboard file holds papers with their Papers-with-Code result tuples (dataset, metric,
score) whose score is written in the abstract. For each tuple: is there a claim with that
value (value), on that dataset (value+dataset), for that metric (value+metric), both (tuple)?
Names agree as the gold scorer's texts agree, or when one's words all lie within the other's.
"""
from __future__ import annotations

import regex

from claimbase.reports.evaluate import paper_key, texts_agree

FIGURES = ("value", "value+dataset", "value+metric", "tuple")
_WORD = regex.compile(r"[a-z0-9]+")


def is_leaderboard(records: list[dict]) -> bool:
    return bool(records) and all("tuples" in record for record in records)


def names_agree(a, b) -> bool:
    if texts_agree(a, b):
        return True
    wa, wb = set(_WORD.findall((a or "").lower())), set(_WORD.findall((b or "").lower()))
    return bool(wa and wb) and (wa <= wb or wb <= wa)


def _same_value(a, b) -> bool:
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return abs(a - b) <= 1e-3 * max(1.0, abs(a), abs(b))


def score(gold: list[dict], pred: list[dict]) -> dict:
    """The four shares, and how many tuples there were."""
    by_key = {paper_key(p): p for p in pred}
    hits = dict.fromkeys(FIGURES, 0)
    tuples = 0
    for record in gold:
        claims = by_key.get(paper_key(record), {}).get("claims") or []
        for wanted in record["tuples"]:
            tuples += 1
            found = [c for c in claims if _same_value(c.get("value"), wanted["score"])]
            on_dataset = [names_agree(c.get("benchmark"), wanted["dataset"]) for c in found]
            for_metric = [names_agree(c.get("metric"), wanted["metric"]) for c in found]
            hits["value"] += bool(found)
            hits["value+dataset"] += any(on_dataset)
            hits["value+metric"] += any(for_metric)
            hits["tuple"] += any(d and m for d, m in zip(on_dataset, for_metric))
    return {"tuples": tuples, **{name: round(hits[name] / tuples, 3) if tuples else 0.0 for name in FIGURES}}


def report_lines(result: dict) -> list[str]:
    return [f"{result['tuples']} tuples",
            "  ".join(f"{name} {result[name]:.3f}" for name in FIGURES)]
