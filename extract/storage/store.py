"""Writing papers' claims and mentions with sqlite-utils.

Records were validated by the pydantic models of schema/models.py; a normalized name is
found or added once (then an in-memory id cache), so that the same benchmark, metric or
model is one row; rows are written in batches, one prepared statement per table.
"""
from __future__ import annotations

import functools
import operator
from typing import Optional

import sqlite_utils

from claimbase.schema.models import GOLD_FIELDS

from claimbase.stages.entities import canonical_benchmark, canonical_metric


class EntityIds:
    """Ids of normalized benchmarks, metrics and models, and of authors and organizations, looked up once each.

    The tables and their unique indexes exist (schema/tables.py), so a name is found or added
    with one prepared statement each: sqlite-utils' `lookup()` first re-reads the table's
    columns and indexes, which made a new name cost a quarter of a millisecond."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db
        self.cache: dict[tuple, int] = {}

    def benchmark(self, name: str) -> int:
        canonical, known = canonical_benchmark(name)
        return self._id("benchmarks", {"name": canonical}, {"in_vocabulary": int(known)})

    def metric(self, name: str, higher_is_better: Optional[bool] = None) -> int:
        """The vocabulary's polarity wins; else the first one given for the metric."""
        canonical, better = canonical_metric(name)
        better = better if better is not None else higher_is_better
        return self._id("metrics", {"name": canonical}, {"higher_is_better": None if better is None else int(better)})

    def model(self, name: str, params: Optional[float], family: Optional[str]) -> int:
        return self._id("models", {"name": name, "params": params}, {"family": family})

    def author(self, name: str) -> int:
        return self._id("authors", {"name": name})

    def organization(self, name: str) -> int:
        return self._id("organizations", {"name": name})

    def _id(self, table: str, key: dict, extra: Optional[dict] = None) -> int:
        cache_key = (table, *key.values())
        found = self.cache.get(cache_key)
        if found is None:
            found = self.cache[cache_key] = self._find_or_add(table, key, extra or {})
        return found

    def _find_or_add(self, table: str, key: dict, extra: dict) -> int:
        """The id of the row with these key values (IS, so that a missing value matches), added
        with the extra values when there is none, as `lookup()` does."""
        where = " and ".join(f"[{column}] IS ?" for column in key)
        found = self.db.conn.execute(f"select id from [{table}] where {where}", list(key.values())).fetchone()
        if found:
            return found[0]
        row = {**key, **extra}
        cursor = self.db.conn.execute(insert_sql(table, tuple(row)), list(row.values()))
        return cursor.lastrowid


MENTION_COLUMNS = ("paper_id", "label", "text", "start", "end", "rule", "benchmark_id", "metric_id", "model_id")
CLAIM_COLUMNS = ("paper_id", *GOLD_FIELDS, "metric_id", "benchmark_id", "model_id", "start", "end", "sentence",
                 "sentence_start", "rule", "confidence", "printed", "printed_high")

# What a validated Mention or Claim hands to the writer, as a tuple in this order: records
# cross from an extraction worker to the storing process, and a tuple of values pickles in
# a third of the time of a dict and is unpacked without key lookups.
MENTION_FIELDS = ("label", "text", "start", "end", "rule", "canonical", "higher_is_better", "params", "family")
CLAIM_FIELDS = (*GOLD_FIELDS, "start", "end", "sentence", "sentence_start", "rule", "confidence", "printed",
                "printed_high")
mention_values = operator.attrgetter(*MENTION_FIELDS)
claim_values = operator.attrgetter(*CLAIM_FIELDS)
_GOLD = len(GOLD_FIELDS)
_METRIC, _BENCHMARK, _SUBJECT = (GOLD_FIELDS.index(name) for name in ("metric", "benchmark", "subject"))


class ExtractionWriter:
    """Collects claim and mention rows of many papers and writes them in one go.

    Rows are queued as tuples in the order of MENTION_COLUMNS and CLAIM_COLUMNS: tens of
    thousands of them pass through here per batch, and a tuple is built once where a dict
    would be built and then read back column by column."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db
        self.ids = EntityIds(db)
        self.claims: list[tuple] = []
        self.mentions: list[tuple] = []
        self.written = 0  # claims queued by this writer: what a run extracted, for its summary

    def replace(self, paper_id: str, claims: list[tuple], mentions: list[tuple], existing: bool) -> None:
        """Queue a paper's claims and mentions (validated `Claim` and `Mention` records as
        claim_values() and mention_values() tuples); an existing paper's old ones are deleted now."""
        if existing:
            self.db.execute("delete from claims where paper_id = ?", [paper_id])
            self.db.execute("delete from mentions where paper_id = ?", [paper_id])
        model_ids: dict[str, int] = {}
        for label, text, start, end, rule, canonical, higher_is_better, params, family in mentions:
            benchmark_id = metric_id = model_id = None
            if label == "BENCHMARK":
                benchmark_id = self.ids.benchmark(canonical)
            elif label == "METRIC":
                metric_id = self.ids.metric(canonical, higher_is_better)
            elif label == "MODEL":
                model_id = self.ids.model(canonical, params, family)
                model_ids.setdefault(text, model_id)
                model_ids.setdefault(canonical, model_id)
            self.mentions.append((paper_id, label, text, start, end, rule, benchmark_id, metric_id, model_id))
        self.written += len(claims)
        for claim in claims:
            metric, benchmark, subject = claim[_METRIC], claim[_BENCHMARK], claim[_SUBJECT]
            self.claims.append((
                paper_id, *claim[:_GOLD],
                self.ids.metric(metric) if metric else None,
                self.ids.benchmark(benchmark) if benchmark else None,
                model_ids.get(subject) if subject else None,
                *claim[_GOLD:]))

    def flush(self) -> None:
        """Write the queued rows with one prepared statement per table (the hot path of `add`)."""
        for table, columns, rows in (("mentions", MENTION_COLUMNS, self.mentions),
                                     ("claims", CLAIM_COLUMNS, self.claims)):
            if rows:
                self.db.conn.executemany(insert_sql(table, columns), rows)
        self.claims, self.mentions = [], []


@functools.lru_cache(maxsize=64)
def insert_sql(table: str, columns: tuple[str, ...], replace: bool = False) -> str:
    """The INSERT statement for these columns, written once per shape (ingestion asks per row)."""
    verb = "insert or replace" if replace else "insert"
    return "{} into [{}] ({}) values ({})".format(verb, table, ", ".join(f"[{c}]" for c in columns),
                                                 ", ".join("?" for _ in columns))


def insert_rows(db: sqlite_utils.Database, table: str, rows: list[dict], replace: bool = False) -> None:
    """executemany with one statement: sqlite-utils' insert_all rebuilds its SQL per call, which
    dominates when a batch of papers writes tens of thousands of small rows."""
    columns = tuple(rows[0])
    db.conn.executemany(insert_sql(table, columns, replace), [[row[c] for c in columns] for row in rows])
