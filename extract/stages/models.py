"""Models named with their parameter count: "Llama-3.1-8B-Instruct", "LLaMA 7B to 65B",
"GPT-3 (175B)", "a 0.5B parameter decoder", "a MoE-based LLM with 52 billion parameters".

The shapes and the words around them are data (data/model_patterns.yml); this module scans
them only near a written size and turns a match into one mention per size it lists.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import Optional

import regex

from claimbase.engines.backward import Backward
from claimbase.engines.loader import alternation
from claimbase.engines.resources import load_yaml
from claimbase.stages.mentions import SCALE, Found, collection_kind_after
from claimbase.stages.word_classes import lexicon

# Where a size is written at all ("8B", "6.7 billion"): the only stretches the shapes are tried in.
_ANY_SIZE = regex.compile(r"[0-9](?:[\s-]?(?:[BbMm](?![a-zA-Z])|billion|million|trillion))")
_SIZE_IN = regex.compile(r"([0-9]+(?:\.[0-9]+)?)[\s-]?([BbMm]|billion|million|trillion)(?![\w])")
_TWO_LETTERS = regex.compile(r"[A-Za-z]{2}")
_FAMILY_END = regex.compile(r"[-_]?A?[0-9]")  # where a family's name ends and its version or size begins
_CAPITAL_OR_DIGIT = regex.compile(r"[A-Z0-9]")
_RANGE = regex.compile(r"^\s?(?:to|-|–)")  # sizes listed as a range: "(1.5B to 3B)", "(0.5B-7B)"


@dataclass(frozen=True)
class Shape:
    """One shape of data/model_patterns.yml: its rule, pattern, and the part every match holds."""

    rule: str
    pattern: regex.Pattern
    needed: Optional[re.Pattern]


@functools.lru_cache(maxsize=1)
def _rules() -> dict:
    spec = load_yaml("model_patterns.yml")

    words = {"{roles}": alternation(spec["roles"], ignore_case=False),
             "{family_words}": alternation(spec["family_words"], ignore_case=False)}

    def expand(pattern: str) -> str:
        pattern = pattern.replace("{sizes}", spec["sizes"]).replace("{size}", spec["size"])
        for placeholder, alternatives in words.items():
            pattern = pattern.replace(placeholder, alternatives)
        return pattern

    return {
        "size": regex.compile(spec["size"]),
        # the prefilters are plain `re`: they only say whether a window is worth scanning
        "shapes": tuple(Shape(s["rule"], regex.compile(expand(s["regex"])), re.compile(s["needed"]) if s.get("needed") else None)
                        for s in spec["shapes"]),
        "model_kinds": frozenset(spec["model_kinds"]) | frozenset(spec["roles"]),
        "not_families": frozenset(spec["not_families"]),
        "pronouns": frozenset(spec["pronouns"]),
        "determiners": regex.compile(r"^(?:" + alternation(spec["determiners"]) + r")\s+", regex.I),
        "leading_preposition": regex.compile(r"^(?:" + alternation(spec["leading_prepositions"], ignore_case=False) + r")\s+"),
        "compared_size": regex.compile(spec["compared_size"]),
        "resource_in_name": regex.compile(spec["resource_in_name"]),
        "resource_after": regex.compile(spec["resource_after"]),
        "appositive_before": Backward(spec["appositive_before"]),
    }


def shapes() -> tuple[Shape, ...]:
    return _rules()["shapes"]


def _size_windows(text: str, before: int = 160, after: int = 120) -> list[tuple[int, int]]:
    """Stretches of text around every written size, merged: the only places a sized model can be."""
    windows: list[list[int]] = []
    for match in _ANY_SIZE.finditer(text):
        start, end = max(0, match.start() - before), min(len(text), match.end() + after)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([start, end])
    return [(a, b) for a, b in windows]


def _scale(size: str, unit: str) -> float:
    return float(size) * SCALE[unit.lower()]


class _Spans:
    """Spans that do not overlap, kept in order: whether a new one overlaps any of them is one
    bisection (a pass over all of them made a text of hundreds of sizes quadratic)."""

    def __init__(self):
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        before = bisect.bisect_left(self.starts, end)  # the spans that start before this one ends;
        return before > 0 and self.ends[before - 1] > start  # of those, the last ends last

    def add(self, start: int, end: int) -> None:
        at = bisect.bisect_left(self.starts, start)
        self.starts.insert(at, start)
        self.ends.insert(at, end)


def find_models(text: str) -> list[Found]:
    """Models whose parameter count the text states, in their name or next to it."""
    rules = _rules()
    out: list[Found] = []
    taken = _Spans()

    def add(start, end, name, params, rule, family=None):
        if taken.overlaps(start, end) or collection_kind_after().match(text, end):
            return  # "the BIOSCAN-5M dataset", "LAION-5B": a size in a dataset's name
        out.append(Found("MODEL", start, end, text[start:end], name, rule, params=params, family=family))
        taken.add(start, end)

    windows = _size_windows(text)
    if not windows:
        return out  # no size written anywhere: no sized model to find

    for shape in rules["shapes"]:
        for start, end in windows:
            if shape.needed is not None and not shape.needed.search(text, start, end):
                continue
            for match in shape.pattern.finditer(text, start, end):
                groups = match.re.groupindex
                if "name" in groups:
                    _add_named(match, shape.rule, add, text)
                elif "family" in groups:
                    _add_family(match, shape.rule, add, text)
                else:
                    _add_headed(match, shape.rule, add, text)
    return out


def _add_named(match, rule: str, add, text: str) -> None:
    """A name with its size inside, and the sizes listed after it ("OPT-1.3B/6.7B")."""
    rules = _rules()
    name = match.group("name")
    if not _TWO_LETTERS.search(name):
        return
    if rules["resource_in_name"].search(name) or rules["resource_after"].match(text, match.end()):
        return  # "RSWBench-1.1M, a 1.1 million sample dataset": a dataset's size of samples
    family = _FAMILY_END.split(name, maxsplit=1)[0].rstrip("-_") or name
    add(match.start("name"), match.end("name"), name, _scale(match.group("size"), match.group("unit")), rule, family)
    prefix = name[:match.start("size") - match.start("name")]
    for more in rules["size"].finditer(match.group("more") or ""):
        start = match.start("more") + more.start()
        add(start, start + len(more.group(0)), prefix + more.group(0),
            _scale(more.group(0)[:-1], more.group(0)[-1]), rule + "_list", family)


def _describing_word_opening(text: str, start: int, family: str) -> bool:
    """Whether the family is a word that describes, capitalized only because it opens the sentence:
    "Larger models (70B) outperformed smaller ones", "Medium (4B-10B)"."""
    if " " in family or not family[1:].islower() or text[max(0, start - 2):start].strip() not in ("", "."):
        return False
    return bool({"ADJ", "ADV"} & set(lexicon().possible(family.lower())))


def _add_family(match, rule: str, add, text: str) -> None:
    """A family and its sizes, after a space or in brackets ("LLaMA 7B to 65B", "GPT-3 (175B)")."""
    rules = _rules()
    family, start = match.group("family"), match.start("family")
    bracketed = rule == "model_name_bracket_size"
    more_text = match.groupdict().get("more") or ""
    named = (family not in rules["not_families"] and family.lower() not in rules["model_kinds"]
             and _CAPITAL_OR_DIGIT.search(family.split()[0])  # "LLMs (7B)" is a kind, not a name
             and not _describing_word_opening(text, start, family))
    if not named:
        if match.groupdict().get("kind"):  # "medium-sized models (32B)": the kind word stands for the models
            family, start = match.group("kind"), match.start("kind")
        if not (bracketed and family.lower() in rules["model_kinds"]):
            return  # "medium-sized models (32B)" names models of a size; "benchmarks (8B)" does not
        if _RANGE.search(more_text):
            return  # "small LLMs (1.5B to 3B)": a range of sizes is a claim, named by its phrase ("small LLMs")
    size = f"{match.group('size')}{match.group('unit')}"
    name = family if bracketed and (named or not more_text) else f"{family} {size}"
    add(start, match.end("unit"), name, _scale(match.group("size"), match.group("unit")), rule, family)
    for more in rules["size"].finditer(more_text):
        start = match.start("more") + more.start()
        add(start, start + len(more.group(0)), family if bracketed and named else f"{family} {more.group(0)}",
            _scale(more.group(0)[:-1], more.group(0)[-1]), "model_family_size_list", family)


def _add_headed(match, rule: str, add, text: str) -> None:
    """Sizes and the words that say what has them ("a 0.5B parameter decoder", "an LLM with 52
    billion parameters"): one mention a size, named by the head."""
    rules = _rules()
    head = rules["leading_preposition"].sub("", rules["determiners"].sub("", match.group("head").strip()))  # "of Deepseek"
    head = rules["compared_size"].sub("", head)  # "7B or larger MLLMs", "4B scale LVLMs": the kind
    if head.lower() in rules["pronouns"] or head.split()[-1].lower() in lexicon().not_system_heads:
        return  # "those with 1 billion parameters or fewer", "experiments with 1B and 8B parameter models"
    appositive = rules["appositive_before"].search(text[:match.start()])
    if rule == "model_phrase_size" and appositive:
        head = appositive.group("name")
    for size in _SIZE_IN.finditer(match.group("sizes")):
        start = match.start("sizes") + size.start()
        add(start, start + len(size.group(0)), head, _scale(size.group(1), size.group(2)), rule)


def models_from_size_claims(claims, found: list[Found]) -> list[Found]:
    """A stated parameter count ("from 650M to 34B parameters") names a model even without a name."""
    out = []
    known = {f.params for f in found if f.label == "MODEL"}
    for claim in claims:
        if claim.kind != "model_size" or claim.quantity.qualifier not in ("=", "<="):
            continue
        for value in (claim.quantity.value, claim.quantity.value_high):
            if value and value not in known:
                name = claim.subject or "model"
                out.append(Found("MODEL", claim.quantity.start, claim.quantity.end, "", name,
                                 "model_from_size_claim", params=value))
                known.add(value)
    return out
