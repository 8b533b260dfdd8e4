"""Benchmark comparison tables: systems × benchmarks, every cell a claim with its paper.

`load_claims` reads claims with their normalized benchmark, metric, model and paper;
`pivot` arranges them (rows: systems with family and parameter count where known,
columns: canonical benchmarks) and resolves competing claims by `pick`:
best (honouring whether the metric is higher- or lower-is-better), latest, or all.
`speedup_rows` is the companion table of ratio claims: system × baseline × metric.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Optional

import regex
import sqlite_utils

from .numbers import find_quantities
from .textmap import PlainText

QUALIFIER_SIGNS = {"=": "", "<=": "≤", ">=": "≥", ">": ">", "<": "<", "~": "~"}
QUALIFIER_WORDS = {"=": "", "<=": "up to ", ">=": "≥", ">": "over ", "<": "under ", "~": "~"}
EMPTY = "–"


@dataclass
class Filters:
    """What a comparison is about; every field is optional."""

    benchmarks: list[str] = field(default_factory=list)
    metric: Optional[str] = None
    kind: str = "score"
    family: Optional[str] = None
    min_params: Optional[float] = None
    max_params: Optional[float] = None
    paper: Optional[str] = None
    min_papers: Optional[int] = None


@dataclass
class Cell:
    claim_id: int
    paper_id: str
    paper_title: str
    paper_date: Optional[str]
    value: float
    value_high: Optional[float]
    qualifier: str
    unit: str
    text: str
    higher_is_better: Optional[bool]
    reference: int = 0

    @property
    def number(self) -> str:
        """The value as it was claimed ("34.0", not "34"), from the evidence text."""
        return claimed_number(self.text, self.value)

    def display(self, with_reference: bool = True) -> str:
        unit = {"x": "×", "%": "%", "pp": " pp", "": ""}.get(self.unit, f" {self.unit}")
        high = f"–{claimed_number(self.text, self.value_high)}" if self.value_high is not None else ""
        shown = f"{QUALIFIER_SIGNS.get(self.qualifier, '')}{self.number}{high}{unit}"
        return f"{shown} [{self.reference}]" if with_reference and self.reference else shown


@dataclass
class Comparison:
    columns: list[str]
    rows: list[dict]  # {"system", "family", "params"}
    cells: dict  # (system, column) -> list[Cell]
    references: list[tuple[int, str, str]]  # (number, paper_id, title)

    def cell_text(self, system: str, column: str, with_reference: bool = True) -> str:
        cells = self.cells.get((system, column))
        if not cells:
            return EMPTY
        return "; ".join(c.display(with_reference) for c in cells)


def claimed_number(text: str, value: Optional[float]) -> str:
    """The number in `text` that reads as `value`, as printed; else a compact rendering."""
    if value is None:
        return ""
    for quantity in find_quantities(PlainText(text).text):
        for candidate in (quantity.value, quantity.value_high, quantity.baseline_value):
            if candidate is not None and abs(candidate - value) <= 1e-9 * max(1.0, abs(value)):
                span = PlainText(text).text[quantity.number_start:quantity.number_end]
                if regex.fullmatch(r"[0-9.,]+", span) and abs(float(span.replace(",", "")) - value) < 1e-9 * max(1, abs(value)):
                    return span
    return f"{value:g}"


_CLAIMS_SQL = """
select claims.id, claims.paper_id, papers.title as paper_title, papers.date as paper_date, papers.year,
  claims.kind, claims.value, claims.value_high, claims.qualifier, claims.unit, claims.text,
  claims.subject, claims.baseline, claims.direction,
  coalesce(metrics.name, claims.metric) as metric, metrics.higher_is_better,
  benchmarks.name as benchmark, models.name as model, models.family, models.params
from claims join papers on papers.id = claims.paper_id
  left join benchmarks on benchmarks.id = claims.benchmark_id
  left join metrics on metrics.id = claims.metric_id
  left join models on models.id = claims.model_id
