"""Readers for the three seed page layouts.

- profile: a researcher's page (header with name, h-index, counts), then blocks of
  header line / title / authors line / abstract separated by blank lines;
- paperlist: header line, then title and author list run together on one line, then
  the abstract, with no blank lines;
- trending: a daily list, `Mon D` headings, then title / abstract pairs.

The line patterns live in data/seed_layouts.yml. The one hard part is the paper list,
where the title and the first author touch ("...Instruction TuningXiang Yue, ..."): the
split is chosen among the places where the rest of the line reads as an author list,
preferring a first author that the corpus knows from an unambiguous position.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional

import regex
from pydantic import ValidationError

from claimbase.schema.models import Listing

from claimbase.errors import InputError
from claimbase.engines.resources import load_yaml
from claimbase.readers.encoding import TEXT_ENCODING, not_utf8

MONTHS = {m: i for i, m in enumerate(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], start=1)}


@dataclass
class Layouts:
    """The compiled line patterns of data/seed_layouts.yml."""

    header: regex.Pattern
    date_heading: regex.Pattern
    profile_markers: list
    trending_markers: list
    author_name: regex.Pattern
    org_separator: str
    et_al: str

    @classmethod
    def load(cls) -> "Layouts":
        spec = load_yaml("seed_layouts.yml")
        return cls(
            header=regex.compile(spec["listing_header"]),
            date_heading=regex.compile(spec["date_heading"]),
            profile_markers=[regex.compile(p) for p in spec["profile_markers"]],
            trending_markers=[regex.compile(p) for p in spec["trending_markers"]],
            author_name=regex.compile(spec["author_name"]),
            org_separator=spec["org_separator"],
            et_al=spec["et_al"],
        )


@dataclass
class ParseReport:
    """What a read could not use: reported, never silently dropped."""

    problems: list[str] = field(default_factory=list)

    def add(self, path: str, line: int, message: str) -> None:
        self.problems.append(f"{path}:{line}: {message}")


@dataclass
class _Entry:
    """A listing as read off the page, before its author line is resolved."""

    header: dict
    title: Optional[str]
    author_line: str
    abstract: str
    line: int
    joined: bool  # title and authors share one line (paperlist layout)


def detect_layout(lines: list[str], layouts: Layouts) -> Optional[str]:
    """Which of the known layouts a document is in, from its first meaningful lines."""
    content = [(i, l.strip()) for i, l in enumerate(lines) if l.strip()]
    for i, text in content[:12]:
        if any(p.match(text) for p in layouts.trending_markers) or layouts.date_heading.match(text):
            return "trending"
        if any(p.match(text) for p in layouts.profile_markers):
            return "profile"
        if layouts.header.match(text):
            following = lines[i + 1] if i + 1 < len(lines) else ""
            return "paperlist" if following.strip() else "profile"
    return None


def read_seed_files(paths: Iterable[Path], report: ParseReport | None = None,
                    display: str | None = None) -> list[Listing]:
    """Every listing of every file, in file order; raises InputError on a bad document.

    `display` names a single file in messages (standard input is read from a copy)."""
    layouts = Layouts.load()
    report = report if report is not None else ParseReport()
    documents = []
    for path in paths:
        path = Path(path)
        name = display or str(path)
        try:
            text = path.read_text(encoding=TEXT_ENCODING)
        except UnicodeDecodeError as error:
            raise not_utf8(path, name) from error
        except OSError as error:
            raise InputError(name, None, f"cannot read: {error}") from error
        lines = text.splitlines()
        layout = detect_layout(lines, layouts)
        if layout is None:
            first = next((i + 1 for i, l in enumerate(lines) if l.strip()), 1)
            raise InputError(name, first, "not in any known seed layout (profile, paper list, trending)")
        entries = list(_READERS[layout](lines, name, layouts))
        documents.append((path, name, layout, entries))

    listings = []
    for path, name, layout, entries in documents:
        # names known from the same page only: a file reads the same alone or with others
        names = _known_names([(path, layout, entries)], layouts)
        for position, entry in enumerate(entries, start=1):
            listings.append(_to_listing(entry, path, layout, position, layouts, names, report))
    return listings


def _read_profile(lines: list[str], path: str, layouts: Layouts) -> Iterator[_Entry]:
    """Blocks: [header, title], [authors], [abstract]."""
    blocks = _blocks(lines)
    for index, (start, block) in enumerate(blocks):
        match = layouts.header.match(block[0])
        if not match:
            continue  # page chrome (name, counts, "62 Papers") or a block consumed below
        title = " ".join(block[1:])
        follow = blocks[index + 1:index + 3]
        if not title or len(follow) < 2 or any(layouts.header.match(b[1][0]) for b in follow):
            raise InputError(path, start, f"listing {block[0]!r} has no title, author line and abstract")
        (_, authors), (a_line, abstract) = follow
        if not _looks_like_author_line(" ".join(authors), layouts):
            raise InputError(path, follow[0][0], f"listing {block[0]!r}: expected an author line, found {authors[0][:60]!r}")
        if _looks_like_author_line(abstract[0], layouts) or len(" ".join(abstract)) < 40:
            raise InputError(path, a_line, f"listing {block[0]!r} has no abstract")
        yield _Entry(match.groupdict(), title, " ".join(authors), " ".join(abstract), start, False)


def _read_paperlist(lines: list[str], path: str, layouts: Layouts) -> Iterator[_Entry]:
    numbered = [(i + 1, l.strip()) for i, l in enumerate(lines) if l.strip()]
    index = 0
    while index < len(numbered):
        line_no, text = numbered[index]
        match = layouts.header.match(text)
        if not match:
            raise InputError(path, line_no, f"expected a listing header, found {text[:60]!r}")
        rest = numbered[index + 1:index + 3]
        if len(rest) < 2 or layouts.header.match(rest[0][1]) or layouts.header.match(rest[1][1]):
            raise InputError(path, line_no, f"listing {text!r} has no title/author line and abstract")
        yield _Entry(match.groupdict(), None, rest[0][1], rest[1][1], line_no, True)
        index += 3


def _read_trending(lines: list[str], path: str, layouts: Layouts) -> Iterator[_Entry]:
    heading: dict = {}
    pending: Optional[tuple[int, str]] = None
    for start, block in _blocks(lines):
        text = " ".join(block)
        if any(p.match(text) for p in layouts.trending_markers):
            continue
        date = layouts.date_heading.match(text)
        if date:
            if pending:
                raise InputError(path, pending[0], f"title {pending[1][:60]!r} has no abstract")
            heading = date.groupdict()
            continue
        if pending is None:
            pending = (start, text)
            continue
        yield _Entry(dict(heading), pending[1], "", text, pending[0], False)
        pending = None
    if pending:
        raise InputError(path, pending[0], f"title {pending[1][:60]!r} has no abstract")


_READERS = {"profile": _read_profile, "paperlist": _read_paperlist, "trending": _read_trending}


def _blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Runs of non-blank lines, each with the 1-based number of its first line."""
    blocks, current, first = [], [], 0
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if not current:
                first = number
            current.append(line.strip())
        elif current:
            blocks.append((first, current))
            current = []
    if current:
        blocks.append((first, current))
    return blocks


