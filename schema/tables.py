"""The database's shape, declared once as data and applied idempotently by `ensure_db_shape`.

Tables are created empty with their columns, keys and foreign keys, the indexes ingestion
looks rows up by, and full-text search with its triggers; the other foreign-key indexes and
the views are added after the data is in. Running `ensure_db_shape` twice changes nothing.
"""
from __future__ import annotations

import sqlite_utils

TABLES: dict[str, dict] = {
    "sources": {
        "columns": {"id": int, "file": str, "layout": str, "sha1": str, "listings": int},
        "pk": "id",
    },
    "papers": {
        "columns": {
            "id": str, "title": str, "abstract": str, "category": str, "date": str,
            "year": int, "month": int, "day": int, "date_text": str, "has_code": int,
            "listing_score": float, "authors_truncated": int, "external_id": str, "title_key": str,
            "arxiv_id": str, "doi": str, "url": str,
        },
        "pk": "id",
    },
    "listings": {
        "columns": {
            "id": str, "seq": int, "paper_id": str, "source_id": int, "line": int, "position": int,
            "layout": str, "title_as_listed": str, "abstract": str, "authors": str, "authors_truncated": int,
            "organizations": str, "category": str, "year": int, "month": int, "day": int, "date_text": str,
            "listing_score": float, "has_code": int, "external_id": str, "arxiv_id": str, "doi": str, "url": str,
        },
        "pk": "id",
        "foreign_keys": [("paper_id", "papers", "id"), ("source_id", "sources", "id")],
    },
    "authors": {"columns": {"id": int, "name": str}, "pk": "id"},
    "paper_authors": {
        "columns": {"paper_id": str, "author_id": int, "position": int},
        "pk": ("paper_id", "position"),
        "foreign_keys": [("paper_id", "papers", "id"), ("author_id", "authors", "id")],
    },
    "organizations": {"columns": {"id": int, "name": str}, "pk": "id"},
    "benchmarks": {"columns": {"id": int, "name": str, "aliases": str, "in_vocabulary": int}, "pk": "id"},
    "metrics": {"columns": {"id": int, "name": str, "higher_is_better": int}, "pk": "id"},
    "models": {"columns": {"id": int, "name": str, "family": str, "params": float}, "pk": "id"},
    "claims": {
        "columns": {
            "id": int, "paper_id": str, "kind": str, "value": float, "value_high": float,
            "baseline_value": float, "qualifier": str, "unit": str,
            "metric": str, "metric_id": int, "benchmark": str, "benchmark_id": int,
            "subject": str, "model_id": int, "baseline": str, "direction": str,
            "text": str, "start": int, "end": int, "sentence": str, "sentence_start": int,
            "rule": str, "confidence": float, "printed": str, "printed_high": str,
        },
        "pk": "id",
        "foreign_keys": [
            ("paper_id", "papers", "id"), ("metric_id", "metrics", "id"),
            ("benchmark_id", "benchmarks", "id"), ("model_id", "models", "id"),
        ],
    },
    "mentions": {
        "columns": {
            "id": int, "paper_id": str, "label": str, "text": str, "start": int, "end": int,
            "rule": str, "benchmark_id": int, "metric_id": int, "model_id": int,
        },
        "pk": "id",
        "foreign_keys": [
            ("paper_id", "papers", "id"), ("benchmark_id", "benchmarks", "id"),
            ("metric_id", "metrics", "id"), ("model_id", "models", "id"),
        ],
    },
}

# Many-to-many tables made by sqlite-utils' m2m(); declared here so the shape is complete.
M2M = {"paper_organizations": ("papers", "organizations")}

FTS_CONFIG = {"papers": ["title", "abstract"]}

