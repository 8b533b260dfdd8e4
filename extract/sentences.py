"""Sentence boundaries that survive abbreviations: "(Yang et al., 2022)", "e.g., GPT-4".

A spaCy component (registered as `claimbase_sentences`) that marks sentence starts: a
token after `.`, `!` or `?` starts a sentence when it looks like a sentence start
(capital letter, digit, quote, LaTeX) and the word before the period is not a known
abbreviation (data/sentences.yml).
"""
from __future__ import annotations

from spacy.language import Language

from .resources import load_yaml

_ENDS = {".", "!", "?"}


@Language.component("claimbase_sentences")
def mark_sentences(doc):
    abbreviations = {a.lower() for a in load_yaml("sentences.yml")["abbreviations"]}
    for i, token in enumerate(doc):
        token.is_sent_start = i == 0
    for i in range(1, len(doc)):
        previous = doc[i - 1]
        text = previous.text
        if not (text in _ENDS or text.endswith(".")):
            continue
        word = text[:-1] if text != "." else (doc[i - 2].text if i >= 2 else "")
        if word.lower().rstrip(".") in abbreviations or (len(word) == 1 and word.isupper()):
            continue
        if not previous.whitespace_:
            continue  # "2.5", "arXiv.org"
        first = doc[i].text[:1]
        if first.isupper() or first.isdigit() or first in "\"'“$\\([":
            doc[i].is_sent_start = True
    return doc