def _looks_like_author_line(text: str, layouts: Layouts) -> bool:
    names, _, _ = _author_parts(text, layouts)
    return bool(names) and all(layouts.author_name.match(n) for n in names)


def _author_parts(text: str, layouts: Layouts) -> tuple[list[str], list[str], bool]:
    """Split "A, B et al. · org1, org2" into names, organizations and the et-al flag."""
    orgs: list[str] = []
    if layouts.org_separator in text:
        text, org_text = text.rsplit(layouts.org_separator, 1)
        orgs = [o.strip() for o in org_text.split(",") if o.strip()]
    truncated = text.endswith(layouts.et_al)
    if truncated:
        text = text[: -len(layouts.et_al)]
    names = [n.strip() for n in text.split(", ")] if text.strip() else []
    return names, orgs, truncated


def _known_names(documents, layouts: Layouts) -> set[str]:
    """Author names seen where no split is needed: whole author lines and non-first positions."""
    known = set()
    for _, _, entries in documents:
        for entry in entries:
            if not entry.author_line:
                continue
            names, _, _ = _author_parts(entry.author_line, layouts)
            known.update(names if not entry.joined else names[1:])
    return known


def split_title_authors(line: str, layouts: Layouts, known: set[str]) -> Optional[tuple[str, list[str]]]:
    """Where a title runs into its author list, find the boundary.

    Candidates are capital letters glued to the preceding character; the rest of the line
    from there must read as a list of names. A first author known from elsewhere in the
    corpus wins; otherwise the first author whose first word is not CamelCase (so that
    "...HyperNetworksJohn Smith" does not start at "Networks"), then the leftmost. A capital
    after a hyphen is never a boundary ("Mixture-of-Experts").
    """
    names_part, _, _ = _author_parts(line, layouts)
    body = ", ".join(names_part)
    valid = []
    for i in range(1, len(body)):
        char = body[i]
        if not char.isupper() or body[i - 1].isspace() or body[i - 1] == "-":
            continue
        names = [n.strip() for n in body[i:].split(", ")]
        title = body[:i].strip()
        if title and all(layouts.author_name.match(n) for n in names):
            valid.append((title, names))
    if not valid:
        return None
    for title, names in valid:
        if names[0] in known:
            return title, names
    for title, names in valid:
        first_word = names[0].split()[0]
        if sum(c.isupper() for c in first_word) == 1:
            return title, names
    return valid[0]


def _to_listing(entry: _Entry, path: Path, layout: str, position: int, layouts: Layouts,
                known: set[str], report: ParseReport) -> Listing:
    names, orgs, truncated = _author_parts(entry.author_line, layouts) if entry.author_line else ([], [], False)
    title = entry.title
    if entry.joined:
        split = split_title_authors(entry.author_line, layouts, known)
        if split is None:
            report.add(str(path), entry.line + 1, "could not split the title from the author list; kept the whole line as title")
            title, names = entry.author_line, []
        else:
            title, names = split
    header = entry.header
    try:
        return Listing(
            title=title or "",
            abstract=entry.abstract,
            authors=names,
            authors_truncated=truncated,
            organizations=orgs,
            category=header.get("category"),
            year=int(header["year"]) if header.get("year") else None,
            month=MONTHS[header["month"]] if header.get("month") else None,
            day=int(header["day"]) if header.get("day") else None,
            date_text=_date_text(header),
            has_code=bool(header.get("code")),
            listing_score=float(header["score"]) if header.get("score") else None,
            source_file=path.name,
            layout=layout,
            line=entry.line,
            position=position,
        )
    except ValidationError as error:
        first = error.errors()[0]
        raise InputError(str(path), entry.line, f"{'.'.join(map(str, first['loc']))}: {first['msg']}") from error


def _date_text(header: dict) -> Optional[str]:
    if not header.get("month"):
        return None
    text = f"{header['month']} {header['day']}"
    return f"{text}, {header['year']}" if header.get("year") else text
