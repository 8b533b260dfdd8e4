"""Exporting the knowledge base, one record per paper, with the fields of the guidelines.

This is the contract that evaluation reads (`claimbase evaluate`, ../shared/gold/score.py).
"""
from __future__ import annotations

import csv
import io
import json
from typing import Iterator

import sqlite_utils

CLAIM_FIELDS = ["kind", "text", "value", "value_high", "baseline_value", "qualifier", "unit",
                "metric", "benchmark", "subject", "baseline", "direction"]


def paper_records(db: sqlite_utils.Database) -> Iterator[dict]:
    for paper in db.query("select id, title, abstract, arxiv_id, doi, url from papers order by rowid"):
        authors = [r["name"] for r in db.query(
            "select authors.name from paper_authors join authors on authors.id = paper_authors.author_id "
            "where paper_id = ? order by position", [paper["id"]])]
        claims = [{k: row[k] for k in CLAIM_FIELDS} for row in db.query(
            "select * from claims where paper_id = ? order by start, id", [paper["id"]])]
        benchmarks, seen = [], set()
        for row in db.query("select text, benchmark_id from mentions where paper_id = ? and label = 'BENCHMARK' "
                            "order by start", [paper["id"]]):
            if row["benchmark_id"] not in seen:
                seen.add(row["benchmark_id"])
                benchmarks.append(row["text"])
        models, seen_models = [], set()
        for row in db.query("select mentions.text, models.name, models.params from mentions join models "
                            "on models.id = mentions.model_id where paper_id = ? order by start", [paper["id"]]):
            key = (row["name"], row["params"])
            if key not in seen_models:
                seen_models.add(key)
                models.append({"name": row["name"], "params": row["params"]})
        metrics = sorted({row["name"] for row in db.query(
            "select distinct metrics.name from mentions join metrics on metrics.id = mentions.metric_id "
            "where paper_id = ?", [paper["id"]])})
        yield {"pid": paper["id"], "title": paper["title"], "arxiv_id": paper["arxiv_id"], "doi": paper["doi"],
               "url": paper["url"], "authors": authors, "abstract": paper["abstract"],
               "claims": claims, "benchmarks": benchmarks, "metrics": metrics, "models": models}


def export(db: sqlite_utils.Database, fmt: str) -> str:
    records = list(paper_records(db))
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False, allow_nan=False) + "\n" for r in records)
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    if fmt == "csv":  # one row per claim, with its paper
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=["pid", "title", *CLAIM_FIELDS])
        writer.writeheader()
        for record in records:
            for claim in record["claims"]:
                writer.writerow({"pid": record["pid"], "title": record["title"], **claim})
        return out.getvalue()
    raise ValueError(f"unknown format {fmt!r}")
