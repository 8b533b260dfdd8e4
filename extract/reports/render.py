"""Comparison tables as Markdown, CSV, LaTeX (booktabs), HTML or JSON.

tabulate does the layout and the escaping (LaTeX and HTML); references to papers are
numbered in the cells and listed under the table.
"""
from __future__ import annotations

import csv
import io
import json

from tabulate import tabulate

from claimbase.reports.compare import MARKS, Comparison
from claimbase.reports.display import size

FORMATS = ("markdown", "csv", "latex", "html", "json")
_TABLEFMT = {"markdown": "github", "latex": "latex_booktabs", "html": "html"}


def _system_label(row: dict) -> str:
    details = [d for d in (row.get("family"), size(row.get("params"))) if d]
    return f"{row['system']} ({', '.join(details)})" if details and row.get("family") != row["system"] else \
        (f"{row['system']} ({size(row.get('params'))})" if row.get("params") else row["system"])


def render_comparison(comparison: Comparison, fmt: str) -> str:
    if fmt == "json":
        return json.dumps({
            "columns": comparison.columns,
            "rows": [{**row, "cells": {c: [cell.__dict__ | {"display": cell.display(False)}
                                           for cell in comparison.cells.get((row["system"], c), [])]
                                       for c in comparison.columns}} for row in comparison.rows],
            "column_metrics": comparison.column_metrics,
            "references": [{"number": n, "paper_id": pid, "title": t} for n, pid, t in comparison.references],
            "legend": comparison.legend(),
        }, ensure_ascii=False, indent=2, default=str) + "\n"
    header = ["System", *(comparison.column_label(c) for c in comparison.columns)]
    body = [[_system_label(row), *(comparison.cell_text(row["system"], c) for c in comparison.columns)]
            for row in comparison.rows]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([*header, "references"])
        refs = "; ".join(f"[{n}] {t}" for n, _, t in comparison.references)
        for line in body:
            writer.writerow([*line, refs])
        return out.getvalue()
    table = tabulate(body, headers=header, tablefmt=_TABLEFMT[fmt], disable_numparse=True)
    return table + "\n" + _references(comparison, fmt) + _legend(comparison, fmt)


def _legend(comparison: Comparison, fmt: str) -> str:
    lines = comparison.legend()
    if not lines:
        return ""
    if fmt == "html":
        from html import escape

        return "".join(f"<p class=\"legend\">{escape(line)}</p>\n" for line in lines)
    if fmt == "latex":
        return "".join(f"% {line}\n" for line in lines)
    return "\n" + "\n".join(lines) + "\n"


def _references(comparison: Comparison, fmt: str) -> str:
    if not comparison.references:
        return ""
    if fmt == "html":
        from html import escape

        items = "".join(f"<li value=\"{n}\">{escape(t)}</li>" for n, _, t in comparison.references)
        return f"<ol class=\"references\">{items}</ol>\n"
    if fmt == "latex":
        rows = [[f"[{n}]", t] for n, _, t in comparison.references]
        return tabulate(rows, tablefmt="latex_booktabs", disable_numparse=True) + "\n"
    return "\n" + "\n".join(f"[{n}] {t}" for n, _, t in comparison.references) + "\n"


def render_conflicts(comparison: Comparison) -> str:
    """Every conflict: the system, benchmark and metric, then each paper's value and sentence."""
    out = []
    for system, benchmark, metric, cells in comparison.conflicts:
        out.append(f"{system} on {benchmark} ({metric}):")
        for cell in cells:
            out.append(f"  {cell.display(False, False).rstrip(''.join(MARKS.values()))} in "
                       f"\"{cell.paper_title}\": {cell.sentence}")
    return "\n".join(out) + ("\n" if out else "")


def render_speedups(rows: list[dict], fmt: str) -> str:
    columns = ["system", "baseline", "metric", "factor", "direction", "paper"]
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=[*columns, "claim_id", "evidence"], extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue()
    body = [[row[c] for c in columns] for row in rows]
    return tabulate(body, headers=[c.capitalize() for c in columns], tablefmt=_TABLEFMT[fmt], disable_numparse=True) + "\n"
