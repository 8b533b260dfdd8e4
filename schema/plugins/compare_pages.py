"""Datasette plugin: the comparison table as a page (/-/compare) with downloads in every
format, and an overview of charts (/-/overview), both drawn from the claims database."""
from __future__ import annotations

import asyncio
import contextlib
import html
import os
import sqlite3
import threading
import time
from urllib.parse import parse_qsl, urlencode

import sqlite_utils
from datasette import hookimpl
from datasette.utils.asgi import BadRequest, Response

from claimbase.reports.compare import EMPTY, Comparison, Filters, explain_empty, load_claims, pivot, speedup_rows
from claimbase.reports.display import readable, size
from claimbase.reports.plots import draw_overview, overview_data
from claimbase.schema.plugins.claim_evidence import highlight
from claimbase.reports.render import FORMATS, render_comparison, render_speedups

KINDS = ("score", "delta", "ratio", "quantity", "model_size")
PICKS = ("best", "latest", "all")
MOST_PAPERS = 1_000_000  # a min_papers beyond any knowledge base (and within SQLite's integers)
SECONDS = 5.0  # the most a page's queries may take; then the page says so (503) instead of hanging

CONTENT_TYPES = {"markdown": "text/markdown", "csv": "text/csv", "latex": "application/x-latex",
                 "html": "text/html", "json": "application/json"}
EXTENSIONS = {"markdown": "md", "csv": "csv", "latex": "tex", "html": "html", "json": "json"}


def _database(datasette):
    return datasette.get_database(next(name for name in datasette.databases if name != "_internal"))


def _filters(request) -> tuple[Filters, str, bool]:
    """The page's parameters, each checked: a value it cannot take is a 400 saying which."""
    args = request.args
    kind = _one_of(args, "kind", KINDS, "score")
    pick = _one_of(args, "pick", PICKS, "best")
    _one_of(args, "format", FORMATS, None)
    min_papers = (args.get("min_papers") or "").strip()
    if min_papers and not (len(min_papers) <= 7 and min_papers.isascii() and min_papers.isdigit()
                           and 1 <= int(min_papers) <= MOST_PAPERS):
        raise BadRequest(f"min_papers must be a whole number from 1 to {MOST_PAPERS:,}, not {min_papers[:30]!r}")
    filters = Filters(benchmarks=[b for b in args.getlist("benchmark") if b], metric=args.get("metric") or None,
                      kind=kind, min_papers=int(min_papers) if min_papers else None)
    return filters, pick, bool(args.get("speedups"))


def _one_of(args, name: str, allowed: tuple, default):
    value = args.get(name) or default
    if value is not None and value not in allowed:
        raise BadRequest(f"{name} must be one of {', '.join(allowed)}, not {str(value)[:30]!r}")
    return value


@contextlib.contextmanager
def _bounded(conn: sqlite3.Connection, seconds: float = SECONDS):
    """Queries on `conn` interrupted after `seconds` (SQLite's progress handler): a page whose
    queries run too long answers 503 instead of holding a server thread."""
    deadline = time.monotonic() + seconds
    conn.set_progress_handler(lambda: time.monotonic() > deadline, 10_000)
    try:
        yield
    except sqlite3.OperationalError as error:
        if "interrupted" in str(error):
            raise TooSlow() from error
        raise
    finally:
        conn.set_progress_handler(None, 0)


class TooSlow(Exception):
    pass


def _too_slow() -> Response:
    return Response.html(f"<h1>This page took longer than {SECONDS:g} s</h1><p>Narrow the choices "
                         "(fewer benchmarks, a metric) and try again.</p>", status=503)


