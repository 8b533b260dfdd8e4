"""Incremental, idempotent ingestion: listings in, papers, claims and mentions kept current.

Every listing is stored with all it says (title, abstract, authors, date, ...). A paper's
fields are recomputed from its listings in the order they arrived, so adding the same
file twice changes nothing, adding the seeds one by one gives what `build` gives (build
is this same path over a fresh file), and a changed abstract replaces that paper's claims
and mentions. A paper's key is its external id (arXiv id, DOI, ...) or else a hash of its
normalized title: the abstract is left out of the key so that a corrected abstract
updates its paper instead of making a second one.

Extraction runs in `workers` processes (ordered, so the output is the same as with one);
storage stays in this process, inside the caller's transaction.
"""
from __future__ import annotations

import collections
import contextlib
import functools
import gc
import hashlib
import itertools
import json
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

import sqlite_utils

from claimbase.schema.models import Listing
from claimbase.schema.tables import DeferredSearchIndex

from claimbase.errors import WorkerFailed
from claimbase.storage.papers import normalize_title
from claimbase.pipeline import Extractor
from claimbase.readers import NoAbstract, Rejected
from claimbase.storage.store import EntityIds, ExtractionWriter, claim_values, insert_rows, insert_sql, mention_values

BATCH = 512
IN_FLIGHT = 2  # batches handed to the pool and not yet written


@dataclass
class IngestResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    listings: int = 0
    claims: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    skipped: list[NoAbstract] = field(default_factory=list)  # records with no abstract: nothing to extract
    problems: list[str] = field(default_factory=list)  # entries read with a warning (see ParseReport)
    learned: int = 0  # benchmark names the knowledge-base pass knows (extract/storage/knowledge_base.py)
    revisited: int = 0  # papers it extracted again with them


@functools.lru_cache(maxsize=4096)  # a new paper's title is keyed when it is looked up and again when it is stored
def title_key(title: str) -> str:
    return hashlib.sha1(normalize_title(title).encode("utf-8")).hexdigest()[:12]


def known_paper(db: sqlite_utils.Database, listing: Listing) -> tuple[str, Optional[tuple[str, str]]]:
    """The listing's paper key and, when the paper is already stored, its (title, abstract).

    The key is the external id where the input has one; a paper already known by its title
    keeps its key."""
    by_title = title_key(listing.title)
    if listing.external_id:
        known = db.execute("select id, title, abstract from papers where external_id = ?",
                           [listing.external_id]).fetchone()
        if known:
            return known[0], tuple(known[1:])
    known = db.execute("select id, title, abstract from papers where title_key = ?", [by_title]).fetchone()
    if known:
        return known[0], tuple(known[1:])
    if listing.external_id:
        return hashlib.sha1(listing.external_id.encode("utf-8")).hexdigest()[:12], None
    return by_title, None


# --- extraction, in this process or in a pool -------------------------------------------------

_WORKER: Optional[Extractor] = None


def _start_worker() -> None:
    """The extractor, its rules loaded, and then everything it keeps moved out of the garbage
    collector's sight (gc.freeze): the vocabularies, patterns and word index are hundreds of
    thousands of objects that live as long as the process, and each full collection in a long
    add would walk them all again. A 20,000-abstract add runs a tenth or more faster so."""
    global _WORKER
    _WORKER = Extractor()
    _WORKER.extract(_WARM_UP, "Warm-up")  # the rules are compiled on first use
    gc.freeze()


_WARM_UP = "On the GLUE benchmark, our 7B model (FooNet) reaches 91.2% accuracy, 3.1 points above GPT-4."


