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

from claimbase.reports import display

QUALIFIER_SIGNS = {qualifier: sign.strip() for qualifier, sign in display.QUALIFIER_SIGNS.items()}  # "≤50%" in a cell
QUALIFIER_WORDS = {"=": "", "<=": "up to ", ">=": "≥", ">": "over ", "<": "under ", "~": "~"}
EMPTY = "–"
SURE = 0.7  # below this confidence a cell is marked unsure (the rules' lower confidence is 0.6)
MARKS = {"unsure": "?", "conflict": "‼"}
LEGEND = {"unsure": "? the rules were unsure of this claim's system, benchmark or metric "
                    f"(confidence below {SURE}); --min-confidence {SURE} leaves such claims out",
          "conflict": "‼ other papers claim a different value for the same system, benchmark and metric "
                      "(claimbase compare --conflicts lists them)"}


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
    min_confidence: Optional[float] = None  # leave out claims the rules were less sure of


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
    metric: Optional[str] = None
    kind: str = "score"
    baseline: Optional[str] = None
    direction: Optional[str] = None
    confidence: float = 1.0
    sentence: str = ""
    sentence_start: int = 0
    start: int = 0
    end: int = 0
    printed: Optional[str] = None  # the value as the abstract prints it, stored at extraction
    printed_high: Optional[str] = None
    reference: int = 0
    conflicting: bool = False  # another paper claims a different value for the same system, benchmark and metric

    @property
    def unsure(self) -> bool:
        """The rules were less sure of this claim's system, benchmark or metric."""
        return self.confidence < SURE

    @property
    def number(self) -> str:
        """The value as it was claimed ("34.0", not "34"), stored with the claim."""
        return claimed_number(self.printed, self.value)

    @property
    def number_high(self) -> str:
        return claimed_number(self.printed_high, self.value_high)

    def display(self, with_reference: bool = True, with_metric: bool = False) -> str:
        """"45.2%", "+3.1 pp vs. GPT-4", "33% accuracy" (with_metric), then the marks (? unsure,
        ‼ conflicting) and the reference."""
        unit = display.UNIT_SUFFIXES.get(self.unit, f" {self.unit}")
        high = f"–{self.number_high}" if self.value_high is not None else ""
        sign = {"up": "+", "down": "−"}.get(self.direction or "", "") if self.kind == "delta" else ""
        shown = f"{QUALIFIER_SIGNS.get(self.qualifier, '')}{sign}{self.number}{high}{unit}"
        if with_metric and self.metric:
            shown += f" {self.metric}"
        if self.kind in ("delta", "ratio") and self.baseline:
            shown += f" vs. {self.baseline}"
        shown += MARKS["unsure"] if self.unsure else ""
        shown += MARKS["conflict"] if self.conflicting else ""
        return f"{shown} [{self.reference}]" if with_reference and self.reference else shown


@dataclass
class Comparison:
    columns: list[str]
    rows: list[dict]  # {"system", "family", "params"}
    cells: dict  # (system, column) -> list[Cell]
    references: list[tuple[int, str, str]]  # (number, paper_id, title)
    column_metrics: dict = field(default_factory=dict)  # column -> the one metric all its cells name, if so
    conflicts: list = field(default_factory=list)  # (system, benchmark, metric, [Cell, ...])

    def column_label(self, column: str) -> str:
        metric = self.column_metrics.get(column)
        return f"{column} ({metric})" if metric else column

    def cell_text(self, system: str, column: str, with_reference: bool = True) -> str:
        cells = self.cells.get((system, column))
        if not cells:
            return EMPTY
        with_metric = self.column_metrics.get(column) is None
        return "; ".join(c.display(with_reference, with_metric) for c in cells)

    def legend(self) -> list[str]:
        """What the marks in this table mean, for the marks it has."""
        shown = [cell for cells in self.cells.values() for cell in cells]
        return [LEGEND[mark] for mark, used in (("unsure", any(c.unsure for c in shown)),
                                                ("conflict", any(c.conflicting for c in shown))) if used]