VIEWS = {
    "paper_listing": """
        select papers.id, papers.title, papers.category, papers.date, papers.date_text,
          (select group_concat(name, ', ') from (select authors.name from paper_authors
             join authors on authors.id = paper_authors.author_id
             where paper_authors.paper_id = papers.id order by paper_authors.position)) as authors,
          (select count(*) from listings where listings.paper_id = papers.id) as listings,
          (select count(*) from claims where claims.paper_id = papers.id) as claims
        from papers""",
    # The joined names are scalar subqueries, evaluated only for the rows a page shows: a count
    # of the view (which Datasette makes for every page of it) then reads one index, not every
    # claim with its paper (100 ms -> a few at 200,000 papers).
    "claims_readable": """
        select claims.id, (select title from papers where papers.id = claims.paper_id) as paper, claims.paper_id,
          claims.kind, claims.qualifier, claims.value, claims.value_high, claims.unit,
          coalesce((select name from metrics where metrics.id = claims.metric_id), claims.metric) as metric,
          coalesce((select name from benchmarks where benchmarks.id = claims.benchmark_id), claims.benchmark) as benchmark,
          claims.subject, claims.baseline, claims.direction, claims.text as evidence, claims.sentence, claims.rule,
          claims.confidence, (select category from papers where papers.id = claims.paper_id) as category,
          (select year from papers where papers.id = claims.paper_id) as year
        from claims""",
    "benchmark_results": """
        select benchmarks.name as benchmark, claims.subject, models.params, claims.kind,
          claims.qualifier, claims.value, claims.unit, coalesce(metrics.name, claims.metric) as metric,
          claims.baseline, papers.title as paper, claims.paper_id, claims.id as claim_id, claims.text as evidence
        from claims join benchmarks on benchmarks.id = claims.benchmark_id
          join papers on papers.id = claims.paper_id
          left join metrics on metrics.id = claims.metric_id
          left join models on models.id = claims.model_id
        where claims.kind in ('score', 'delta')""",
    "speedups": """
        select claims.subject, claims.baseline, coalesce(metrics.name, claims.metric) as metric,
          claims.qualifier, claims.value as factor, claims.value_high as factor_high, claims.direction,
          papers.title as paper, claims.paper_id, claims.id as claim_id, claims.text as evidence
        from claims join papers on papers.id = claims.paper_id
          left join metrics on metrics.id = claims.metric_id
        where claims.kind = 'ratio'""",
    "model_sizes": """
        select models.name as model, models.family, models.params, papers.title as paper,
          mentions.paper_id, mentions.text as evidence
        from mentions join models on models.id = mentions.model_id
          join papers on papers.id = mentions.paper_id
        where mentions.label = 'MODEL'""",
}


def ensure_tables(db: sqlite_utils.Database) -> None:
    """Create every declared table that is missing (empty, with keys and foreign keys)."""
    for name, spec in TABLES.items():
        if not db[name].exists():
            db[name].create(spec["columns"], pk=spec["pk"], foreign_keys=spec.get("foreign_keys", []))
        else:  # a database written by an earlier claimbase gets the columns added since
            missing = [column for column in spec["columns"] if column not in db[name].columns_dict]
            for column in missing:
                db[name].add_column(column, spec["columns"][column])
    for name, (left, right) in M2M.items():
        if not db[name].exists():  # the columns sqlite-utils' m2m() names: "<table>_id"
            db[name].create({f"{left}_id": str, f"{right}_id": int}, pk=(f"{left}_id", f"{right}_id"),
                            foreign_keys=[(f"{left}_id", left, "id"), (f"{right}_id", right, "id")])
    ensure_lookup_indexes(db)
    ensure_fts(db)


def ensure_fts(db: sqlite_utils.Database) -> None:
    """Full-text search with triggers, set up before data arrives so that it grows row by row
    (building it over a large table at the end holds the whole index in memory at once)."""
    for table, columns in FTS_CONFIG.items():
        if not db[table].detect_fts():
            db[table].enable_fts(columns, create_triggers=True)


