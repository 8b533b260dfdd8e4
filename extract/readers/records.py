"""Records from JSON Lines, JSON arrays, CSV, the arXiv API's Atom feed, the arXiv
metadata snapshot, Semantic Scholar paper JSON, and plain text — each turned into a
`Listing`, or a `Rejected` naming the line (or record) and what is wrong.

Every reader is a generator, so a large file is never held in memory; the JSON array
reader decodes one element at a time.
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional, Union

import regex
from pydantic import ValidationError

from claimbase.schema.models import GenericIds, Listing, RecordFields, SemanticScholarRecord, SnapshotRecord

from claimbase.engines.resources import load_yaml
from claimbase.readers.encoding import BYTE_ORDER_MARK, TEXT_ENCODING, undecodable_line

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
ARXIV_DOI_PREFIX = "10.48550/arxiv."
ARXIV_API_ERROR = "arxiv.org/api/errors"  # the id of the one entry of the feed the arXiv API returns for a bad query


@dataclass
class Rejected:
    """A record that could not be read: where it is and why."""

    path: str
    line: int
    message: str
    unit: str = "line"  # "record" for a JSON array or an Atom feed, where lines say little

    def __str__(self) -> str:
        if self.unit == "line":
            return f"{self.path}:{self.line}: {self.message}"
        return f"{self.path}: {self.unit} {self.line}: {self.message}"


class NoAbstract(Rejected):
    """A record with a title but no abstract (Semantic Scholar exports many): nothing to
    extract, and no error either. It is skipped and counted, with a warning."""


Record = Union[Listing, Rejected]


# Compiled once: a pattern given as a string is looked up in the engine's cache at every call,
# which cost more than reading the rest of a record.
_ARXIV_ID = regex.compile(r"(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$")
_DOI = regex.compile(r"10\.\d{4,9}/\S+")
_FULL_DATE = regex.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_YEAR = regex.compile(r"(\d{4})")


def arxiv_id(text: Optional[str]) -> Optional[str]:
    """"http://arxiv.org/abs/2309.05653v3", "arXiv:2309.05653" -> "arxiv:2309.05653" (versions dropped)."""
    if not text:
        return None
    match = _ARXIV_ID.search(str(text).strip())
    return f"arxiv:{match.group(1)}" if match else None


def doi(text: Optional[str]) -> Optional[str]:
    """"https://doi.org/10.1234/ABC" -> "doi:10.1234/abc". The DOIs arXiv gives its papers
    (10.48550/arXiv.2305.14314, as Zotero and DataCite record them) name an arXiv paper: they
    give its arXiv id, so that the paper has one key whichever source brings it."""
    if not text:
        return None
    match = _DOI.search(str(text))
    if not match:
        return None
    name = match.group(0).lower().rstrip(".")
    if name.startswith(ARXIV_DOI_PREFIX):
        return arxiv_id(name[len(ARXIV_DOI_PREFIX):]) or f"doi:{name}"
    return f"doi:{name}"


def _authors(value) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        if ";" in value:  # "Vaswani, Ashish; Shazeer, Noam" (Zotero): semicolons part the names, a comma turns one
            return [_first_name_first(a) for a in value.split(";") if a.strip()]
        return [a.strip() for a in regex.split(r",|\band\b", value) if a.strip()]
    names = []
    for item in value:
        if isinstance(item, str):
            names.append(item.strip())
        elif isinstance(item, dict) and item.get("name"):
            names.append(str(item["name"]).strip())
        elif isinstance(item, (list, tuple)) and item:  # arXiv snapshot authors_parsed: [last, first, suffix]
            names.append(" ".join(p for p in (item[1] if len(item) > 1 else "", item[0]) if p).strip())
    return [n for n in names if n]


def _bare(key: Optional[str]) -> Optional[str]:
    """"arxiv:2305.14314" -> "2305.14314", "doi:10.1/x" -> "10.1/x": the identifier as people cite it."""
    return key.split(":", 1)[1] if key else None


def _arxiv_doi(text) -> Optional[str]:
    """The arXiv id of one of arXiv's own DOIs (10.48550/arXiv.2305.14314), else None."""
    key = doi(text)
    return key if key and key.startswith("arxiv:") else None


def _plain_doi(text) -> Optional[str]:
    """A DOI that is not one of arXiv's own (those give the arXiv id instead)."""
    key = doi(text)
    return key[len("doi:"):] if key and key.startswith("doi:") else None


