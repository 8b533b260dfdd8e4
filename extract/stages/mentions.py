"""What the entity stages find: a mention with its span, canonical name and rule.

Kept apart from the finders (entities.py for benchmarks and metrics, models.py for sized
models) so each can build mentions without importing the other.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Optional

import regex

from claimbase.engines.resources import load_yaml

# What a written size multiplies by: "8B", "52 billion", "350M".
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
def kind_nouns() -> tuple:
    """The plural kinds of collection a name can be one of (data/benchmark_patterns.yml kind_nouns)."""
    return tuple(load_yaml("benchmark_patterns.yml")["kind_nouns"])


@functools.lru_cache(maxsize=1)
def collection_kind_after():
    """A kind of collection after a name, singular or plural: "dataset", "benchmarks", "corpus"
    ("the BIOSCAN-5M dataset": a size in a dataset's name is no model's)."""
    kinds = {*kind_nouns(), "dataset", "benchmark", "corpus", "suite", "testbed", "leaderboard"}
    return regex.compile(r"\s+(?:" + "|".join(map(regex.escape, sorted(kinds, key=len, reverse=True))) + r")\b")
