"""Pictures of comparisons: claimed score against model size, and sorted speedup factors."""
from __future__ import annotations

from pathlib import Path

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
        ax.scatter(row["params"], row["value"], color=colours[family], label=family, s=40)
        ax.annotate(row["model"] or row["subject"] or "?", (row["params"], row["value"]), fontsize=8,
                    xytext=(4, 3), textcoords="offset points")
    ax.set_xscale("log")
    ax.set_xlabel("parameters")
    unit = points[0]["unit"] if points else ""
    ax.set_ylabel(f"claimed score ({unit})" if unit else "claimed score")
    ax.set_title(f"{benchmark}: claimed score vs model size" + ("" if points else " (no sized models)"))
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
    labels = [f"{r['system']} vs {r['baseline']}"[:60] for r in shown]
    colours = ["tab:green" if r["direction"] == "up" else "tab:blue" for r in shown]
    ax.barh(range(len(shown)), [r["value"] for r in shown], color=colours)
    ax.set_yticks(range(len(shown)), labels, fontsize=7)
    for i, row in enumerate(shown):
        ax.text(row["value"], i, f" {row['factor']}", va="center", fontsize=7)
    ax.set_xscale("log")
    ax.set_xlabel("claimed factor (×, log scale)")
    ax.set_title("Claimed factors (green: grows, blue: shrinks)", fontsize=10)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return len(shown)
