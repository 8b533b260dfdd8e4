"""Datasette plugin: the comparison table as a page (/-/compare) with downloads in every
format, and an overview of charts (/-/overview), both drawn from the claims database."""
from __future__ import annotations

import html
from urllib.parse import parse_qsl, urlencode

import sqlite_utils
from datasette import hookimpl
from datasette.utils.asgi import Response

from extract.compare import EMPTY, Filters, load_claims, pivot, speedup_rows
from extract.plots import overview_charts
from extract.render import FORMATS, render_comparison, render_speedups

CONTENT_TYPES = {"markdown": "text/markdown", "csv": "text/csv", "latex": "application/x-latex",
                 "html": "text/html", "json": "application/json"}
EXTENSIONS = {"markdown": "md", "csv": "csv", "latex": "tex", "html": "html", "json": "json"}


def _database(datasette):
    return datasette.get_database(next(name for name in datasette.databases if name != "_internal"))


def _filters(request) -> tuple[Filters, str, bool]:
    args = request.args
    filters = Filters(benchmarks=[b for b in args.getlist("benchmark") if b], metric=args.get("metric") or None,
                      kind=args.get("kind") or "score",
                      min_papers=int(args["min_papers"]) if (args.get("min_papers") or "").isdigit() else None)
    return filters, args.get("pick") or "best", bool(args.get("speedups"))


async def compare_page(datasette, request):
    db = _database(datasette)
    filters, pick, speedups = _filters(request)
    fmt = request.args.get("format")

    def compute(conn):
        sdb = sqlite_utils.Database(conn)
        names = [r["name"] for r in sdb.query(
            "select benchmarks.name, count(distinct claims.paper_id) n from claims join benchmarks "
            "on benchmarks.id = claims.benchmark_id group by 1 order by n desc, 1")]
        metrics = [r["name"] for r in sdb.query(
            "select distinct metrics.name from claims join metrics on metrics.id = claims.metric_id order by 1")]
        if speedups:
            return names, metrics, None, speedup_rows(sdb, filters)
        rows = load_claims(sdb, filters)
        return names, metrics, pivot(rows, pick) if rows else None, None

    names, metrics, comparison, speed_rows = await db.execute_fn(compute)
    if fmt in FORMATS:
        if speedups:
            body = render_speedups(speed_rows or [], fmt)
        else:
            body = render_comparison(comparison, fmt) if comparison else ""
        name = "speedups" if speedups else "comparison"
        return Response(body, content_type=f"{CONTENT_TYPES[fmt]}; charset=utf-8",
                        headers={"content-disposition": f'attachment; filename="{name}.{EXTENSIONS[fmt]}"'})
    base = datasette.urls.database(db.name)
    query = [(k, v) for k, v in parse_qsl(request.query_string, keep_blank_values=False) if k != "format"]
    downloads = {f: "?" + urlencode([*query, ("format", f)]) for f in FORMATS}
    table_html = _speedups_html(speed_rows, base) if speedups else _comparison_html(comparison, base)
    return Response.html(await datasette.render_template("compare.html", {
        "benchmarks": names, "metrics": metrics, "selected": filters.benchmarks, "metric": filters.metric or "",
        "pick": pick, "kind": filters.kind, "speedups": speedups, "table_html": table_html,
        "downloads": downloads, "min_papers": filters.min_papers or "",
    }, request=request))


def _comparison_html(comparison, base: str) -> str:
    if comparison is None:
        return "<p class='empty'>No claims match these choices.</p>"
    esc = html.escape
    head = "".join(f"<th>{esc(c)}</th>" for c in comparison.columns)
    rows = []
    for row in comparison.rows:
        label = esc(row["system"]) + (f" <small>({esc(row['family'] or '')} {row['params'] / 1e9:g}B)</small>"
                                      if row.get("params") else "")
        cells = []
        for column in comparison.columns:
            found = comparison.cells.get((row["system"], column), [])
            if not found:
                cells.append(f"<td class='empty'>{EMPTY}</td>")
                continue
            links = "<br>".join(
                f"<a class='claim' href='{base}/claims/{c.claim_id}' title='{esc(c.text)}'>{esc(c.display(False))}</a>"
                f" <a class='paper' href='{base}/papers/{c.paper_id}'>[{c.reference}]</a>" for c in found)
            cells.append(f"<td>{links}</td>")
        rows.append(f"<tr><th scope='row'>{label}</th>{''.join(cells)}</tr>")
    refs = "".join(f"<li value='{n}'><a href='{base}/papers/{pid}'>{esc(t)}</a></li>" for n, pid, t in comparison.references)
    return (f"<table class='comparison rows-and-columns'><thead><tr><th>System</th>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table><ol class='references'>{refs}</ol>")


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
    db = _database(datasette)

    def charts(conn):
        return overview_charts(sqlite_utils.Database(conn))

    rendered = await db.execute_fn(charts)
    return Response.html(await datasette.render_template("overview.html", {"charts": rendered}, request=request))


@hookimpl
def register_routes():
    return [(r"^/-/compare$", compare_page), (r"^/-/overview$", overview_page)]


@hookimpl
def menu_links(datasette):
    return [{"href": datasette.urls.path("/-/compare"), "label": "Compare benchmarks"},
            {"href": datasette.urls.path("/-/overview"), "label": "Overview charts"}]