def _names(value) -> list[str]:
    """Distinct names in their order (an Atom feed repeats an affiliation for each author)."""
    return list(dict.fromkeys(n.strip() for n in value or [] if n and n.strip()))


def _first_name_first(name: str) -> str:
    """"Vaswani, Ashish" -> "Ashish Vaswani"; a name without one comma is kept as written."""
    parts = [part.strip() for part in name.split(",")]
    return f"{parts[1]} {parts[0]}" if len(parts) == 2 and all(parts) else name.strip()


def _date(value) -> tuple[Optional[int], Optional[int], Optional[int], Optional[str]]:
    """(year, month, day, as printed) from "2023-09-11", "2023-09-11T17:59:59Z", 2023."""
    if value is None or value == "":
        return None, None, None, None
    text = str(value).strip()
    full = _FULL_DATE.match(text)
    if full:
        year, month, day = map(int, full.groups())
        try:
            dt.date(year, month, day)
        except ValueError:
            return None, None, None, text
        return year, month, day, text
    year_only = _YEAR.fullmatch(text)
    if year_only:
        return int(year_only.group(1)), None, None, text
    return None, None, None, text


# str.split's white space within ASCII, but for the plain space
_ASCII_BREAKS = ("  ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f")


def _squeezed(value) -> str:
    """Runs of white space as one space, ends trimmed (str.split's white space: a C-speed pass,
    where a regular expression substitution cost more than the rest of reading a record).
    An ASCII text already so (single spaces, no breaks or tabs) is returned as it is, after a
    few substring tests instead of splitting it into words and joining them again."""
    text = str(value or "")
    if text.isascii() and text[:1] != " " and text[-1:] != " " and not any(b in text for b in _ASCII_BREAKS):
        return text
    return " ".join(text.split())


@functools.lru_cache(maxsize=64)
def _file_name(path: str) -> str:
    """The file name a listing records, worked out once per file, not once per record."""
    return Path(path).name


def make_listing(fields: dict, path: str, line: int, position: int, layout: str) -> Record:
    """A Listing from mapped fields, or a Rejected saying which field is wrong."""
    try:
        RecordFields.model_validate(fields)
    except ValidationError as error:
        return Rejected(path, line, wrong_type(error))
    if not _squeezed(fields.get("abstract")) and _squeezed(fields.get("title")):
        return NoAbstract(path, line, f"no abstract: {_squeezed(fields.get('title'))[:80]!r} skipped")
    year, month, day, date_text = _date(fields.get("date"))
    categories = fields.get("categories")
    if isinstance(categories, str):
        categories = categories.split()
    try:
        return Listing(
            title=_squeezed(fields.get("title")), abstract=_squeezed(fields.get("abstract")),
            authors=_authors(fields.get("authors")), organizations=_names(fields.get("organizations")),
            source_file=_file_name(path), layout=layout,
            line=line, position=position, external_id=fields.get("external_id"),
            arxiv_id=_bare(arxiv_id(fields.get("arxiv_id")) or _arxiv_doi(fields.get("doi"))), doi=_plain_doi(fields.get("doi")),
            url=fields.get("url") or None,
            category=(categories[0] if categories else None), year=year, month=month if day else None,
            day=day, date_text=date_text)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(map(str, first["loc"])) or "record"
        return Rejected(path, line, f"{field}: {first['msg'].lower()}")


@functools.lru_cache(maxsize=1)
def _field_names() -> dict[str, tuple[str, ...]]:
    """Per field of a generic record, the names it goes by (data/record_fields.yml)."""
    return {field: tuple(names) for field, names in load_yaml("record_fields.yml")["fields"].items()}


@functools.lru_cache(maxsize=1024)  # the same few column names, record after record
def _field_of(name: str) -> Optional[tuple[str, int]]:
    """The field a column name or key gives, and its rank among that field's names; names are
    compared as record_fields.yml writes them ("Abstract Note" -> "abstract_note")."""
    written = _NAME_SEPARATORS.sub("_", str(name).strip().lower())
    return next(((field, rank) for field, names in _field_names().items() for rank, known in enumerate(names)
                 if known == written), None)


_NAME_SEPARATORS = regex.compile(r"[\s_-]+")


def missing_fields(names) -> list[str]:
    """The required fields (title, abstract) that none of these column names gives."""
    given = {(_field_of(name) or ("",))[0] for name in names if name}
    return [field for field in ("title", "abstract") if field not in given]


