"""Datasette plugin: table cells of a claimbase database as people read them.

A paper's arXiv id, DOI and URL link to where the paper is. In views and canned queries
(where Datasette knows no foreign keys), a paper id or a claim id links to its page, labelled with the paper's title where the row has it; a claimed value
reads `≤ 50%`, `2.9×`, `+3.1 pp`; a parameter count reads `7B`; a qualifier reads `≤`; LaTeX
in titles and evidence reads `H₂O`, `29×`; a search snippet's matches are highlighted. Only
the page changes: the JSON and CSV keep the stored values.
"""
from __future__ import annotations

from datasette import hookimpl
from markupsafe import Markup, escape

from claimbase.reports.display import QUALIFIER_SIGNS, claim_value, readable, size
from . import file_version, knowledge_bases, table_names

TEXT_COLUMNS = {"title", "paper", "paper_title", "evidence", "sentence", "text", "title_as_listed", "abstract"}
VALUE_COLUMNS = {"value": "value_high", "factor": "factor_high", "a_value": None, "b_value": None}
SNIPPET_MARKS = ("\x02", "\x03")
IDENTIFIER_LINKS = {"arxiv_id": "https://arxiv.org/abs/{}", "doi": "https://doi.org/{}"}  # what the search query wraps a match in: no abstract contains them


def _get(row, name):
    try:
        return row[name]
    except (IndexError, KeyError):
        return None


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if value is None or database not in knowledge_bases(datasette):
        return None
    real_table = table is not None and table in _tables(datasette, database)
    if column in ("paper_id", "claim_id") and not real_table:
        target = "papers" if column == "paper_id" else "claims"
        label = (_get(row, "paper") or _get(row, "paper_title") or _get(row, "title") or value) \
            if column == "paper_id" else f"claim {value}"
        href = datasette.urls.row(database, target, value)
        return Markup(f'<a href="{escape(href)}">{escape(readable(str(label)))}</a>')
    if column in IDENTIFIER_LINKS and isinstance(value, str):
        return Markup(f'<a href="{escape(IDENTIFIER_LINKS[column].format(value))}">{escape(value)}</a>')
    if column == "url" and isinstance(value, str) and value.startswith(("https://", "http://")):
        return Markup(f'<a href="{escape(value)}">{escape(value)}</a>')
    if column == "params" and isinstance(value, (int, float)):
        return Markup(f'<span title="{value:,.0f}">{escape(size(value))}</span>')
    if column in VALUE_COLUMNS and isinstance(value, (int, float)) and (_get(row, "unit") is not None or table == "claims"):
        high = _get(row, VALUE_COLUMNS[column]) if VALUE_COLUMNS[column] else None
        unit = _get(row, "unit") if column not in ("factor",) else "x"
        shown = claim_value(value, unit, _get(row, "qualifier") if column in ("value", "factor") else "=",
                            high, _get(row, "kind"), _get(row, "direction"))
        return Markup(f'<span title="{value!r}">{escape(shown)}</span>')
    if column == "qualifier" and value in QUALIFIER_SIGNS:
        return QUALIFIER_SIGNS[value].strip() or "="
    if column == "snippet" and isinstance(value, str):
        opened, closed = SNIPPET_MARKS
        return Markup(str(escape(readable(value))).replace(opened, "<mark>").replace(closed, "</mark>"))
    if column in TEXT_COLUMNS and isinstance(value, str):
        shown = readable(value)
        return escape(shown) if shown != value else None
    return None


def _tables(datasette, database) -> frozenset:
    """The real tables of a database (views and queries have no foreign keys to link by)."""
    path = datasette.get_database(database).path
    return table_names(path, file_version(path))
