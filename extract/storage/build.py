"""Building and growing the knowledge base.

`build` writes a fresh database from seed files into a temporary file and swaps it in only
when everything succeeded (a failed build loses nothing); `add` grows an existing database
(created if missing) in one transaction, so a failure commits nothing and readers never
see a half-written state. Both go through extract/storage/ingest.py, the same code path.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import sqlite3
from pathlib import Path
from typing import Callable, Iterable, Optional

import sqlite_utils

from claimbase.schema.tables import ensure_db_shape, ensure_tables

from claimbase.storage import dbfile
from claimbase.storage.dbfile import open_for_writing, write_transaction, written_aside
from claimbase.errors import InputError
from claimbase.storage.knowledge_base import learn_and_revisit
from claimbase.storage.ingest import ExtractionPool, IngestResult, RejectedRecord, ingest
from claimbase.readers import ParseReport, detect_format, read


class StrictError(Exception):
    """--strict: an entry that could not be fully parsed fails the build."""


def _source_id(db: sqlite_utils.Database, path: Path, display: str, layout: str) -> int:
    try:
        digest = hashlib.sha1()
        with open(path, "rb") as handle:  # in chunks: an input file is never held in memory whole
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        sha1 = digest.hexdigest()
    except OSError as error:
        raise InputError(display, None, f"cannot read: {error.strerror or error}") from error
    name = Path(display).name if display != "<stdin>" else display
    return db["sources"].lookup({"file": name}, {"layout": layout, "sha1": sha1})


def _ingest_files(db: sqlite_utils.Database, inputs: Iterable[tuple[Path, str]], fmt: Optional[str],
                  workers: int, skip_invalid: bool, report: ParseReport,
                  progress: Optional[Callable[[int], None]]) -> IngestResult:
    """Ingest each file; a file's `sources` row is written when its first listing is stored,
    so a file with no records (empty, or every record rejected) leaves no trace."""
    total = IngestResult()
    with ExtractionPool(workers) as pool:
        for path, display in inputs:
            layout = fmt or detect_format(path)
            name = Path(display).name if display != "<stdin>" else display
            source = functools.lru_cache(maxsize=1)(lambda _file, path=path, display=display, layout=layout:
                                                    _source_id(db, path, display, layout))
            records = _renamed(read(path, layout, report, display), name)
            result = ingest(db, records, source, pool, skip_invalid, progress)
            if result.listings:
                db["sources"].update(source(name), {"layout": layout, "listings": db.execute(
                    "select count(*) from listings where source_id = ?", [source(name)]).fetchone()[0]})
            elif not result.rejected and not result.skipped:
                report.problems.append(f"{display}: no records found")
            if skip_invalid and result.rejected and not result.listings:
                raise EveryRecordRejected(display, result.rejected)
            for attribute in ("added", "updated", "unchanged", "listings", "claims"):
                setattr(total, attribute, getattr(total, attribute) + getattr(result, attribute))
            total.rejected.extend(result.rejected)
            total.skipped.extend(result.skipped)
    return total


class EveryRecordRejected(InputError):
    """--skip-invalid skips bad records among good ones; a file of nothing but bad records is
    a failure (most likely the wrong file, or the wrong --format), not an add of nothing."""

    def __init__(self, display: str, rejected: list):
        super().__init__(display, None, f"every record was rejected ({len(rejected)}), nothing was added; "
                                        f"the first: {rejected[0]}")


def _input_error(record) -> InputError:
    """A rejected record as the one-line error the CLI prints."""
    if record.unit == "line":
        return InputError(record.path, record.line, record.message)
    return InputError(record.path, None, f"{record.unit} {record.line}: {record.message}")


def _renamed(records, name: str):
    """Listings name their source file as it was given (standard input stays "<stdin>")."""
    for record in records:
        if hasattr(record, "source_file"):
            record.source_file = name
        yield record


def build(db_path: Path, seed_paths: Iterable[Path], strict: bool = False, workers: int = 1,
          progress: Optional[Callable[[int], None]] = None) -> IngestResult:
    """Build `db_path` from seed files; the previous database stays until the new one is complete."""
    seed_paths = [Path(p) for p in seed_paths]
    report = ParseReport()
    with _failures_named(db_path):
        with written_aside(Path(db_path)) as db:
            with write_transaction(db):
                ensure_tables(db)
                result = _ingest_files(db, [(p, str(p)) for p in seed_paths], "seeds", workers, False, report, progress)
                if strict and report.problems:
                    raise StrictError(report.problems[0])
                _learn(db, result)
                ensure_db_shape(db)
            db.conn.execute("vacuum")
    result.problems = report.problems
    return result


def add(db_path: Path, inputs: Iterable[tuple[Path, str]], fmt: Optional[str] = None, workers: int = 1,
        skip_invalid: bool = False, progress: Optional[Callable[[int], None]] = None,
        wait: float = dbfile.WAIT_SECONDS) -> IngestResult:
    """Add papers from files (path, name to show) to a database, created if missing, in one transaction.

    An existing database is written in WAL mode, so its readers keep reading the last committed
    state; a second writer waits up to `wait` seconds for the first (dbfile.write_transaction). A missing one is
    written aside and moved into place, as `build` does: nobody can be reading it yet, every
    page is written once (WAL writes each twice, once more when it is checkpointed), and a
    failed first add leaves no file behind. It is left in WAL mode for the readers and writers
    that come next."""
    db_path = Path(db_path)
    report = ParseReport()
    with _failures_named(db_path, wait):
        if db_path.exists():
            db = open_for_writing(db_path, wait)
            try:
                db.enable_wal()
                result = _add_to(db, inputs, fmt, workers, skip_invalid, report, progress)
            finally:
                db.close()  # a failed add too: its transaction is rolled back by then
        else:
            with written_aside(db_path) as db:
                result = _add_to(db, inputs, fmt, workers, skip_invalid, report, progress)
                db.enable_wal()
    result.problems = report.problems
    return result


@contextlib.contextmanager
def _failures_named(db_path: Path, wait: float = dbfile.WAIT_SECONDS):
    """What goes wrong while writing, as the one-line errors the CLI prints: a rejected record
    names its file and line; SQLite's and the file system's errors name the database."""
    try:
        yield
    except RejectedRecord as error:
        raise _input_error(error.record) from error
    except (sqlite3.Error, OSError) as error:
        raise dbfile.failure(db_path, error, wait) from error


def _add_to(db: sqlite_utils.Database, inputs, fmt, workers, skip_invalid, report, progress) -> IngestResult:
    """Everything an add writes, the tables of a database that lacks them included, in one
    transaction: a failed add leaves the file exactly as it was."""
    with write_transaction(db):
        ensure_tables(db)
        result = _ingest_files(db, inputs, fmt, workers, skip_invalid, report, progress)
        if result.added or result.updated:
            _learn(db, result)
        ensure_db_shape(db)
    return result


def _learn(db: sqlite_utils.Database, result: IngestResult) -> None:
    """The knowledge-base pass: benchmark names recognized anywhere, known everywhere."""
    learned = learn_and_revisit(db)
    result.learned, result.revisited = len(learned.names), learned.revisited