async def compare_page(datasette, request):
    db = _database(datasette)
    filters, pick, speedups = _filters(request)
    fmt = request.args.get("format")

    def compute(conn):
        with _bounded(conn):
            return _compare_rows(conn)

    def _compare_rows(conn):
        sdb = sqlite_utils.Database(conn)
        names, metrics = _form_choices(sdb, db.path)
        if not filters.benchmarks and not filters.min_papers and not speedups:
            filters.benchmarks = names[:FIRST_SHOWN]  # a table of every benchmark is read by nobody
        if speedups:
            return names, metrics, None, speedup_rows(sdb, filters)
        rows = load_claims(sdb, filters)
        return names, metrics, pivot(rows, pick) if rows else explain_empty(sdb, filters), None

    try:
        names, metrics, comparison, speed_rows = await db.execute_fn(compute)
    except TooSlow:
        return _too_slow()
    if fmt in FORMATS:
        if speedups:
            body = render_speedups(speed_rows or [], fmt)
        else:
            body = render_comparison(comparison, fmt) if isinstance(comparison, Comparison) else ""
        name = "speedups" if speedups else "comparison"
        return Response(body, content_type=f"{CONTENT_TYPES[fmt]}; charset=utf-8",
                        headers={"content-disposition": f'attachment; filename="{name}.{EXTENSIONS[fmt]}"'})
    base = datasette.urls.database(db.name)
    query = [(k, v) for k, v in parse_qsl(request.query_string, keep_blank_values=False) if k != "format"]
    downloads = {f: "?" + urlencode([*query, ("format", f)]) for f in FORMATS}
    table_html = _speedups_html(speed_rows, base) if speedups else _comparison_html(comparison, base)
    offered = names[:MOST_OFFERED] + [b for b in filters.benchmarks if b not in names[:MOST_OFFERED]]
    return Response.html(await datasette.render_template("compare.html", {
        "benchmarks": offered, "more_benchmarks": max(0, len(names) - MOST_OFFERED), "metrics": metrics[:MOST_OFFERED], "selected": filters.benchmarks, "metric": filters.metric or "",
        "pick": pick, "kind": filters.kind, "speedups": speedups, "table_html": table_html,
        "downloads": downloads, "min_papers": filters.min_papers or "",
    }, request=request))


FIRST_SHOWN = 6  # benchmarks the page opens with: the most claimed
MOST_OFFERED = 300  # benchmarks (and metrics) the form lists, most claimed first; others are typed
_CHOICES: dict[tuple, tuple] = {}


def _form_choices(sdb, path: str) -> tuple[list[str], list[str]]:
    """The benchmarks (most claimed first) and metrics the form offers, read once per state of
    the database file: two scans of every claim, the same for every request."""
    state = _file_state(path)
    if state not in _CHOICES:
        names = [r["name"] for r in sdb.query(
            "select benchmarks.name, count(distinct claims.paper_id) n from claims join benchmarks "
            "on benchmarks.id = claims.benchmark_id group by 1 order by n desc, 1")]
        metrics = [r["name"] for r in sdb.query(
            "select distinct metrics.name from claims join metrics on metrics.id = claims.metric_id order by 1")]
        _CHOICES.clear()
        _CHOICES[state] = (names, metrics)
    return _CHOICES[state]


def _comparison_html(comparison, base: str) -> str:
    esc = html.escape
    if not isinstance(comparison, Comparison):  # why nothing matched, and what would
        return f"<p class='empty'>{esc(str(comparison)[0].upper() + str(comparison)[1:])}.</p>"
    head = "".join(f"<th>{esc(comparison.column_label(c))}</th>" for c in comparison.columns)
    rows = []
    for row in comparison.rows:
        label = esc(row["system"]) + (f" <small>({esc(row['family'] or '')} {size(row['params'])})</small>"
                                      if row.get("params") else "")
        cells = []
        for column in comparison.columns:
            found = comparison.cells.get((row["system"], column), [])
            if not found:
                cells.append(f"<td class='empty'>{EMPTY}</td>")
                continue
            links = "<br>".join(
                f"<a class='claim' href='{base}/claims/{c.claim_id}' title='{esc(c.text)}'>"
                f"{esc(c.display(False, comparison.column_metrics.get(column) is None))}</a>"
                f" <a class='paper' href='{base}/papers/{c.paper_id}'>[{c.reference}]</a>" for c in found)
            cells.append(f"<td>{links}</td>")
        rows.append(f"<tr><th scope='row'>{label}</th>{''.join(cells)}</tr>")
    refs = "".join(f"<li value='{n}'><a href='{base}/papers/{pid}'>{esc(t)}</a></li>" for n, pid, t in comparison.references)
    legend = "".join(f"<p class='legend'>{esc(line)}</p>" for line in comparison.legend())
    if comparison.conflicts:
        legend += f"<p class='legend'><a href='/-/conflicts'>See the {len(comparison.conflicts)} conflicts</a></p>"
    return (f"<table class='comparison rows-and-columns'><thead><tr><th>System</th>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table><ol class='references'>{refs}</ol>{legend}")