def generic_fields(record: dict) -> dict:
    """The common record: title, abstract, optional id/arxiv_id/doi/url, authors, date, categories,
    under any of the names data/record_fields.yml gives them (the first one given wins)."""
    value: dict[str, object] = dict.fromkeys(_field_names())
    ranks: dict[str, int] = {}
    for key, given in record.items():
        found = _field_of(key) if key is not None and given not in (None, "") else None
        if found and found[1] < ranks.get(found[0], len(_field_names()[found[0]])):
            value[found[0]], ranks[found[0]] = given, found[1]
    GenericIds.model_validate({name: value[name] for name in ("id", "arxiv_id", "doi", "url")})
    external = arxiv_id(value["arxiv_id"]) or doi(value["doi"]) or arxiv_id(value["url"]) \
        or doi(value["url"]) or (str(value["id"]) if value["id"] is not None else None)
    return {"title": value["title"], "abstract": value["abstract"], "authors": value["authors"],
            "date": value["date"], "categories": value["categories"], "external_id": external,
            "arxiv_id": value["arxiv_id"] or (value["url"] if arxiv_id(value["url"]) else None)
            or (value["doi"] if arxiv_id(value["doi"]) else None),
            "doi": value["doi"] or (value["url"] if doi(value["url"]) else None), "url": value["url"]}


def arxiv_snapshot_fields(record: dict) -> dict:
    """The arXiv metadata snapshot: id, title, abstract, authors, categories, update_date, versions."""
    versions = record.get("versions") or []
    first_version = versions[0].get("created") if versions and isinstance(versions[0], dict) else None
    date = record.get("update_date")
    if first_version:
        try:
            date = dt.datetime.strptime(first_version, "%a, %d %b %Y %H:%M:%S %Z").date().isoformat()
        except ValueError:
            pass
    return {"title": record.get("title"), "abstract": record.get("abstract"),
            "authors": record.get("authors_parsed") or record.get("authors"), "date": date,
            "categories": record.get("categories"), "external_id": arxiv_id(record.get("id")),
            "arxiv_id": record.get("id"), "doi": record.get("doi"),
            "url": f"https://arxiv.org/abs/{record['id']}" if record.get("id") else None}


def s2_fields(record: dict) -> dict:
    """Semantic Scholar Graph API paper: paperId, title, abstract, authors[].name, year, externalIds."""
    ids = record.get("externalIds") or {}
    external = arxiv_id(ids.get("ArXiv")) or doi(ids.get("DOI")) or (f"s2:{record['paperId']}" if record.get("paperId") else None)
    return {"title": record.get("title"), "abstract": record.get("abstract"), "authors": record.get("authors"),
            "date": record.get("publicationDate") or record.get("year"),
            "categories": record.get("fieldsOfStudy"), "external_id": external,
            "arxiv_id": ids.get("ArXiv"), "doi": ids.get("DOI"), "url": record.get("url")}


def fields_for(record: dict) -> tuple[dict, str]:
    """Which record shape this is, by its keys; the keys read are validated for that shape
    first (ValidationError: a wrong type, reported by `listing_from`)."""
    if "paperId" in record or "externalIds" in record:
        SemanticScholarRecord.model_validate(record)
        return s2_fields(record), "s2"
    if "update_date" in record or "versions" in record or "authors_parsed" in record:
        SnapshotRecord.model_validate(record)
        return arxiv_snapshot_fields(record), "arxiv-snapshot"
    return generic_fields(record), "record"


def listing_from(record: object, path: str, line: int, position: int) -> Record:
    """A decoded JSON value as a Listing, or a Rejected naming what is wrong with it."""
    if not isinstance(record, dict):
        return Rejected(path, line, _not_a_record(record))
    try:
        fields, layout = fields_for(record)
    except ValidationError as error:
        return Rejected(path, line, wrong_type(error))
    return make_listing(fields, path, line, position, layout)


_JSON_TYPES = {str: "text", int: "a number", float: "a number", bool: "true/false", dict: "an object",
               list: "a list", type(None): "null"}


def wrong_type(error: ValidationError) -> str:
    """A pydantic error about input types as one short phrase: the innermost field that is wrong,
    what it was given, and what it may be (each member of a union that failed there)."""
    found = [(_field_path(e["loc"]), e) for e in error.errors()]
    deepest = max(len(path) for path, _ in found)
    at = [(path, e) for path, e in found if len(path) == deepest]
    field = ".".join(at[0][0]) or "record"
    given = _JSON_TYPES.get(type(at[0][1].get("input")), type(at[0][1].get("input")).__name__)
    expected = " or ".join(dict.fromkeys(e["msg"].lower().removeprefix("input should be ") for _, e in at))
    return f"{field}: wrong type ({given}), should be {expected}"


