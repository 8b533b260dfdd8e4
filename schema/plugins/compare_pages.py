"""Datasette plugin: the comparison table as a page (/-/compare) with downloads in every
format, and an overview of charts (/-/overview), both drawn from the claims database."""
from __future__ import annotations

import html
import io
from urllib.parse import parse_qsl, urlencode

import sqlite_utils
from datasette import hookimpl
from datasette.utils.asgi import Response

from extract.compare import EMPTY, Filters, load_claims, pivot, speedup_rows
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
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        sdb = sqlite_utils.Database(conn)
        out = []

        def svg(fig) -> str:
            buffer = io.StringIO()
            fig.tight_layout()
            fig.savefig(buffer, format="svg")
            plt.close(fig)
            text = buffer.getvalue()
            return text[text.find("<svg"):]

        kinds = list(sdb.query("select kind, count(*) n from claims group by kind order by n desc"))
        fig, ax = plt.subplots(figsize=(5, 3))
        ax.bar([k["kind"] for k in kinds], [k["n"] for k in kinds], color="tab:blue")
        ax.set_title("Claims per kind")
        out.append(("Claims per kind", svg(fig)))
        benchmarks = list(sdb.query(
            "select benchmarks.name, count(*) n from claims join benchmarks on benchmarks.id = claims.benchmark_id "
            "group by 1 order by n desc limit 15"))
        fig, ax = plt.subplots(figsize=(5, 4))
        ax.barh([b["name"] for b in reversed(benchmarks)], [b["n"] for b in reversed(benchmarks)], color="tab:green")
        ax.set_title("Most-claimed benchmarks")
        out.append(("Most-claimed benchmarks", svg(fig)))
        factors = [r["value"] for r in sdb.query("select value from claims where kind = 'ratio' and value > 0")]
        fig, ax = plt.subplots(figsize=(5, 3))
        if factors:
            ax.hist(factors, bins=[0.1, 0.5, 1, 1.5, 2, 3, 5, 10, 30, 100, 1000, 10000], color="tab:orange")
            ax.set_xscale("log")
        ax.set_title("Distribution of claimed factors (×)")
        out.append(("Distribution of speedup factors", svg(fig)))
        points = list(sdb.query(
            "select models.name, models.params, claims.value from claims join models on models.id = claims.model_id "
            "where claims.kind = 'score' and claims.unit = '%' and models.params is not null"))
        fig, ax = plt.subplots(figsize=(5, 3.5))
        for p in points:
            ax.scatter(p["params"], p["value"], color="tab:purple")
            ax.annotate(p["name"], (p["params"], p["value"]), fontsize=7)
        ax.set_xscale("log")
        ax.set_xlabel("parameters")
        ax.set_ylabel("claimed score (%)")
        ax.set_title("Model size vs claimed score")
        out.append(("Size vs score", svg(fig)))
        return out

    rendered = await db.execute_fn(charts)
    return Response.html(await datasette.render_template("overview.html", {"charts": rendered}, request=request))


@hookimpl
def register_routes():
    return [(r"^/-/compare$", compare_page), (r"^/-/overview$", overview_page)]


@hookimpl
def menu_links(datasette):
    return [{"href": datasette.urls.path("/-/compare"), "label": "Compare benchmarks"},
            {"href": datasette.urls.path("/-/overview"), "label": "Overview charts"}]
