"""Sentence boundaries that survive abbreviations: "(Yang et al., 2022)", "e.g., GPT-4".

A boundary is `.`, `!` or `?` followed by white space and something that starts a
sentence (capital letter, digit, quote, LaTeX, bracket), unless the word before the
period is a known abbreviation (data/sentences.yml) or a single capital initial.
`sentence_spans` works on the text directly (fast, used by the extractor); the spaCy
component `claimbase_sentences` sets the same boundaries on a Doc for spaCy users.
"""
from __future__ import annotations

import functools

import regex
from spacy.language import Language

from .resources import load_yaml

_BOUNDARY = regex.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[\p{Lu}0-9\"'“$\\(\[])")
_WORD_BEFORE = regex.compile(r"(\S+)[.!?][\"')\]]?$")


@functools.lru_cache(maxsize=1)
def _abbreviations() -> frozenset:
    return frozenset(a.lower() for a in load_yaml("sentences.yml")["abbreviations"])


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence, white space between sentences left out."""
    abbreviations = _abbreviations()
    spans, start = [], 0
    for match in _BOUNDARY.finditer(text):
        word = _WORD_BEFORE.search(text, max(0, match.start() - 40), match.start())
        token = word.group(1).lstrip("([\"'") if word else ""
        if token.lower().rstrip(".") in abbreviations or (len(token) == 1 and token.isupper()):
            continue
        spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        end = len(text.rstrip())
        if end > start:
            spans.append((start, end))
    return spans


@Language.component("claimbase_sentences")
def mark_sentences(doc):
    starts = {start for start, _ in sentence_spans(doc.text)}
    for token in doc:
        token.is_sent_start = token.i == 0 or token.idx in starts
    return doc
