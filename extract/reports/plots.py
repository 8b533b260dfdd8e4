"""Pictures of the claims: score against model size, sorted speedup factors, and the
overview charts that the Datasette /-/overview page shows."""
from __future__ import annotations

import io
import threading
from pathlib import Path

import sqlite_utils

import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402


def plot_scores(rows: list[dict], benchmark: str, path: Path) -> int:
    """Score vs parameter count (log scale) for one benchmark, one colour per family; returns points drawn."""
    points = [r for r in rows if r["benchmark"] == benchmark and r.get("params")]
    fig, ax = plt.subplots(figsize=(7, 4.5))
    families = sorted({r.get("family") or "other" for r in points})
    colours = {f: plt.cm.tab10(i % 10) for i, f in enumerate(families)}
    for row in points:
        family = row.get("family") or "other"
        ax.scatter(row["params"], row["value"], color=colours[family], label=plain(family), s=40)
        ax.annotate(plain(row["model"] or row["subject"] or "?"), (row["params"], row["value"]), fontsize=8,
                    xytext=(4, 3), textcoords="offset points")
    ax.set_xscale("log")
    ax.set_xlabel("parameters")
    unit = points[0]["unit"] if points else ""
    ax.set_ylabel(f"claimed score ({unit})" if unit else "claimed score")
    ax.set_title(f"{plain(benchmark)}: claimed score vs model size" + ("" if points else " (no sized models)"))
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles))
    if unique:
        ax.legend(unique.values(), unique.keys(), title="family", fontsize=8)
    ax.grid(True, alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return len(points)


def plot_speedups(rows: list[dict], path: Path, limit: int = 30) -> int:
    """Sorted horizontal bars of speedup factors, labelled system vs baseline; returns bars drawn."""
    shown = sorted(rows, key=lambda r: r["value"])[-limit:]
    fig, ax = plt.subplots(figsize=(8, max(2.5, 0.32 * len(shown) + 1)))
    labels = [plain(f"{r['system']} vs {r['baseline']}"[:60]) for r in shown]
    colours = ["tab:green" if r["direction"] == "up" else "tab:blue" for r in shown]
    ax.barh(range(len(shown)), [r["value"] for r in shown], color=colours)
    ax.set_yticks(range(len(shown)), labels, fontsize=7)
    for i, row in enumerate(shown):
        ax.text(row["value"], i, plain(f" {row['factor']}"), va="center", fontsize=7)
    ax.set_xscale("log")
    ax.set_xlabel("claimed factor (×, log scale)")
    ax.set_title("Claimed factors (green: grows, blue: shrinks)", fontsize=10)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return len(shown)


def _svg(fig) -> str:
    """A figure as inline SVG markup (for an HTML page)."""
    buffer = io.StringIO()
    fig.tight_layout()
    fig.savefig(buffer, format="svg")
    plt.close(fig)
    text = buffer.getvalue()
    return text[text.find("<svg"):]


# matplotlib keeps global state (pyplot's figures, the mathtext parser's cache) that is not
# safe to use from two threads at once: a server draws one picture at a time.
DRAWING = threading.Lock()

# The overview's scatter of size against score names each point: beyond this many points it
# is a blot, and drawing it would take seconds on a knowledge base of all of arXiv.
MOST_POINTS = 300


def plain(label) -> str:
    """A label drawn as written: matplotlib reads text between dollar signs as math, and fails
    on a name with one dollar sign ("H$_2$O-7B" is fine; "$5 model" is a parse error)."""
    return str(label).replace("$", r"\$")


def overview_data(db: sqlite_utils.Database) -> dict:
    """What the overview charts show, read with a few aggregate queries."""
    return {
        "kinds": [(r["kind"], r["n"]) for r in db.query(
            "select kind, count(*) n from claims group by kind order by n desc")],
        "benchmarks": [(r["name"], r["n"]) for r in db.query(
            "select benchmarks.name, count(*) n from claims join benchmarks on benchmarks.id = claims.benchmark_id "
            "group by 1 order by n desc limit 15")][::-1],
        "factors": [r["value"] for r in db.query("select value from claims where kind = 'ratio' and value > 0")],
        "points": [(r["name"], r["params"], r["value"]) for r in db.query(
            "select models.name, models.params, claims.value from claims join models on models.id = claims.model_id "
            "where claims.kind = 'score' and claims.unit = '%' and models.params is not null "
            f"order by claims.id desc limit {MOST_POINTS}")],
    }


def overview_charts(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    """(title, SVG) of claims per kind, most-claimed benchmarks, factor distribution, size vs score."""
    return draw_overview(overview_data(db))


def draw_overview(data: dict) -> list[tuple[str, str]]:
    with DRAWING:
        return _draw_overview(data)


def _draw_overview(data: dict) -> list[tuple[str, str]]:
    charts = []
    fig, ax = plt.subplots(figsize=(5, 3))
    ax.bar([plain(kind) for kind, _ in data["kinds"]], [n for _, n in data["kinds"]], color="tab:blue")
    ax.set_title("Claims per kind")
    charts.append(("Claims per kind", _svg(fig)))

    fig, ax = plt.subplots(figsize=(5, 4))
    ax.barh([plain(name) for name, _ in data["benchmarks"]], [n for _, n in data["benchmarks"]], color="tab:green")
    ax.set_title("Most-claimed benchmarks")
    charts.append(("Most-claimed benchmarks", _svg(fig)))

    fig, ax = plt.subplots(figsize=(5, 3))
    if data["factors"]:
        ax.hist(data["factors"], bins=[0.1, 0.5, 1, 1.5, 2, 3, 5, 10, 30, 100, 1000, 10000], color="tab:orange")
        ax.set_xscale("log")
    ax.set_title("Distribution of claimed factors (×)")
    charts.append(("Distribution of speedup factors", _svg(fig)))

    fig, ax = plt.subplots(figsize=(5, 3.5))
    if data["points"]:
        ax.scatter([p for _, p, _ in data["points"]], [v for _, _, v in data["points"]], color="tab:purple")
    for name, params, value in data["points"]:
        ax.annotate(plain(name), (params, value), fontsize=7)
    ax.set_xscale("log")
    ax.set_xlabel("parameters")
    ax.set_ylabel("claimed score (%)")
    ax.set_title("Model size vs claimed score")
    charts.append(("Size vs score", _svg(fig)))
    return charts
