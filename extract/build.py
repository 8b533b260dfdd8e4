"""Building the knowledge base: read → merge → extract → store, into a temporary file
that replaces the database only when everything succeeded (a failed build loses nothing).
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

import sqlite_utils
from pydantic import ValidationError

from schema.models import Listing
from schema.tables import ensure_db_shape, ensure_tables

from .errors import InputError
from .papers import Paper, merge_listings
from .pipeline import Extractor
from .seeds import ParseReport, read_seed_files
from .store import save_extraction, save_paper, save_sources


@dataclass
class BuildResult:
    papers: int = 0
    listings: int = 0
    claims: int = 0
    problems: list[str] = field(default_factory=list)


class StrictError(Exception):
    """--strict: an entry that could not be parsed fails the build."""


def build(db_path: Path, seed_paths: Iterable[Path], strict: bool = False,
          progress: Optional[Callable[[int, int], None]] = None) -> BuildResult:
    """Build `db_path` from seed files; the previous database stays until the new one is complete."""
    seed_paths = [Path(p) for p in seed_paths]
    report = ParseReport()
    listings = read_seed_files(seed_paths, report)
    if strict and report.problems:
        raise StrictError(report.problems[0])
    papers = merge_listings(listings)
    counts = {}
    for listing in listings:
        counts[listing.source_file] = counts.get(listing.source_file, 0) + 1
    layouts = {l.source_file: l.layout for l in listings}
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(prefix=f".{db_path.name}.", suffix=".tmp", dir=db_path.parent)
    os.close(handle)
    try:
        db = sqlite_utils.Database(tmp_name)
        ensure_tables(db)
        with db.conn:
            source_ids = save_sources(db, [(p, layouts.get(p.name, "unknown"), counts.get(p.name, 0)) for p in seed_paths])
            claims = store_papers(db, papers, source_ids, progress)
        ensure_db_shape(db)
        db.conn.execute("vacuum")
        db.close()
        os.replace(tmp_name, db_path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return BuildResult(papers=len(papers), listings=len(listings), claims=claims, problems=report.problems)


def store_papers(db: sqlite_utils.Database, papers: list[Paper], source_ids: dict[str, int],
                 progress: Optional[Callable[[int, int], None]] = None) -> int:
    """Save papers and their extracted claims; returns the number of claims."""
    extractor = Extractor()
    total = 0
    for index, paper in enumerate(papers, start=1):
        save_paper(db, paper, source_ids)
        claims, mentions = extractor.extract(paper.abstract, paper.title)
        save_extraction(db, paper.id, claims, mentions)
        total += len(claims)
        if progress:
            progress(index, len(papers))
    return total


def read_jsonl(path: Path) -> list[Listing]:
    """Papers from JSON Lines records with `title` and `abstract` (optional `id`, `authors`)."""
    listings = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise InputError(str(path), number, f"not valid JSON: {error.msg}") from error
            if not isinstance(record, dict):
                raise InputError(str(path), number, "a record must be a JSON object")
            authors = record.get("authors") or []
            if isinstance(authors, str):
                authors = [a.strip() for a in authors.split(",") if a.strip()]
            try:
                listings.append(Listing(
                    title=record.get("title") or "", abstract=record.get("abstract") or "",
                    authors=authors, source_file=Path(path).name, layout="jsonl", line=number,
                    position=len(listings) + 1, external_id=record.get("id") or None))
            except ValidationError as error:
                first = error.errors()[0]
                raise InputError(str(path), number, f"{'.'.join(map(str, first['loc']))}: {first['msg']}") from error
    return listings


def add(db_path: Path, path: Path, progress=None) -> BuildResult:
    """Add the papers of a JSON Lines file to a database (created if missing), in one transaction."""
    listings = read_jsonl(Path(path))
    papers = merge_listings(listings)
    db = sqlite_utils.Database(db_path)
    ensure_tables(db)
    with db.conn:
        source_ids = save_sources(db, [(Path(path), "jsonl", len(listings))])
        claims = store_papers(db, papers, source_ids, progress)
    ensure_db_shape(db)
    db.close()
    return BuildResult(papers=len(papers), listings=len(listings), claims=claims)
