"""Benchmarks, metrics and sized models named in an abstract.

Vocabulary terms (data/benchmarks.yml, data/metrics.yml) are found with spaCy's
PhraseMatcher; names not in the vocabulary by the shape patterns of
data/benchmark_patterns.yml (`*-Bench`, "the X dataset", "evaluated on X"); models with
parameter counts by the size written in or next to their name ("Llama-3.1-8B-Instruct",
"LLaMA 7B to 65B", "a 0.5B parameter decoder"). Every mention keeps its span and rule.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Optional

import regex
import spacy
from spacy.matcher import PhraseMatcher

from .resources import load_yaml

SIZE = r"(?P<size>\d+(?:\.\d+)?)\s?(?P<unit>[BbMm]|[Bb]illion|[Mm]illion|[Tt]rillion)"
SCALE = {"b": 1e9, "billion": 1e9, "m": 1e6, "million": 1e6, "trillion": 1e12}


@dataclass
class Found:
    """An entity found in the plain view of an abstract (offsets are plain-view offsets)."""

    label: str
    start: int
    end: int
    text: str
    canonical: str
    rule: str
    params: Optional[float] = None
    family: Optional[str] = None
    higher_is_better: Optional[bool] = None


@functools.lru_cache(maxsize=1)
def _vocab():
    benchmarks = load_yaml("benchmarks.yml")["benchmarks"]
    metrics = load_yaml("metrics.yml")["metrics"]
    bench_index = {}
    for entry in benchmarks:
        for surface in [entry["name"], *entry.get("aliases", [])]:
            bench_index[surface] = entry["name"]
    metric_index = {}
    for entry in metrics:
        for surface in [entry["name"], *entry.get("aliases", [])]:
            metric_index[surface.lower()] = (entry["name"], entry.get("higher_is_better"))
    return bench_index, metric_index


@functools.lru_cache(maxsize=1)
def _matchers():
    nlp = spacy.blank("en")
    bench_index, metric_index = _vocab()
    benchmarks = PhraseMatcher(nlp.vocab, attr="ORTH")
    for surface, canonical in bench_index.items():
        benchmarks.add(canonical, [nlp.make_doc(surface)])
    metrics = PhraseMatcher(nlp.vocab, attr="LOWER")
    for surface, (canonical, _) in metric_index.items():
        metrics.add(canonical, [nlp.make_doc(surface)])
    spec = load_yaml("benchmark_patterns.yml")
    shapes = [(p["rule"], regex.compile(p["regex"])) for p in spec["patterns"]]
    return nlp, benchmarks, metrics, shapes, set(spec["not_benchmarks"])


def canonical_benchmark(name: str) -> tuple[str, bool]:
    """The vocabulary's name for a benchmark as printed, and whether it is in the vocabulary."""
    bench_index, _ = _vocab()
    if name in bench_index:
        return bench_index[name], True
    folded = {k.lower().replace("-", "").replace(" ", ""): v for k, v in bench_index.items()}
    key = name.lower().replace("-", "").replace(" ", "")
    if key in folded:
        return folded[key], True
    return name, False


def canonical_metric(name: str) -> tuple[str, Optional[bool]]:
    _, metric_index = _vocab()
    found = metric_index.get(name.lower())
    return found if found else (name.lower(), None)


def find_entities(doc) -> list[Found]:
    """Benchmarks, metrics and models in a spaCy Doc of the plain view."""
    nlp, benchmark_matcher, metric_matcher, shapes, not_benchmarks = _matchers()
    strings = nlp.vocab.strings  # the matchers' own store: the doc may come from another pipeline
    text = doc.text
    found: list[Found] = []
    for match_id, start, end in benchmark_matcher(doc):
        span = doc[start:end]
        if _word_bounded(text, span.start_char, span.end_char):
            found.append(Found("BENCHMARK", span.start_char, span.end_char, span.text,
                               strings[match_id], "benchmark_vocabulary"))
    for match_id, start, end in metric_matcher(doc):
        span = doc[start:end]
        canonical = strings[match_id]
        found.append(Found("METRIC", span.start_char, span.end_char, span.text, canonical,
                           "metric_vocabulary", higher_is_better=canonical_metric(canonical)[1]))
    models = find_models(text)
    found.extend(models)
    taken = [(f.start, f.end) for f in found if f.label in ("BENCHMARK", "MODEL")]
    for rule, pattern in shapes:
        for match in pattern.finditer(text):
            start, end = match.span("name")
            name = match.group("name").strip()
            if name in not_benchmarks or name.split()[0] in not_benchmarks or len(name) < 2:
                continue
            if any(a < end and start < b for a, b in taken) or regex.search(r"\d[BbMm]\b", name):
                continue
            if name.lower() == name:  # lowercase words are not names
                continue
            found.append(Found("BENCHMARK", start, end, name, canonical_benchmark(name)[0], rule))
            taken.append((start, end))
    return _drop_nested(found)