def claimed_number(printed: Optional[str], value: Optional[float]) -> str:
    """The value as the abstract printed it, which extraction stored with the claim (pages and
    tables never run the number grammar again); a compact rendering where it stored none."""
    if value is None:
        return ""
    return printed or f"{value:g}"


_CLAIMS_SQL = """
select claims.id, claims.paper_id, papers.title as paper_title, papers.date as paper_date, papers.year,
  claims.kind, claims.value, claims.value_high, claims.qualifier, claims.unit, claims.text,
  claims.subject, claims.baseline, claims.direction, claims.confidence, claims.sentence, claims.sentence_start,
  claims.start, claims.end, claims.printed, claims.printed_high,
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
        from claimbase.stages.entities import canonical_benchmark

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
    if filters.min_confidence is not None:
        where.append("claims.confidence >= :min_confidence")
        params["min_confidence"] = filters.min_confidence
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
                text=row["text"], higher_is_better=None if row["higher_is_better"] is None else bool(row["higher_is_better"]),
                metric=row["metric"], kind=row["kind"], baseline=row["baseline"], direction=row["direction"],
                confidence=row["confidence"] if row.get("confidence") is not None else 1.0,
                sentence=row.get("sentence") or "", sentence_start=row.get("sentence_start") or 0,
                start=row.get("start") or 0, end=row.get("end") or 0,
                printed=row.get("printed"), printed_high=row.get("printed_high"))


def _choose(cells: list[Cell], pick: str) -> list[Cell]:
    if pick == "all" or len(cells) == 1:
        return cells
    if pick == "latest":
        return [max(cells, key=lambda c: (c.paper_date or "", c.claim_id))]
    lower_better = all(c.higher_is_better is False for c in cells)
    return [min(cells, key=lambda c: c.value) if lower_better else max(cells, key=lambda c: c.value)]


def system_key(name: str) -> str:
    """One key for one system however it is written: case, spaces, hyphens and brackets aside
    ("LLaMA-2-7B", "Llama 2 (7B)" and "llama-2 7b" are one row)."""
    return regex.sub(r"[\s\-_()\[\].,]+", "", name).casefold()


_DEFINED = regex.compile(r"^(?P<long>.+?)\s*\((?P<short>[A-Z][\w-]{1,15})\)$")


def _systems(rows: list[dict]) -> dict[str, str]:
    """Each written name -> the key of its system: a name written with its abbreviation
    ("Sparse Routing Attention (SRA)") makes the abbreviation and the long name one system."""
    keys: dict[str, str] = {}
    names = {row["model"] or row["subject"] or UNNAMED for row in rows}
    for name in sorted(names, key=len, reverse=True):
        defined = _DEFINED.match(name)
        key = system_key(defined.group("long") if defined else name)
        keys[name] = key
        if defined:
            keys.setdefault(defined.group("short"), key)
            keys.setdefault(defined.group("long"), key)
    by_key = {system_key(name): key for name, key in keys.items()}
    return {name: by_key.get(system_key(name), keys[name]) for name in names}


UNNAMED = "(unnamed system)"


def pivot(rows: Iterable[dict], pick: str = "best") -> Comparison:
    """Systems × benchmarks; competing claims for one cell resolved by `pick`. One system
    written differently is one row, named as it is written most often."""
    rows = list(rows)
    key_of = _systems(rows)
    grouped: dict[tuple, list[Cell]] = {}
    systems: dict[str, dict] = {}
    spellings: dict[str, dict[str, int]] = {}
    columns: list[str] = []
    for row in rows:
        written = row["model"] or row["subject"] or UNNAMED
        key = key_of[written]
        spellings.setdefault(key, {}).setdefault(written, 0)
        spellings[key][written] += 1
        known = systems.setdefault(key, {"system": key, "family": row["family"], "params": row["params"]})
        known["family"] = known["family"] or row["family"]
        known["params"] = known["params"] or row["params"]
        if row["benchmark"] not in columns:
            columns.append(row["benchmark"])
        grouped.setdefault((key, row["benchmark"]), []).append(_cell(row))
    conflicts = _conflicts(grouped)
    names = {key: max(written, key=lambda w: (written[w], -len(w))) for key, written in spellings.items()}
    cells = {(names[key], column): _choose(value, pick) for (key, column), value in grouped.items()}
    for row in systems.values():
        row["system"] = names[row["system"]]
    references: dict[str, int] = {}
    titles: dict[str, str] = {}
    ordered_rows = sorted(systems.values(), key=lambda r: (r["family"] or "~", r["params"] or 0, r["system"].lower()))
    for row in ordered_rows:
        for column in columns:
            for cell in cells.get((row["system"], column), []):
                cell.reference = references.setdefault(cell.paper_id, len(references) + 1)
                titles[cell.paper_id] = cell.paper_title
    column_metrics = {}
    for column in columns:
        named = {c.metric for (system, col), shown in cells.items() if col == column for c in shown}
        column_metrics[column] = named.pop() if len(named) == 1 and None not in named else None
    return Comparison(columns=columns, rows=ordered_rows, cells=cells, column_metrics=column_metrics,
                      references=[(n, pid, titles[pid]) for pid, n in references.items()],
                      conflicts=[(names[key], column, metric, found) for key, column, metric, found in conflicts])


def _conflicts(grouped: dict[tuple, list[Cell]]) -> list[tuple]:
    """Claims of one system, benchmark and metric whose values differ between papers; each such
    cell is marked. A paper revising its own number is no conflict, nor are different metrics."""
    found = []
    for (key, column), cells in grouped.items():
        by_metric: dict[Optional[str], list[Cell]] = {}
        for cell in cells:
            by_metric.setdefault((cell.metric or "").casefold() or None, []).append(cell)
        for metric, same in by_metric.items():
            values = {round(c.value, 6) for c in same}
            papers = {c.paper_id for c in same}
            if len(values) > 1 and len(papers) > 1 and metric is not None:
                for cell in same:
                    cell.conflicting = True
                found.append((key, column, same[0].metric, same))
    return found


def explain_empty(db: sqlite_utils.Database, filters: Filters) -> str:
    """Why a comparison came out empty, and what would match: the benchmarks asked for that
    have claims of other kinds, or that have no claims at all (with names that come close)."""
    from claimbase.stages.entities import canonical_benchmark

    if not filters.benchmarks:
        kinds = {r["kind"]: r["n"] for r in db.query(
            "select kind, count(*) n from claims where benchmark_id is not null group by kind")}
        other = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items(), key=lambda kv: -kv[1]) if kind != filters.kind)
        return f"no {filters.kind} claims on a benchmark match these filters" + (f" (there are {other} claims: try --kind)" if other else "")
    hints = []
    for asked in filters.benchmarks:
        name = canonical_benchmark(asked)[0]
        kinds = {r["kind"]: r["n"] for r in db.query(
            "select claims.kind, count(*) n from claims join benchmarks on benchmarks.id = claims.benchmark_id "
            "where benchmarks.name = ? group by 1", [name])}
        if not kinds:
            close = [r["name"] for r in db.query(
                "select name from benchmarks where name like ? order by name limit 5", [f"%{asked[:4]}%"])]
            hints.append(f"{asked} has no claims" + (f" (did you mean {', '.join(close)}?)" if close else ""))
        elif filters.kind not in kinds:
            kind, n = max(kinds.items(), key=lambda kv: kv[1])
            hints.append(f"{name} has {n} {kind} claims: try --kind {kind}")
        else:
            hints.append(f"{name} has {kinds[filters.kind]} {filters.kind} claims, none left by the other filters")
    return "no claims match these filters: " + "; ".join(hints)


def speedup_rows(db: sqlite_utils.Database, filters: Filters) -> list[dict]:
    """Ratio claims as system × baseline × metric → factor, qualifier kept ("up to 29×")."""
    ratio_filters = Filters(**{**filters.__dict__, "kind": "ratio", "benchmarks": filters.benchmarks})
    rows = load_claims(db, ratio_filters, require_benchmark=bool(filters.benchmarks))
    out = []
    for row in rows:
        cell = _cell(row)
        high = f"–{cell.number_high}" if cell.value_high is not None else ""
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