def _field_path(loc: tuple) -> tuple[str, ...]:
    return tuple(str(part) for part in loc if isinstance(part, int) or not _is_type_tag(part))


def _is_type_tag(part: str) -> bool:
    """pydantic names the member of a union it tried ("str", "list[...]") among the field names."""
    return part in ("str", "int", "float", "bool", "none") or "[" in part or part[:1].isupper()


def _not_a_record(value) -> str:
    if value is None:  # Semantic Scholar's paper batch answers null for an id it does not know
        return "null where a record should be (an id the source did not find?)"
    return f"a record must be a JSON object, not {type(value).__name__}"


def decode_json(text: str) -> object:
    """json.loads, failing only with a ValueError that says what is wrong (`json_failure`)."""
    try:
        return json.loads(text)
    except (RecursionError, ValueError) as error:
        raise json_failure(error) from None


def json_failure(error: Exception) -> ValueError:
    """Every way decoding a hostile or broken value fails, as one phrase: bad syntax, nesting
    deeper than the decoder's recursion, an integer of thousands of digits (Python refuses to
    convert those, to bound the time it takes)."""
    if isinstance(error, json.JSONDecodeError):
        return ValueError(f"not valid JSON: {error.msg}")
    if isinstance(error, RecursionError):
        return ValueError("JSON nested too deeply to be a paper record")
    return ValueError(f"a JSON number too long to read ({str(error).split(':')[0].lower()})")


def read_jsonl(path: Path, display: str) -> Iterator[Record]:
    """One record per line; lines are decoded one by one, so a line that is not UTF-8 is a
    rejected record like any other malformed line (and --skip-invalid can skip it)."""
    position = 0
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                position += 1
                yield Rejected(display, number, undecodable_line(raw))
                continue
            if number == 1:
                line = line.lstrip(BYTE_ORDER_MARK)
            if not line.strip():
                continue
            position += 1
            try:
                record = decode_json(line)
            except ValueError as error:
                yield Rejected(display, number, str(error))
                continue
            yield listing_from(record, display, number, position)


def _array_items(handle, chunk: int = 1 << 16) -> Iterator[object]:
    """Decode a JSON array one element at a time, reading the file in chunks."""
    decoder = json.JSONDecoder()
    separators = regex.compile(r"[\s,]*")
    buffer, pos = handle.read(chunk), 0
    pos = separators.match(buffer, pos).end()
    if not buffer[pos:pos + 1] == "[":
        raise ValueError("expected a JSON array")
    pos += 1
    while True:
        pos = separators.match(buffer, pos).end()
        while pos >= len(buffer):
            more = handle.read(chunk)
            if not more:
                raise ValueError("the JSON array is not closed")
            buffer, pos = buffer[pos:] + more, 0
            pos = separators.match(buffer, pos).end()
        if buffer[pos] == "]":
            return
        while True:
            try:
                item, end = decoder.raw_decode(buffer, pos)
                break
            except json.JSONDecodeError as error:
                more = handle.read(chunk)
                if not more:
                    raise ValueError(f"not valid JSON: {error.msg}") from error
                buffer, pos = buffer[pos:] + more, 0
            except (RecursionError, ValueError) as error:
                raise json_failure(error) from None
        yield item
        buffer, pos = buffer[end:], 0


def read_json(path: Path, display: str) -> Iterator[Record]:
    """A JSON array of records (decoded one element at a time), {"data": [...]}, or one record."""
    with open(path, encoding=TEXT_ENCODING) as handle:
        head = handle.read(256).lstrip()
        handle.seek(0)
        if head.startswith("{"):
            text = handle.read()
            try:
                whole = json.loads(text)
            except json.JSONDecodeError as error:
                yield Rejected(display, error.lineno, f"not valid JSON: {error.msg}")
                return
            except (RecursionError, ValueError) as error:
                yield Rejected(display, 1, str(json_failure(error)))
                return
            items = whole["data"] if isinstance(whole.get("data"), list) else [whole]
        else:
            items = _array_items(handle)
        index = 0
        try:
            for index, item in enumerate(items, start=1):
                listing = listing_from(item, display, index, index)
                if isinstance(listing, Rejected):
                    listing.unit = "record"
                yield listing
        except ValueError as error:
            yield Rejected(display, index + 1, str(error), unit="record")


CSV_DELIMITERS = (",", "\t", ";")