def _speedups_html(rows, base: str) -> str:
    if not rows:
        return "<p class='empty'>No ratio claims match these choices.</p>"
    esc = html.escape
    body = "".join(
        f"<tr><td>{esc(r['system'])}</td><td>{esc(r['baseline'])}</td><td>{esc(r['metric'])}</td>"
        f"<td><a class='claim' href='{base}/claims/{r['claim_id']}'>{esc(r['factor'])}</a></td>"
        f"<td>{esc(r['direction'])}</td><td><a href='{base}/papers/{r['paper_id']}'>{esc(r['paper'])}</a></td></tr>"
        for r in rows)
    return ("<table class='comparison rows-and-columns'><thead><tr><th>System</th><th>Baseline</th><th>Metric</th>"
            f"<th>Factor</th><th>Direction</th><th>Paper</th></tr></thead><tbody>{body}</tbody></table>")


async def overview_page(datasette, request):
    """The overview's charts, drawn once per state of the database file and kept: a burst of
    requests draws once, and drawing happens off Datasette's query threads, one at a time."""
    db = _database(datasette)
    try:
        rendered = await asyncio.to_thread(_charts_for, db.path, not db.is_mutable)
    except TooSlow:
        return _too_slow()
    return Response.html(await datasette.render_template("overview.html", {"charts": rendered}, request=request))


_CHARTS: dict[tuple, list] = {}
_CHARTS_LOCK = threading.Lock()


def _charts_for(path: str, immutable: bool) -> list[tuple[str, str]]:
    state = _file_state(path)
    with _CHARTS_LOCK:
        if state not in _CHARTS:
            with contextlib.closing(sqlite3.connect(f"file:{path}?{'immutable=1' if immutable else 'mode=ro'}",
                                                    uri=True)) as conn:
                with _bounded(conn):
                    data = overview_data(sqlite_utils.Database(conn))
            _CHARTS.clear()  # only the current state is worth keeping
            _CHARTS[state] = draw_overview(data)
        return _CHARTS[state]


def _file_state(path: str) -> tuple:
    """What changes when the database does: the file (replaced by a build, grown by an add) and its WAL."""
    def stat(name):
        try:
            found = os.stat(name)
        except OSError:
            return None
        return found.st_ino, found.st_mtime_ns, found.st_size

    return path, stat(path), stat(f"{path}-wal")


async def conflicts_page(datasette, request):
    """Claims that disagree: the same system, benchmark and metric with different values in
    different papers, each with its sentence, the claimed number highlighted."""
    db = _database(datasette)
    filters, _, _ = _filters(request)
    filters.kind = _one_of(request.args, "kind", KINDS, "score")

    def compute(conn):
        with _bounded(conn):
            rows = load_claims(sqlite_utils.Database(conn), filters)
            return pivot(rows, "all").conflicts if rows else []

    try:
        conflicts = await db.execute_fn(compute)
    except TooSlow:
        return _too_slow()
    base = datasette.urls.database(db.name)
    esc = html.escape
    sections = []
    for system, benchmark, metric, cells in conflicts:
        items = "".join(
            f"<li><a href='{base}/claims/{c.claim_id}'>{esc(c.display(False, False).rstrip('?‼'))}</a> in "
            f"<a href='{base}/papers/{c.paper_id}'>{esc(readable(c.paper_title))}</a>"
            f"<blockquote class='evidence'>{highlight(c.sentence, c.sentence_start, c.start, c.end)}</blockquote></li>"
            for c in cells)
        sections.append(f"<section><h2>{esc(system)} on {esc(benchmark)} ({esc(metric)})</h2><ul>{items}</ul></section>")
    body = "".join(sections) or "<p class='empty'>No conflicting claims.</p>"
    return Response.html(await datasette.render_template("conflicts.html", {
        "count": len(conflicts), "body": body, "kind": filters.kind}, request=request))


@hookimpl
def register_routes():
    return [(r"^/-/compare$", compare_page), (r"^/-/overview$", overview_page), (r"^/-/conflicts$", conflicts_page)]


@hookimpl
def menu_links(datasette):
    return [{"href": datasette.urls.path("/-/compare"), "label": "Compare benchmarks"},
            {"href": datasette.urls.path("/-/conflicts"), "label": "Conflicting claims"},
            {"href": datasette.urls.path("/-/overview"), "label": "Overview charts"}]
