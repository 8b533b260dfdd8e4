"""Readers per input format, and the detection that picks one from a file's content and name.

`read(path)` yields `Listing`s (and `Rejected` records for what cannot be read) from any
supported format: the seed page layouts, JSON Lines / JSON arrays / CSV of records, the
arXiv API's Atom feed, the arXiv metadata snapshot, Semantic Scholar paper JSON, and
plain text (title on the first line, abstract after).
"""
from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Iterator, Optional

from claimbase.errors import InputError
from claimbase.readers.encoding import TEXT_ENCODING, not_utf8
from claimbase.schema.models import Listing

from claimbase.readers.records import NoAbstract, Rejected, read_atom, read_csv, read_json, read_jsonl, read_text
from claimbase.readers.seeds import Layouts, ParseReport, detect_layout, read_seed_files

FORMATS = ("seeds", "jsonl", "json", "csv", "atom", "text")


def detect_format(path: Path) -> str:
    """The format of a file, from its first bytes first and its extension second."""
    try:
        with open(path, encoding=TEXT_ENCODING, errors="replace") as handle:  # a byte that is not UTF-8 is the reader's to report
            head = handle.read(8192)
    except OSError as error:
        raise InputError(str(path), None, f"cannot read: {error}") from error
    stripped = head.lstrip()
    suffix = Path(path).suffix.lower()
    if stripped.startswith("<?xml") or stripped.startswith("<feed") or "<feed" in stripped[:500]:
        return "atom"
    if stripped.startswith("["):
        return "json"
    if stripped.startswith("{"):
        return "jsonl" if suffix in (".jsonl", ".ndjson") or _object_per_line(stripped) else "json"
    if suffix in (".csv", ".tsv"):
        return "csv"
    if detect_layout(head.splitlines(), Layouts.load()):
        return "seeds"
    first_line = stripped.splitlines()[0].lower() if stripped else ""
    if "title" in first_line and "abstract" in first_line and ("," in first_line or "\t" in first_line):
        return "csv"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".json":
        return "json"
    return "text"


def _object_per_line(head: str, lines: int = 50) -> bool:
    """Whether a text that starts with "{" holds one JSON object per line rather than one JSON
    document: some line among the first ones is a whole record on its own, or several lines open
    an object at their start (records, however malformed; a pretty-printed document indents its
    inner objects). Decided from many lines, so that a first record that is broken does not turn
    a JSON Lines file into one bad document."""
    complete = head.splitlines()[:lines] if len(head) < 8192 else head.splitlines()[:-1][:lines]
    for line in complete:
        if line.startswith("{"):
            try:
                value = json.loads(line)
            except (RecursionError, ValueError):
                continue
            return isinstance(value, dict) and not isinstance(value.get("data"), list)  # {"data": [...]}: one S2 answer
    return sum(line.startswith("{") for line in complete) > 1


# An abstract is a few thousand characters (the longest of 74,577 arXiv abstracts has 3,488;
# arXiv allows 1,920); a title a few hundred. Longer text is a whole paper, or debris, pasted
# into the field: the paper is stored with the text cut at a word boundary, and the cut is
# reported, so that nothing downstream (extraction, search) works on megabytes per paper.
LONGEST = {"abstract": 20_000, "title": 2_000}


def read(path: Path, fmt: Optional[str] = None, report: Optional[ParseReport] = None,
         display: Optional[str] = None) -> Iterator:
    """Listings (and Rejected records) of one file, streamed; over-long fields cut (LONGEST)."""
    path = Path(path)
    display = display or str(path)
    fmt = fmt or detect_format(path)
    try:
        for record in _read_as(path, fmt, report, display):
            if isinstance(record, Listing):
                _cut_to_size(record, report, display)
            yield record
    except UnicodeDecodeError as error:  # JSON Lines rejects such a line itself; other formats stop at it
        raise not_utf8(path, display) from error


def _cut_to_size(listing: Listing, report: Optional[ParseReport], display: str) -> None:
    for field, longest in LONGEST.items():
        text = getattr(listing, field)
        if len(text) > longest:
            cut = text.rfind(" ", longest // 2, longest)
            setattr(listing, field, text[:cut if cut > 0 else longest])
            if report is not None:
                report.problems.append(f"{display}:{listing.line}: the {field} has {len(text):,} characters; "
                                       f"kept the first {len(getattr(listing, field)):,}")


def _read_as(path: Path, fmt: str, report: Optional[ParseReport], display: str) -> Iterator:
    if fmt == "seeds":
        yield from read_seed_files([path], report, display=display)
    elif fmt == "jsonl":
        yield from read_jsonl(path, display)
    elif fmt == "json":
        yield from read_json(path, display)
    elif fmt == "csv":
        yield from read_csv(path, display)
    elif fmt == "atom":
        yield from read_atom(path, display)
    elif fmt == "text":
        yield from read_text(path, display)
    else:
        raise InputError(display, None, f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")


def spool_stdin() -> Path:
    """Standard input copied to a temporary file, so that it can be detected and streamed."""
    handle = tempfile.NamedTemporaryFile("wb", prefix="claimbase-stdin-", delete=False)
    with handle:
        shutil.copyfileobj(sys.stdin.buffer, handle)
    return Path(handle.name)


__all__ = ["FORMATS", "NoAbstract", "Rejected", "detect_format", "read", "spool_stdin", "read_seed_files", "ParseReport"]
