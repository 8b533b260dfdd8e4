"""The knowledge-base pass: a benchmark name one paper introduces is known in every paper.

The curated vocabulary (data/benchmarks.yml) knows a few hundred benchmarks; abstracts name
thousands. A name recognized in a strong context anywhere in the knowledge base — "the X
dataset", "X-Bench", "benchmarks such as X, Y and Z", a benchmark a paper introduces (the
rules listed as `learned_from` in data/benchmark_patterns.yml) — is a benchmark wherever it is
written, also where the sentence gives no such hint ("GPT-4o reaches 61% on X"). After an
add or a build stores its papers, this pass collects those names from the whole database,
finds the papers that write one of them where no benchmark was recognized, and extracts
those papers again with the names known, so that their claims are attributed to the
benchmark too. Names that could be ordinary words (a single capitalized word: "Houston", "New"; an English
word in capitals: "TIME") are not learned, nor names most papers writing them use otherwise
("MRI", "RGB": learned_min_share).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable, Optional

import regex
import sqlite_utils

from claimbase.engines.alternation import names_automaton, whole_name_occurrences
from claimbase.engines.resources import load_yaml
from claimbase.stages.word_classes import lexicon

_NAME_SHAPE = regex.compile(r"^(?:\S*\p{Lu}\S*[\p{Lu}\d]|\S*\d\S*\p{L}|\S*\p{L}\S*\d|\p{Lu}{2,}\S*)$|\s")


@dataclass
class Learned:
    names: list[str]
    revisited: int = 0


@functools.lru_cache(maxsize=1)
def _settings() -> tuple[frozenset, frozenset, int, float]:
    spec = load_yaml("benchmark_patterns.yml")
    return (frozenset(spec["learned_from"]), frozenset(spec["not_benchmarks"]), spec["learned_min_length"],
            spec["learned_min_share"])


def candidate_names(db: sqlite_utils.Database) -> dict[str, int]:
    """The benchmark names the knowledge base recognized in a strong context, as written, with
    the number of papers that recognized each so."""
    rules, not_benchmarks, shortest, _ = _settings()
    marks = ",".join("?" for _ in rules)
    rows = db.execute(f"select text, count(distinct paper_id) from mentions where label = 'BENCHMARK' "
                      f"and rule in ({marks}) group by text", sorted(rules)).fetchall()
    return {name.strip(): papers for name, papers in rows
            if len(name.strip()) >= shortest and name not in not_benchmarks and name.split()[0] not in not_benchmarks
            and _NAME_SHAPE.search(name.strip()) and "\n" not in name and not _shouted_word(name.strip())}


def _shouted_word(name: str) -> bool:
    """"TIME", "SCORE", "STORM": an English word in capitals is as often a method's name or
    emphasis as a dataset's, and is not learned."""
    return name.isalpha() and name.isupper() and bool(lexicon().possible(name.lower()))


def learned_names(db: sqlite_utils.Database) -> tuple[list[str], list[tuple[str, str, str]]]:
    """The candidates that name a benchmark in a fair share of the papers that write them, and
    (id, title, abstract) of the papers that write one of those where none of their benchmark
    mentions is. A dataset's name is mostly written as one ("on X", "the X dataset"), while a
    kind of data or task named like one ("MRI", "RGB", "T2I") is written in many papers and in
    a strong context in few of them. One scan of the abstracts answers both."""
    candidates = candidate_names(db)
    if not candidates:
        return [], []
    *_, share = _settings()
    found = names_automaton(sorted(candidates))
    covered: dict[str, list[tuple[int, int]]] = {}
    for paper_id, start, end in db.execute("select paper_id, start, [end] from mentions where label = 'BENCHMARK'"):
        covered.setdefault(paper_id, []).append((start, end))
    writing: dict[str, int] = {}
    uncovered: list[tuple[tuple[str, str, str], set]] = []  # a paper, and the names it writes where nothing was found
    for paper_id, title, abstract in db.execute("select id, title, abstract from papers"):
        written = whole_name_occurrences(found, abstract or "")
        if not written:
            continue
        for name in {name for _, _, name in written}:
            writing[name] = writing.get(name, 0) + 1
        spans = covered.get(paper_id, [])
        missing = {name for start, end, name in written if not any(a < end and start < b for a, b in spans)}
        if missing:
            uncovered.append(((paper_id, title, abstract), missing))
    names = sorted(name for name, strong in candidates.items() if strong >= share * writing.get(name, strong))
    kept = set(names)
    return names, [paper for paper, missing in uncovered if missing & kept]


def learn_and_revisit(db: sqlite_utils.Database, progress: Optional[Callable[[int], None]] = None) -> Learned:
    """The pass itself; the caller holds the write transaction."""
    from claimbase.pipeline import Extractor
    from claimbase.storage.store import ExtractionWriter, claim_values, mention_values

    names, papers = learned_names(db)
    learned = Learned(names)
    if not papers:
        return learned
    found = names_automaton(names)
    extractor = Extractor(learned_benchmarks=found)
    writer = ExtractionWriter(db)
    results = extractor.extract_many((abstract, title) for _, title, abstract in papers)
    for (paper_id, _, _), (claims, mentions) in zip(papers, results):
        writer.replace(paper_id, [claim_values(c) for c in claims], [mention_values(m) for m in mentions],
                       existing=True)
        learned.revisited += 1
        if learned.revisited % 1000 == 0:
            writer.flush()
            if progress:
                progress(0)
    writer.flush()
    return learned
