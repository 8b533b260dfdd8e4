"""Writing a paper's claims and mentions with sqlite-utils.

Records were validated by the pydantic models of schema/models.py; normalized names go
through `lookup()` so that the same benchmark, metric or model is one row.
"""
from __future__ import annotations

from typing import Optional

import sqlite_utils

from schema.models import Claim, Mention


def save_extraction(db: sqlite_utils.Database, paper_id: str, claims: list[Claim],
                    mentions: list[Mention]) -> None:
    """Replace a paper's claims and mentions, pointing them at normalized entity rows."""
    db["claims"].delete_where("paper_id = ?", [paper_id])
    db["mentions"].delete_where("paper_id = ?", [paper_id])
    model_ids: dict[str, int] = {}
    rows = []
    for mention in mentions:
        row = {"paper_id": paper_id, "label": mention.label, "text": mention.text,
               "start": mention.start, "end": mention.end, "rule": mention.rule,
               "benchmark_id": None, "metric_id": None, "model_id": None}
        if mention.label == "BENCHMARK":
            row["benchmark_id"] = benchmark_id(db, mention.canonical)
        elif mention.label == "METRIC":
            row["metric_id"] = metric_id(db, mention.canonical, mention.higher_is_better)
        else:
            row["model_id"] = db["models"].lookup({"name": mention.canonical, "params": mention.params},
                                                  {"family": mention.family})
            model_ids[mention.text] = row["model_id"]
        rows.append(row)
    db["mentions"].insert_all(rows)
    db["claims"].insert_all({
        "paper_id": paper_id, **claim.to_gold(),
        "metric_id": metric_id(db, claim.metric) if claim.metric else None,
        "benchmark_id": benchmark_id(db, claim.benchmark) if claim.benchmark else None,
        "model_id": model_ids.get(claim.subject) if claim.subject else None,
        "start": claim.start, "end": claim.end, "sentence": claim.sentence,
        "sentence_start": claim.sentence_start, "rule": claim.rule, "confidence": claim.confidence,
    } for claim in claims)


def benchmark_id(db: sqlite_utils.Database, name: str) -> int:
    from .entities import canonical_benchmark  # the vocabulary decides the canonical name

    canonical, known = canonical_benchmark(name)
    return db["benchmarks"].lookup({"name": canonical}, {"in_vocabulary": int(known)})


def metric_id(db: sqlite_utils.Database, name: str, higher_is_better: Optional[bool] = None) -> int:
    from .entities import canonical_metric

    canonical, better = canonical_metric(name)
    better = better if better is not None else higher_is_better
    return db["metrics"].lookup({"name": canonical},
                                {"higher_is_better": None if better is None else int(better)})
