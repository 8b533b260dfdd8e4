"""Sentence boundaries that survive abbreviations: "(Yang et al., 2022)", "e.g., GPT-4".

A boundary is `.`, `!` or `?` followed by white space and something that starts a
sentence (capital letter, digit, quote, LaTeX, bracket), unless the word before the
period is a known abbreviation (data/sentences.yml) or a single capital initial.
`sentence_spans` works on the text directly; the spaCy component `claimbase_sentences`
writes those spans on the Doc for the stages after it.
"""
from __future__ import annotations

from claimbase.stages.doc_fields import state_of

import functools

import numpy
import regex
from spacy.attrs import IDX, SENT_START
from spacy.language import Language

from claimbase.engines.resources import load_yaml
from claimbase.stages import doc_fields  # noqa: F401  (the Doc's fields)

# The end of a sentence: `.`, `!` or `?`, then (the gap) an optional closing quote or bracket and
# white space, then something that starts a sentence.
_BOUNDARY = regex.compile(r"[.!?](?P<gap>[\"')\]]?\s+)(?=[\p{Lu}0-9\"'“$\\(\[])")


@functools.lru_cache(maxsize=1)
def _abbreviations() -> frozenset:
    return frozenset(a.lower() for a in load_yaml("sentences.yml")["abbreviations"])


def _word_before(text: str, end: int) -> str:
    """The word whose final `.`, `!` or `?` is at end - 1 ("al" of "et al."), opening brackets dropped."""
    words = text[max(0, end - 40):end].rsplit(None, 1)  # the last word only: one split from the right
    last = words[-1] if words else ""
    return last[:-1].lstrip("([\"'") if len(last) >= 2 else ""


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence, white space between sentences left out."""
    abbreviations = _abbreviations()
    spans, start = [], 0
    for match in _BOUNDARY.finditer(text):
        end = match.start("gap")
        token = _word_before(text, end)
        if token.lower().rstrip(".") in abbreviations or (len(token) == 1 and token.isupper()):
            continue
        spans.append((start, end))
        start = match.end()
    if start < len(text):
        end = len(text.rstrip())
        if end > start:
            spans.append((start, end))
    return spans


SENTENCE_COMPONENT = "claimbase_sentences"


class Sentences:
    """The registered component: doc._.sentences, the character spans the later stages read.
    With `mark_tokens` (config) the same boundaries are also the Doc's sentence starts, so that
    doc.sents works; extraction reads the spans alone, and writing the starts would cost it as
    much as finding the sentences."""

    def __init__(self, mark_tokens: bool):
        self.mark_tokens = mark_tokens

    def __call__(self, doc):
        state = state_of(doc)
        spans = sentence_spans(state.text)
        state.sentences = spans
        if self.mark_tokens and len(doc):
            mark_sentence_starts(doc, spans)
        return doc


def mark_sentence_starts(doc, spans: list[tuple[int, int]]) -> None:
    """Sentence starts written as one array: a token at a time costs ten times more."""
    offsets = doc.to_array(IDX)
    firsts = numpy.searchsorted(offsets, [start for start, _ in spans])  # each sentence's first token
    starts = numpy.full(len(offsets), -1, dtype="int64")
    starts[firsts[firsts < len(offsets)]] = 1
    starts[0] = 1
    doc.from_array([SENT_START], starts.reshape(-1, 1).astype("uint64"))


@Language.factory(SENTENCE_COMPONENT, default_config={"mark_tokens": False})
def make_sentences(nlp: Language, name: str, mark_tokens: bool) -> Sentences:
    return Sentences(mark_tokens)
