"""claimbase's Datasette plugin, installed with claimbase (entry points in pyproject.toml).

Whatever a knowledge base's file is called, `datasette any.db` and `claimbase serve --db
any.db` show it the same way: this module gives every served database that has claimbase's
tables the metadata of schema/metadata.yml (descriptions, facets, canned queries), and its
folder holds the page templates (templates/). The other modules of this package are plugins
of their own: evidence on row pages, the compare and overview pages, following a replaced
file, and what a read-only server refuses.
"""
from __future__ import annotations

import contextlib
import functools
import os
import re
import sqlite3
from typing import Optional

import yaml
from datasette import hookimpl

from claimbase.engines.resources import SCHEMA_DIR

TABLES = {"papers", "claims", "benchmarks"}  # what makes a database a claimbase knowledge base


@functools.lru_cache(maxsize=1)
def _metadata() -> dict:
    return yaml.safe_load((SCHEMA_DIR / "metadata.yml").read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=64)
def table_names(path: str, version: tuple) -> frozenset:
    """The tables of a database file, read once per version of the file (inode, mtime)."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            return frozenset(r[0] for r in conn.execute("select name from sqlite_master where type = 'table'"))
    except sqlite3.Error:
        return frozenset()


def stat_or_none(path: str):
    """The file's status, or None where there is no such file (any more)."""
    try:
        return os.stat(path)
    except OSError:
        return None


def file_version(path: str):
    """What changes when a database file is replaced or written (None: no such file)."""
    found = stat_or_none(path)
    return (found.st_ino, found.st_mtime_ns) if found else None


def knowledge_bases(datasette) -> list[str]:
    """The names of the served databases that are claimbase knowledge bases."""
    found = []
    for name, db in datasette.databases.items():
        if db.path and not db.is_memory:
            version = file_version(db.path)
            if version is not None and TABLES <= table_names(db.path, version):
                found.append(name)
    return found


_WORD_OR_PHRASE = re.compile(r'"([^"]*)"|(\S+)')


def search_query(typed: Optional[str]) -> str:
    """Whatever a person types as a full-text query that cannot fail: every word (GPT-4,
    pass@1, C++) or "quoted phrase" becomes a quoted FTS phrase, and all must match. Nothing
    typed matches nothing."""
    terms = []
    for phrase, word in _WORD_OR_PHRASE.findall(typed or ""):
        term = (phrase or word).replace('"', "").strip()
        if term:
            terms.append('"' + term + '"')
    return " ".join(terms) or '""'


_SIZE = re.compile(r"\s*([0-9]*\.?[0-9]+(?:e[0-9]+)?)\s*([kmbt]?)\s*", re.I)
_SCALES = {"": 1, "k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12}


def parameter_count(typed) -> Optional[float]:
    """"7B", "350M", "1.5e9", 7000000000 -> a number; anything else -> NULL (matches nothing)."""
    if isinstance(typed, (int, float)):
        return float(typed)
    found = _SIZE.fullmatch(str(typed or ""))
    return float(found.group(1)) * _SCALES[found.group(2).lower()] if found else None


@hookimpl
def prepare_connection(conn):
    conn.create_function("claimbase_search", 1, search_query, deterministic=True)
    conn.create_function("claimbase_size", 1, parameter_count, deterministic=True)


@hookimpl
def startup(datasette):
    """Facet suggestions try a count by every column of a table: seventy queries, half a
    second on a table page of 20,000 papers, seconds at 200,000. The configured facets stay.
    (Datasette offers plugins no public way to change a setting; this is its settings dict.)"""
    if knowledge_bases(datasette):
        datasette._settings["suggest_facets"] = False


@hookimpl
def extra_css_urls(datasette):
    return [datasette.urls.static_plugins("claimbase.schema.plugins", "claimbase.css")]


@hookimpl
def get_metadata(datasette, key, database, table):
    names = knowledge_bases(datasette)
    if not names:
        return {}
    spec = _metadata()
    block = spec["databases"]["claims"]  # written once, for whatever the file is called
    return {**{k: v for k, v in spec.items() if k != "databases"}, "databases": {name: block for name in names}}