def _start_pool_worker() -> None:
    """A pool worker leaves stopping to the storing process. Ctrl-C reaches the whole process
    group: ignored here, it interrupts the storing process alone, which rolls back and shuts
    the pool down. SIGTERM keeps its default action (the storing process turns it into an
    interrupt for itself before forking). A storing process killed outright (SIGKILL, the
    out-of-memory killer) can shut nothing down, so the worker watches for its end and exits."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    threading.Thread(target=_exit_with_parent, daemon=True).start()
    _start_worker()


def _exit_with_parent() -> None:
    multiprocessing.connection.wait([multiprocessing.parent_process().sentinel])
    os._exit(1)


def _extract(items: list[tuple[str, str, str]]) -> list:
    """Each paper's validated claims and mentions, through the pipeline's `nlp.pipe`, as the
    tuples the writer takes: they cross from a worker to the storing process, where
    unpickling pydantic models would cost eight times what plain values cost."""
    results = _WORKER.extract_many((abstract, title) for _, title, abstract in items)
    return [(paper_id, [claim_values(c) for c in claims], [mention_values(m) for m in mentions])
            for (paper_id, _, _), (claims, mentions) in zip(items, results)]


class ExtractionPool:
    """`map` over (paper_id, title, abstract) in order, in one process or several.

    Several processes run under concurrent.futures' ProcessPoolExecutor rather than
    multiprocessing's Pool. Pool's worker-handler thread also waits on the results pipe, so
    it wakes, and takes the GIL from the storing thread, every time a worker sends a result
    (about 35 times per result, 0.3 s of CPU in a 20,000-abstract add); and a Pool whose
    worker is killed waits for the lost result for ever, where the executor reports it."""

    def __init__(self, workers: int = 1):
        self.workers = max(1, workers)
        self.executor = None
        if self.workers > 1:
            self.executor = ProcessPoolExecutor(
                self.workers, mp_context=multiprocessing.get_context("fork"), initializer=_start_pool_worker)
        else:
            _start_worker()

    def submit(self, items: list[tuple[str, str, str]]):
        """Start extracting `items`; the returned iterable yields results in order.

        With one worker the work is done now, in this process; with more it runs in the
        pool while the caller goes on."""
        if self.executor is None:
            return _extract(items)
        size = max(1, len(items) // (self.workers * 4))
        chunks = [items[i:i + size] for i in range(0, len(items), size)]
        with _worker_deaths_reported():  # the executor says so when asked for more work, or for a result
            results = self.executor.map(_extract, chunks)
        return itertools.chain.from_iterable(_reported(results))

    def __enter__(self):
        return self

    def __exit__(self, error_type, *_):
        """A failed ingest abandons the chunks not yet started; those running finish first
        (a chunk is a few dozen abstracts), so no worker outlives the run."""
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=error_type is not None)


@contextlib.contextmanager
def _worker_deaths_reported():
    """A worker that died (killed, out of memory) named as such, not as the executor's traceback."""
    try:
        yield
    except BrokenProcessPool as error:
        raise WorkerFailed() from error


def _reported(results):
    with _worker_deaths_reported():
        yield from results


# --- storage -----------------------------------------------------------------------------------

def _listing_row(listing: Listing, paper_id: str, source_id: Optional[int]) -> dict:
    return {
        "id": f"{listing.source_file}#{paper_id}", "paper_id": paper_id, "source_id": source_id,
        "line": listing.line, "position": listing.position, "layout": listing.layout,
        "title_as_listed": listing.title, "abstract": listing.abstract,
        "authors": _json_list(listing.authors), "authors_truncated": int(listing.authors_truncated),
        "organizations": _json_list(listing.organizations), "category": listing.category,
        "year": listing.year, "month": listing.month, "day": listing.day, "date_text": listing.date_text,
        "listing_score": listing.listing_score, "has_code": int(listing.has_code), "external_id": listing.external_id,
        "arxiv_id": listing.arxiv_id, "doi": listing.doi, "url": listing.url,
    }


_JSON = json.JSONEncoder(ensure_ascii=False)  # made once: json.dumps(..., ensure_ascii=False) makes one per call


def _json_list(names: list[str]) -> str:
    """A listing's names as stored (JSON); most inputs list no organizations, many no authors."""
    return _JSON.encode(names) if names else "[]"


def _listed(stored: Optional[str]) -> list:
    """The names a listing row stores, read back."""
    return json.loads(stored) if stored and stored != "[]" else []