def _csv_delimiter(header_line: str) -> str:
    """The delimiter that splits the header into cells naming both the title and the abstract.

    Decided from the header alone: csv.Sniffer guesses from a sample of rows, and fails
    ("Could not determine delimiter") on ordinary files whose quoted abstracts are full of
    commas, semicolons and percent signs. Without such a header, the delimiter that splits it
    most is returned, and the missing column is reported."""
    best, best_cells = ",", 0
    for delimiter in CSV_DELIMITERS:
        cells = next(csv.reader([header_line], delimiter=delimiter), [])
        if not missing_fields(cells):
            return delimiter
        if len(cells) > best_cells:
            best, best_cells = delimiter, len(cells)
    return best


def read_csv(path: Path, display: str) -> Iterator[Record]:
    with open(path, encoding=TEXT_ENCODING, newline="") as handle:
        delimiter = _csv_delimiter(handle.readline())
        handle.seek(0)
        reader = csv.DictReader(handle, delimiter=delimiter)
        missing = missing_fields(reader.fieldnames or [])
        if missing:
            yield Rejected(display, 1, f"CSV header has no {', '.join(missing)} column")
            return
        try:
            for position, row in enumerate(reader, start=1):
                yield make_listing(generic_fields(row), display, reader.line_num, position, "csv")
        except csv.Error as error:  # a NUL byte, an unclosed quote at the end, an oversized field
            yield Rejected(display, reader.line_num, f"not valid CSV: {error}")


def read_atom(path: Path, display: str) -> Iterator[Record]:
    """The arXiv API's Atom feed, streamed entry by entry with ElementTree.iterparse."""
    position = 0
    feed = None
    try:
        for event, element in ET.iterparse(path, events=("start", "end")):
            if feed is None:
                feed = element  # the root, which keeps every finished entry unless they are taken off it
            if event != "end" or element.tag != f"{ATOM}entry":
                continue
            position += 1
            if ARXIV_API_ERROR in (element.findtext(f"{ATOM}id") or ""):  # a failed query is answered with a feed too
                yield Rejected(display, position, "the arXiv API answered with an error: "
                               f"{_squeezed(element.findtext(f'{ATOM}summary')) or 'no message'}", unit="entry")
                feed.clear()
                continue
            primary = element.find(f"{ARXIV}primary_category")
            categories = [primary.get("term")] if primary is not None else \
                [c.get("term") for c in element.findall(f"{ATOM}category")]
            fields = {
                "title": _all_text(element.find(f"{ATOM}title")), "abstract": _all_text(element.find(f"{ATOM}summary")),
                "authors": [a.findtext(f"{ATOM}name") for a in element.findall(f"{ATOM}author")],
                "organizations": [_all_text(a) for a in element.iterfind(f"{ATOM}author/{ARXIV}affiliation")],
                "date": element.findtext(f"{ATOM}published"), "categories": categories,
                "external_id": arxiv_id(element.findtext(f"{ATOM}id")) or doi(element.findtext(f"{ARXIV}doi")),
                "arxiv_id": element.findtext(f"{ATOM}id"), "doi": element.findtext(f"{ARXIV}doi"),
                "url": next((link.get("href") for link in element.findall(f"{ATOM}link")
                             if link.get("rel") == "alternate"), None) or element.findtext(f"{ATOM}id"),
            }
            listing = make_listing(fields, display, position, position, "arxiv-atom")
            if isinstance(listing, Rejected):
                listing.unit = "entry"
            yield listing
            feed.clear()  # the entries read so far leave the tree: memory does not grow with the feed
    except ET.ParseError as error:
        yield Rejected(display, error.position[0], f"not valid XML: {error.msg if hasattr(error, 'msg') else error}")


def _all_text(element) -> Optional[str]:
    """An element's text with its children's (a summary with <i> or <sub> inside), where
    findtext would stop at the first child."""
    return None if element is None else "".join(element.itertext())


def read_text(path: Path, display: str) -> Iterator[Record]:
    """A plain-text paper: the title on the first line, the abstract after it."""
    lines = Path(path).read_text(encoding=TEXT_ENCODING).splitlines()
    content = [(i + 1, l.strip()) for i, l in enumerate(lines) if l.strip()]
    if len(content) < 2:
        yield Rejected(display, content[0][0] if content else 1, "a text paper needs a title line and an abstract")
        return
    first_line, title = content[0]
    yield make_listing({"title": title, "abstract": " ".join(l for _, l in content[1:])}, display, first_line, 1, "text")