def _word_bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before == "-") and not (after.isalnum() or after in "-+")


def _drop_nested(found: list[Found]) -> list[Found]:
    """Within one label, a mention inside a longer one goes ("MATH" inside "MATH500")."""
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    out: list[Found] = []
    for item in found:
        if any(o.label == item.label and o.start <= item.start and item.end <= o.end for o in out):
            continue
        out.append(item)
    return out


_NAME_WITH_SIZE = regex.compile(
    r"(?<![\w.-])(?P<name>(?:[A-Za-z][\w.]*[-_])+?(?:[\w.]*?[A-Za-z][\w.]*[-_])*?"
    r"(?:[A-Z]?)(?P<size>\d+(?:\.\d+)?)(?P<unit>[BbMm])(?:[-_][\w.]+)*)(?![\w-])")
_NAME_SPACE_SIZE = regex.compile(
    r"(?<![\w.-])(?P<family>(?:[A-Z][\w.-]*|[a-z]+[A-Z][\w.-]*|[a-z][\w]*-[\w.-]+))\s(?P<size>\d+(?:\.\d+)?)(?P<unit>[BbMm])(?![\w])"
    r"(?P<more>(?:\s?(?:/|&|,|and|to)\s?\d+(?:\.\d+)?[BbMm](?![\w]))*)")
_PHRASE_SIZE = regex.compile(
    r"(?<![\w.-])(?P<size>\d+(?:\.\d+)?)[\s-]?(?P<unit>[BbMm]|billion|million|trillion)(?![\w])"
    r"(?:\s*-?\s*(?:parameters?|params))?(?:\s*-?\s*sized)?\s+(?P<head>(?:[\w-]+\s){0,2}?(?:models?|LLMs?|LMs?|decoders?|encoders?|transformers?|networks?))\b")
_NOT_FAMILY = {"The", "A", "An", "Our", "We", "In", "On", "With", "For", "To", "Of", "And", "From", "At", "By",
               "Only", "Using", "About", "Over", "Up", "With", "This", "That", "These", "Both"}


def _scale(size: str, unit: str) -> float:
    return float(size) * SCALE[unit.lower()]


def find_models(text: str) -> list[Found]:
    """Models whose parameter count the text states, in their name or next to it."""
    out: list[Found] = []
    taken: list[tuple[int, int]] = []

    def add(start, end, name, params, rule, family=None):
        if any(a < end and start < b for a, b in taken):
            return
        out.append(Found("MODEL", start, end, text[start:end], name, rule, params=params, family=family))
        taken.append((start, end))

    for match in _NAME_WITH_SIZE.finditer(text):
        name = match.group("name").rstrip(".")
        if not regex.search(r"[A-Za-z]{2}", name):
            continue
        family = regex.split(r"[-_]?\d", name, maxsplit=1)[0].rstrip("-_") or name
        add(match.start("name"), match.start("name") + len(name), name,
            _scale(match.group("size"), match.group("unit")), "model_name_size", family)
    for match in _NAME_SPACE_SIZE.finditer(text):
        family = match.group("family")
        if family in _NOT_FAMILY:
            continue
        first = _scale(match.group("size"), match.group("unit"))
        add(match.start("family"), match.end("unit"), f"{family} {match.group('size')}{match.group('unit')}",
            first, "model_family_size", family)
        for more in regex.finditer(r"(\d+(?:\.\d+)?)([BbMm])", match.group("more") or ""):
            start = match.start("more") + more.start()
            add(start, start + len(more.group(0)), f"{family} {more.group(0)}",
                _scale(more.group(1), more.group(2)), "model_family_size_list", family)
    for match in _PHRASE_SIZE.finditer(text):
        head = match.group("head").strip()
        add(match.start(), match.end(), head, _scale(match.group("size"), match.group("unit")), "model_phrase_size")
    return out