class ListingOrder:
    """The arrival order of listings (`seq`): the last number is read once, then counted here.

    A new paper's listing is new, so it waits to be written with the rest of the batch (one
    statement for all of them); any other listing first writes the waiting ones, because what
    follows it reads the listings table."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db
        self.last = db.execute("select coalesce(max(seq), 0) from listings").fetchone()[0]
        self.waiting: list[dict] = []

    def store(self, row: dict, paper_is_new: bool) -> None:
        """Insert or replace a listing, keeping its place in the order."""
        if paper_is_new:
            self.last += 1
            row["seq"] = self.last
            self.waiting.append(row)
            return
        self.flush()
        existing = self.db.execute("select seq from listings where id = ?", [row["id"]]).fetchone()
        if existing:
            row["seq"] = existing[0]
        else:
            self.last += 1
            row["seq"] = self.last
        insert_rows(self.db, "listings", [row], replace=True)

    def flush(self) -> None:
        if self.waiting:
            insert_rows(self.db, "listings", self.waiting, replace=True)
            self.waiting = []


def _abstract_once(db: sqlite_utils.Database, paper_id: str, old: str, new: str) -> None:
    """A listing's abstract is stored only where it differs from its paper's (NULL: the same):
    the abstract is most of a paper's bytes, and most papers have one listing. When a paper's
    abstract changes, the listings that shared the old one get it written out first."""
    if new != old:
        db.execute("update listings set abstract = ? where paper_id = ? and abstract is null", [old, paper_id])
    db.execute("update listings set abstract = null where paper_id = ? and abstract = ?", [paper_id, new])


def _paper_from_listings(db: sqlite_utils.Database, paper_id: str, rows: Optional[list[dict]] = None,
                         stored_abstract: Optional[str] = None) -> dict:
    """A paper's fields from all its listings (read from the database unless given, a NULL
    abstract read as `stored_abstract`, the paper's), later listings winning, a full date over
    a partial one."""
    if rows is None:
        rows = [dict(r) for r in db.query("select * from listings where paper_id = ? order by seq", [paper_id])]
        for r in rows:
            if r["abstract"] is None:
                r["abstract"] = stored_abstract
    latest = rows[-1]

    def last(column):
        return next((r[column] for r in reversed(rows) if r[column] not in (None, "")), None)

    with_authors = next((r for r in reversed(rows) if _listed(r["authors"])), None)
    dated = max(reversed(rows), key=lambda r: (r["year"] is not None, r["month"] is not None))
    organizations: dict[str, None] = {}
    for r in rows:
        organizations.update(dict.fromkeys(_listed(r["organizations"])))
    date = f"{dated['year']:04d}-{dated['month']:02d}-{dated['day']:02d}" if dated["year"] and dated["month"] and dated["day"] else None
    return {
        "paper": {
            "id": paper_id, "title": latest["title_as_listed"], "abstract": latest["abstract"],
            "title_key": title_key(latest["title_as_listed"]), "category": last("category"), "date": date,
            "year": dated["year"], "month": dated["month"], "day": dated["day"], "date_text": dated["date_text"],
            "has_code": int(any(r["has_code"] for r in rows)), "listing_score": last("listing_score"),
            "authors_truncated": with_authors["authors_truncated"] if with_authors else 0,
            "external_id": next((r["external_id"] for r in rows if r["external_id"]), None),
            "arxiv_id": last("arxiv_id"), "doi": last("doi"), "url": last("url"),
        },
        "authors": _listed(with_authors["authors"]) if with_authors else [],
        "organizations": list(organizations),
    }


def _store_paper(db: sqlite_utils.Database, merged: dict, ids: EntityIds, new: bool = False) -> None:
    """Write a paper only where it changed: an unchanged re-add leaves every row (and the FTS index) alone."""
    paper = merged["paper"]
    if new:
        db.execute(insert_sql("papers", tuple(paper)), list(paper.values()))
        _store_people(db, paper["id"], merged, ids, replace=False)
        return
    current = db.execute("select * from papers where id = ?", [paper["id"]]).fetchone()
    if current is not None:
        columns = [c[0] for c in db.execute("select * from papers limit 0").description]
        stored = dict(zip(columns, current))
        authors = [r[0] for r in db.execute(
            "select authors.name from paper_authors join authors on authors.id = paper_authors.author_id "
            "where paper_id = ? order by position", [paper["id"]])]
        organizations = {r[0] for r in db.execute(
            "select organizations.name from paper_organizations join organizations "
            "on organizations.id = paper_organizations.organizations_id where papers_id = ?", [paper["id"]])}
        if all(stored.get(k) == v for k, v in paper.items()) and authors == merged["authors"] \
                and organizations == set(merged["organizations"]):
            return
    db["papers"].upsert(paper, pk="id")
    _store_people(db, paper["id"], merged, ids, replace=True)


def _store_people(db: sqlite_utils.Database, paper_id: str, merged: dict, ids: EntityIds, replace: bool) -> None:
    """Ordered authors and the organizations of a paper: names to ids through the writer's cache,
    rows in one statement each (sqlite-utils' lookup() and m2m() re-read the tables' shape for
    every name, which cost more than extracting the abstract)."""
    if replace:
        db.execute("delete from paper_authors where paper_id = ?", [paper_id])
        db.execute("delete from paper_organizations where papers_id = ?", [paper_id])
    if merged["authors"]:
        db.conn.executemany(insert_sql("paper_authors", ("paper_id", "author_id", "position")),
                            [(paper_id, ids.author(name), position)
                             for position, name in enumerate(merged["authors"], start=1)])
    if merged["organizations"]:
        db.conn.executemany(insert_sql("paper_organizations", ("organizations_id", "papers_id"), replace=True),
                            [(ids.organization(name), paper_id) for name in merged["organizations"]])


def ingest(db: sqlite_utils.Database, records: Iterable, source_ids: Callable[[str], Optional[int]],
           pool: ExtractionPool, skip_invalid: bool = False,
           progress: Optional[Callable[[int], None]] = None) -> IngestResult:
    """Store listings (re-extracting the papers they add or change); the caller holds the transaction.

    Batches are pipelined: while the pool extracts, this process stores the listings of the
    batches after it, up to IN_FLIGHT batches ahead, so that a worker finding its queue empty
    does not wait on this process; extraction results are written in batch order. A `Rejected`
    record raises RejectedRecord naming it, unless `skip_invalid` collects it."""
    result = IngestResult()
    writer = ExtractionWriter(db)
    order = ListingOrder(db)
    search_index = DeferredSearchIndex(db, "papers")
    pending: collections.deque = collections.deque()  # (results, existed, size) of batches being extracted

    def finish(job) -> None:
        results, existed, size = job
        for paper_id, claims, mentions in results:
            writer.replace(paper_id, claims, mentions, existing=existed[paper_id])
        writer.flush()
        if progress:
            progress(size)

    def run(batch: list[Listing]) -> None:
        to_extract, existed = _store_batch(db, batch, source_ids, result, order, search_index, writer.ids)
        search_index.index_new_rows()
        pending.append((pool.submit(list(to_extract.values())), existed, len(batch)))
        if len(pending) > IN_FLIGHT:
            finish(pending.popleft())

    batch: list[Listing] = []
    with search_index:
        for record in records:
            if isinstance(record, NoAbstract):
                result.skipped.append(record)
                continue
            if isinstance(record, Rejected):
                if not skip_invalid:
                    raise RejectedRecord(record)
                result.rejected.append(record)
                continue
            batch.append(record)
            if len(batch) >= BATCH:
                run(batch)
                batch = []
        if batch:
            run(batch)
        while pending:
            finish(pending.popleft())
    result.claims = writer.written
    return result


class RejectedRecord(Exception):
    def __init__(self, record: Rejected):
        self.record = record
        super().__init__(str(record))


def _store_batch(db, batch: list[Listing], source_ids, result: IngestResult, order: ListingOrder,
                 search_index: DeferredSearchIndex, ids: EntityIds):
    """Listings and papers of a batch; returns the papers to (re-)extract and whether each existed."""
    to_extract: dict[str, tuple[str, str, str]] = {}
    existed: dict[str, bool] = {}
    for listing in batch:
        paper_id, before = known_paper(db, listing)
        existed.setdefault(paper_id, before is not None)
        row = _listing_row(listing, paper_id, source_ids(listing.source_file))
        if before is None:
            order.store({**row, "abstract": None}, paper_is_new=True)  # the same as its paper's: stored once
            merged = _paper_from_listings(db, paper_id, rows=[row])
        else:
            order.store(row, paper_is_new=False)
            merged = _paper_from_listings(db, paper_id, stored_abstract=before[1])
            _abstract_once(db, paper_id, before[1], merged["paper"]["abstract"])
        if before is None:
            search_index.set_aside()  # new papers are indexed for search once per batch
        _store_paper(db, merged, ids, new=before is None)
        result.listings += 1
        paper = merged["paper"]
        if before is None:
            result.added += 1
            to_extract[paper_id] = (paper_id, paper["title"], paper["abstract"])
        elif tuple(before) != (paper["title"], paper["abstract"]):
            result.updated += 1
            to_extract[paper_id] = (paper_id, paper["title"], paper["abstract"])
        else:
            result.unchanged += 1
    order.flush()
    return to_extract, existed


__all__ = ["ExtractionPool", "IngestResult", "RejectedRecord", "ingest", "known_paper", "title_key"]
