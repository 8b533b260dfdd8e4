"""Writing papers, their provenance, claims and mentions with sqlite-utils.

Every function takes an open `sqlite_utils.Database` and records that were validated
by the pydantic models of schema/models.py; normalized names go through `lookup()` so
that the same benchmark, metric, model, author or organization is one row.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterable, Optional

import sqlite_utils

from schema.models import Claim, Mention

from .papers import Paper


def save_sources(db: sqlite_utils.Database, files: Iterable[tuple[Path, str, int]]) -> dict[str, int]:
    """One row per input file (name, layout, content hash); returns file name → id."""
    ids = {}
    for path, layout, count in files:
        sha1 = hashlib.sha1(Path(path).read_bytes()).hexdigest() if Path(path).exists() else None
        ids[Path(path).name] = db["sources"].lookup(
            {"file": Path(path).name}, {"layout": layout, "sha1": sha1, "listings": count})
    return ids


def save_paper(db: sqlite_utils.Database, paper: Paper, source_ids: dict[str, int]) -> None:
    """The paper row, its ordered authors, organizations and one listing row per source."""
    dated = paper.dated
    db["papers"].insert({
        "id": paper.id, "title": paper.title, "abstract": paper.abstract,
        "category": paper.first_value("category"), "date": dated.date,
        "year": dated.year, "month": dated.month, "day": dated.day, "date_text": dated.date_text,
        "has_code": int(any(l.has_code for l in paper.listings)),
        "listing_score": paper.first_value("listing_score"),
        "authors_truncated": int(paper.authors_truncated),
        "external_id": paper.first_value("external_id"),
    }, replace=True)
    db["paper_authors"].delete_where("paper_id = ?", [paper.id])
    db["paper_authors"].insert_all(
        {"paper_id": paper.id, "author_id": db["authors"].lookup({"name": name}), "position": position}
        for position, name in enumerate(paper.authors, start=1))
    for organization in paper.organizations:
        db["papers"].update(paper.id).m2m("organizations", lookup={"name": organization},
                                          m2m_table="paper_organizations")
    db["listings"].insert_all(({
        "id": f"{listing.source_file}:{listing.position}", "paper_id": paper.id,
        "source_id": source_ids.get(listing.source_file), "line": listing.line,
        "position": listing.position, "title_as_listed": listing.title,
        "category": listing.category, "date_text": listing.date_text,
        "listing_score": listing.listing_score, "has_code": int(listing.has_code),
    } for listing in paper.listings), replace=True)


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