"""


def load_claims(db: sqlite_utils.Database, filters: Filters, require_benchmark: bool = True) -> list[dict]:
    where, params = ["claims.kind = :kind"], {"kind": filters.kind}
    if require_benchmark:
        where.append("claims.benchmark_id is not null")
    if filters.benchmarks:
        from .entities import canonical_benchmark

        names = [canonical_benchmark(b)[0] for b in filters.benchmarks]
        where.append("benchmarks.name in (%s)" % ", ".join(f":b{i}" for i in range(len(names))))
        params.update({f"b{i}": n for i, n in enumerate(names)})
    if filters.metric:
        where.append("(metrics.name = :metric or claims.metric like :metric_like)")
        params.update(metric=filters.metric.lower(), metric_like=f"%{filters.metric.lower()}%")
    if filters.family:
        where.append("lower(models.family) = lower(:family)")
        params["family"] = filters.family
    if filters.min_params is not None:
        where.append("models.params >= :min_params")
        params["min_params"] = filters.min_params
    if filters.max_params is not None:
        where.append("models.params <= :max_params")
        params["max_params"] = filters.max_params
    if filters.paper:
        where.append("(claims.paper_id = :paper or papers.title like :paper_like)")
        params.update(paper=filters.paper, paper_like=f"%{filters.paper}%")
    rows = [dict(r) for r in db.query(_CLAIMS_SQL + " where " + " and ".join(where) + " order by claims.id", params)]
    if filters.min_papers and require_benchmark:
        # a benchmark is "claimed" by every paper that states a result on it, whatever the kind
        keep = {r["name"] for r in db.query(
            "select benchmarks.name from claims join benchmarks on benchmarks.id = claims.benchmark_id "
            "group by benchmarks.name having count(distinct claims.paper_id) >= ?", [filters.min_papers])}
        rows = [r for r in rows if r["benchmark"] in keep]
    return rows


def _cell(row: dict) -> Cell:
    return Cell(claim_id=row["id"], paper_id=row["paper_id"], paper_title=row["paper_title"],
                paper_date=row["paper_date"] or (str(row["year"]) if row.get("year") else None),
                value=row["value"], value_high=row["value_high"], qualifier=row["qualifier"], unit=row["unit"],
                text=row["text"], higher_is_better=None if row["higher_is_better"] is None else bool(row["higher_is_better"]))


def _choose(cells: list[Cell], pick: str) -> list[Cell]:
    if pick == "all" or len(cells) == 1:
        return cells
    if pick == "latest":
        return [max(cells, key=lambda c: (c.paper_date or "", c.claim_id))]
    lower_better = all(c.higher_is_better is False for c in cells)
    return [min(cells, key=lambda c: c.value) if lower_better else max(cells, key=lambda c: c.value)]


def pivot(rows: Iterable[dict], pick: str = "best") -> Comparison:
    """Systems × benchmarks; competing claims for one cell resolved by `pick`."""
    grouped: dict[tuple, list[Cell]] = {}
    systems: dict[str, dict] = {}
    columns: list[str] = []
    for row in rows:
        system = row["model"] or row["subject"] or "(unnamed system)"
        systems.setdefault(system, {"system": system, "family": row["family"], "params": row["params"]})
        if row["benchmark"] not in columns:
            columns.append(row["benchmark"])
        grouped.setdefault((system, row["benchmark"]), []).append(_cell(row))
    cells = {key: _choose(value, pick) for key, value in grouped.items()}
    references: dict[str, int] = {}
    titles: dict[str, str] = {}
    ordered_rows = sorted(systems.values(), key=lambda r: (r["family"] or "~", r["params"] or 0, r["system"].lower()))
    for row in ordered_rows:
        for column in columns:
            for cell in cells.get((row["system"], column), []):
                cell.reference = references.setdefault(cell.paper_id, len(references) + 1)
                titles[cell.paper_id] = cell.paper_title
    return Comparison(columns=columns, rows=ordered_rows, cells=cells,
                      references=[(n, pid, titles[pid]) for pid, n in references.items()])


def speedup_rows(db: sqlite_utils.Database, filters: Filters) -> list[dict]:
    """Ratio claims as system × baseline × metric → factor, qualifier kept ("up to 29×")."""
    ratio_filters = Filters(**{**filters.__dict__, "kind": "ratio", "benchmarks": filters.benchmarks})
    rows = load_claims(db, ratio_filters, require_benchmark=bool(filters.benchmarks))
    out = []
    for row in rows:
        cell = _cell(row)
        high = f"–{claimed_number(cell.text, cell.value_high)}" if cell.value_high is not None else ""
        out.append({
            "system": row["model"] or row["subject"] or "(unnamed system)",
            "baseline": row["baseline"] or EMPTY,
            "metric": row["metric"] or EMPTY,
            "factor": f"{QUALIFIER_WORDS.get(cell.qualifier, '')}{cell.number}{high}×",
            "direction": row["direction"] or EMPTY,
            "value": cell.value,
            "paper": row["paper_title"],
            "paper_id": row["paper_id"],
            "claim_id": row["id"],
            "evidence": row["text"],
        })
    out.sort(key=lambda r: -r["value"])
    return out
