"""The spaCy pipeline the extractor tokenizes abstracts with.

Blank English whose tokenizer has English's punctuation rules but not its exception table
("don't", "e.g.", emoticons) nor its URL matcher, and whose lexemes carry only their text and
lowercase. Tokens only serve the PhraseMatchers of extract/stages/entities.py (matching on ORTH and
LOWER), whose patterns are tokenized by this same pipeline, so text and patterns split alike;
exceptions and URL detection never decide whether a benchmark or metric name matches.
Tokenizing is the largest single cost of extraction: without the exceptions it takes about
40% less time, and every unseen word (each new number is one) creates a lexeme, whose twenty
other attributes (shape, stop word, like_num, ...) nothing here reads and which cost another
fifth of the tokenizing time. The tokenizer is made by a registered factory, so the 2,700
exceptions are never loaded only to be dropped (a sixth of a second at every start).
A process builds the pipeline once: the PhraseMatchers' patterns and the abstracts are
tokenized by the same object, whose vocabulary then labels the matched spans.
"""
from __future__ import annotations

import functools
import re

import spacy
from spacy import util
from spacy.attrs import LOWER
from spacy.tokenizer import Tokenizer


KEPT_LEXEME_ATTRIBUTES = (LOWER,)  # the PhraseMatchers match on ORTH (always kept) and LOWER

# How many distinct whitespace-separated chunks ("model", "(GPT-4)", "45.3%,") the tokenizer
# remembers. spaCy's default, 10,000, fills within the first few thousand abstracts (every new
# number is a chunk of its own); after that every chunk not yet cached goes through the Python
# prefix, suffix and infix searches again at each occurrence, which costs extraction about 3%.
# A cached chunk takes a few dozen bytes, so this bounds the cache at a few megabytes.
CACHED_CHUNKS = 100_000

# A chunk (text between spaces) this long is no word, name or number but debris: a run of
# brackets, a formula without spaces. spaCy takes one prefix or suffix off a chunk at a time
# and searches the rest again, so a run of 16,000 brackets took 18 s; such a chunk is kept as
# one token instead. Nothing is lost: numbers are read from the text, and no benchmark,
# metric or model name is this long.
LONGEST_WORD = 100
_DEBRIS = re.compile(r"\S{%d}" % (LONGEST_WORD + 1))


# English keeps a period after a capital as part of the word ("U.S."), and so a sentence that
# ends with a name whose last letters follow a digit ("... in GSM8K.", "a 7B.") kept the period
# in the name's token, and no vocabulary name matched it. The period after a digit and one or two
# capitals is punctuation.
NAME_END_PERIOD = (r"(?<=[0-9][A-Z])\.", r"(?<=[0-9][A-Z][A-Z])\.")


@spacy.registry.tokenizers("claimbase.punctuation_tokenizer.v1")
def punctuation_tokenizer():
    """The language's prefix, suffix and infix rules, without exceptions and URL matching."""

    def make(nlp) -> Tokenizer:
        defaults = nlp.Defaults
        return Tokenizer(
            nlp.vocab, rules={},
            prefix_search=util.compile_prefix_regex(defaults.prefixes).search if defaults.prefixes else None,
            suffix_search=util.compile_suffix_regex([*(defaults.suffixes or ()), *NAME_END_PERIOD]).search,
            infix_finditer=util.compile_infix_regex(defaults.infixes).finditer if defaults.infixes else None,
            token_match=_debris_or(defaults.token_match), url_match=None, max_cache_size=CACHED_CHUNKS)

    return make


def _debris_or(token_match):
    """The language's token_match (none for English), extended to chunks too long to be words."""
    if token_match is None:
        return _DEBRIS.match
    return lambda text: _DEBRIS.match(text) or token_match(text)


# The extraction stages in the order they run, each a registered spaCy component (its own
# module of extract/stages/) that reads what the ones before it wrote on the Doc
# (extract/stages/doc_fields.py).
STAGES = ("claimbase_sentences", "claimbase_numbers", "claimbase_entities", "claimbase_claims",
          "claimbase_word_classes", "claimbase_attribution", "claimbase_lists")


@functools.lru_cache(maxsize=1)
def extraction_pipeline():
    """Blank English with the punctuation tokenizer, lexemes trimmed to what the matchers read,
    and the extraction stages as its components: `nlp(doc)` and `nlp.pipe(docs)` extract."""
    from claimbase.stages import attribution, claims, entities, lists, numbers, sentences, word_classes  # noqa: F401  (they register the components)

    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "claimbase.punctuation_tokenizer.v1"}}})
    getters = nlp.vocab.lex_attr_getters
    nlp.vocab.lex_attr_getters = {attr: getters[attr] for attr in KEPT_LEXEME_ATTRIBUTES if attr in getters}
    for stage in STAGES:
        nlp.add_pipe(stage)
    return nlp
