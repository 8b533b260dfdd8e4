"""The spaCy pipeline the extractor tokenizes abstracts with.

Blank English without the tokenizer's exception table and URL matcher, and with lexemes that
carry only their text and lowercase. Tokens only serve the PhraseMatchers of
extract/entities.py (matching on ORTH and LOWER), whose patterns are tokenized by this same
pipeline, so text and patterns split alike; English exceptions (contractions, "e.g.",
emoticons) and URL detection never decide whether a benchmark or metric name matches.
Tokenizing is the largest single cost of extraction: without the exceptions it takes about
40% less time, and every unseen word (each new number is one) creates a lexeme, whose twenty
other attributes (shape, stop word, like_num, ...) nothing here reads and which cost another
fifth of the tokenizing time.
Sentence boundaries come from extract/sentences.py, which the component on this pipeline uses.
"""
from __future__ import annotations

import spacy
from spacy.attrs import LOWER

KEPT_LEXEME_ATTRIBUTES = (LOWER,)  # the PhraseMatchers match on ORTH (always kept) and LOWER


def blank_english(vocab=None):
    """`vocab`: share another pipeline's vocabulary (the matchers' labels then name the doc's spans)."""
    nlp = spacy.blank("en", vocab=vocab if vocab is not None else True)
    nlp.tokenizer.rules = {}
    nlp.tokenizer.url_match = None
    getters = nlp.vocab.lex_attr_getters
    nlp.vocab.lex_attr_getters = {attr: getters[attr] for attr in KEPT_LEXEME_ATTRIBUTES}
    return nlp
