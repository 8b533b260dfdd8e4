"""Comparison tables as Markdown, CSV, LaTeX (booktabs), HTML or JSON.

tabulate does the layout and the escaping (LaTeX and HTML); references to papers are
numbered in the cells and listed under the table.
"""
from __future__ import annotations

import csv
import io
import json

from tabulate import tabulate

from .compare import Comparison

FORMATS = ("markdown", "csv", "latex", "html", "json")
_TABLEFMT = {"markdown": "github", "latex": "latex_booktabs", "html": "html"}


def _system_label(row: dict) -> str:
    details = [d for d in (row.get("family"), _params(row.get("params"))) if d]
    return f"{row['system']} ({', '.join(details)})" if details and row.get("family") != row["system"] else \
        (f"{row['system']} ({_params(row.get('params'))})" if row.get("params") else row["system"])


def _params(params) -> str:
    if not params:
        return ""
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
        if params >= scale:
            return f"{params / scale:g}{suffix}"
    return f"{params:g}"


def render_comparison(comparison: Comparison, fmt: str) -> str:
    if fmt == "json":
        return json.dumps({
            "columns": comparison.columns,
            "rows": [{**row, "cells": {c: [cell.__dict__ | {"display": cell.display(False)}
                                           for cell in comparison.cells.get((row["system"], c), [])]
                                       for c in comparison.columns}} for row in comparison.rows],
            "references": [{"number": n, "paper_id": pid, "title": t} for n, pid, t in comparison.references],
        }, ensure_ascii=False, indent=2) + "\n"
    header = ["System", *comparison.columns]
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
    return table + "\n" + _references(comparison, fmt)


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