class DeferredSearchIndex:
    """Index a table's new rows for full-text search a batch at a time instead of row by row.

    The insert trigger of sqlite-utils' FTS costs about four times what one statement over a
    batch of new rows costs, and on `add` it is most of the time spent storing a paper. Inside
    the caller's transaction, `set_aside()` (before the first new row) drops the trigger,
    `index_new_rows()` indexes the rows inserted since it was dropped, and leaving restores the
    trigger as it was, so a reader never sees a paper that search cannot find and a failed add
    rolls all of it back. An add with no new rows leaves the trigger, and the file, untouched.
    """

    def __init__(self, db: sqlite_utils.Database, table: str = "papers"):
        self.db, self.table = db, table
        self.columns = FTS_CONFIG[table]
        trigger = db.execute("select name, sql from sqlite_master where type = 'trigger' and tbl_name = ? "
                             "and sql like '%AFTER INSERT%'", [table]).fetchone()
        self.trigger_name, self.trigger_sql = trigger if trigger else (None, None)
        self.aside = False
        self.last_rowid = 0

    def __enter__(self) -> "DeferredSearchIndex":
        return self

    def set_aside(self) -> None:
        if self.aside or not self.trigger_name:
            return
        self.last_rowid = self.db.execute(f"select coalesce(max(rowid), 0) from [{self.table}]").fetchone()[0]
        self.db.execute(f"drop trigger [{self.trigger_name}]")
        self.aside = True

    def index_new_rows(self) -> None:
        if not self.aside:
            return
        columns = ", ".join(f"[{c}]" for c in self.columns)
        self.db.execute(f"insert into [{self.table}_fts] (rowid, {columns}) "
                        f"select rowid, {columns} from [{self.table}] where rowid > ?", [self.last_rowid])
        self.last_rowid = self.db.execute(f"select coalesce(max(rowid), 0) from [{self.table}]").fetchone()[0]

    def __exit__(self, error_type, *_):
        """On success the trigger is put back; on failure the caller's rollback puts it back (and
        SQLite may have rolled back already, after a full disk: re-creating it then would fail,
        hiding the error that matters)."""
        aside, self.aside = self.aside, False
        if error_type is None:
            self.index_new_rows()
            if aside:
                self.db.execute(self.trigger_sql)


# The foreign keys ingestion looks rows up by: a paper's listings, claims, mentions and people,
# read or replaced when the paper changes. The other foreign keys (benchmark, metric, model,
# source) serve browsing, and are indexed once the data is in.
PAPER_KEYS = (("listings", "paper_id"), ("claims", "paper_id"), ("mentions", "paper_id"),
              ("paper_authors", "paper_id"), ("paper_organizations", "papers_id"))


def ensure_lookup_indexes(db: sqlite_utils.Database) -> None:
    """The indexes ingestion looks things up by: unique names, paper keys, listing order."""
    for table, column in (("authors", "name"), ("organizations", "name"), ("benchmarks", "name"),
                          ("metrics", "name")):
        db[table].create_index([column], unique=True, if_not_exists=True)
    db["models"].create_index(["name", "params"], unique=True, if_not_exists=True)
    db["papers"].create_index(["title_key"], if_not_exists=True)
    db["papers"].create_index(["external_id"], if_not_exists=True)
    db["listings"].create_index(["seq"], if_not_exists=True)
    for table, column in PAPER_KEYS:
        db[table].create_index([column], if_not_exists=True)


# What pages and canned queries filter by, beyond the foreign keys: claims by kind (facets,
# views), papers by category and date (the month query, facets), names without case (a
# benchmark or baseline typed as "gsm8k").
BROWSING_INDEXES = {
    "idx_claims_kind_benchmark": "on claims (kind, benchmark_id)",
    "idx_claims_unit": "on claims (unit)",  # the claims table's facets
    "idx_claims_direction": "on claims (direction)",
    "idx_claims_qualifier": "on claims (qualifier)",
    "idx_papers_category_year_month": "on papers (category, year, month)",
    "idx_papers_date": "on papers (date)",  # the papers table's order and facets, filtered by category or not
    "idx_papers_category_date": "on papers (category, date)",
    "idx_papers_year": "on papers (year)",
    "idx_papers_has_code": "on papers (has_code)",
    "idx_papers_category_has_code": "on papers (category, has_code)",
    "idx_benchmarks_name_nocase": "on benchmarks (name collate nocase)",
    "idx_models_name_nocase": "on models (name collate nocase)",
    "idx_claims_baseline_nocase": "on claims (baseline collate nocase)",
}


def ensure_db_shape(db: sqlite_utils.Database) -> None:
    """Tables, lookup indexes, full-text search with triggers (all in ensure_tables), an index on
    every foreign key, and views. A new database gets its browsing indexes here, after the data:
    one sorted build each instead of an insertion per row (a third of the cost of storing mentions)."""
    ensure_tables(db)
    db.index_foreign_keys()
    for name, sql in BROWSING_INDEXES.items():
        db.execute(f"create index if not exists [{name}] {sql}")
    for name, sql in VIEWS.items():
        current = db.execute("select sql from sqlite_master where type = 'view' and name = ?", [name]).fetchone()
        if current is None or current[0].split(" AS ", 1)[-1].strip() != sql.strip():
            db.create_view(name, sql, replace=True)
