"""Extraction time grows with the length of the text, not its square.

Each family is a text shape that once made some rule quadratic: runs of brackets (spaCy's
suffix search), one sentence of hundreds of numbers (every number's rules reading the whole
sentence, every new model checked against all the others), lists, "vs." and "respectively".
The figure asserted is a ratio of times on one machine within one run, not a speed: going
from 4 KB to 16 KB (four times the text) may take at most eight times as long (a quadratic
rule takes sixteen), the best of three runs each, after a warm-up.
"""
from __future__ import annotations

import time

import pytest

from claimbase.pipeline import Extractor

FAMILIES = {
    "brackets before a number": lambda n: "(" * (n - 3) + " 5%",
    "square brackets": lambda n: "[" * (n - 3) + " 5%",
    "by 1% and, repeated": lambda n: ("by 1% and " * (n // 10 + 1))[:n],
    "a list of percentages": lambda n: ("We get " + ", ".join(f"{i}.5%" for i in range(n // 6)) + " on A.")[:n],
    "one sentence of claims": lambda n: ("Our model improves accuracy on GSM8K by 3 points " * (n // 48 + 1))[:n],
    "bare percentages": lambda n: "1% " * (n // 3),
    "sized models": lambda n: "LLaMA-7B " * (n // 9) + "reaches 5%",
    "versus": lambda n: "1% vs. " * (n // 7) + "2%",
    "respectively": lambda n: "1%, " * (n // 4) + "respectively",
    "ranges": lambda n: "1-2 " * (n // 4),
}

EXTRACTOR = Extractor()


def seconds(text: str) -> float:
    """The best of three runs, each on a text whose first chunk differs: spaCy's tokenizer
    remembers the chunks it has split, and a second run over the same text would hide its cost."""
    best = float("inf")
    for run in range(3):
        started = time.perf_counter()
        EXTRACTOR.extract(f"{run}{text[1:]}", "A title")
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize("family", FAMILIES)
def test_four_times_the_text_takes_at_most_eight_times_as_long(family):
    make = FAMILIES[family]
    EXTRACTOR.extract(make(1024), "A title")
    small, medium, large = (seconds(make(kb * 1024)) for kb in (1, 4, 16))
    floor = 0.002  # below a couple of milliseconds a ratio is noise
    assert large <= 8 * max(medium, floor), (family, small, medium, large)
    assert medium <= 8 * max(small, floor), (family, small, medium, large)
    assert large < 2.0, (family, large)  # 16 KB: the longest real abstract is 3.5 KB
