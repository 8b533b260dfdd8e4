"""Word classes and noun phrases without a trained tagger.

Attribution needs to tell a noun phrase ("zero-shot VLMs", "the fusion algorithm") from a
verb or an adverb ("our approach considerably", "we are able to"): a stored subject, metric
or baseline must be a phrase that names something. The trained English models cannot be
downloaded here, so every token gets a coarse class from a lexicon instead:

- open classes (noun, verb, adjective, adverb) from WordNet's index in spaCy's own lookup
  tables (the spacy-lookups-data package), a word form mapped to its lemmas by the same
  suffix rules and exception lists spaCy's rule lemmatizer uses;
- closed classes (determiners, prepositions, conjunctions, auxiliaries, pronouns), the
  words abstracts use in one class only, and endings of unknown words: data/word_classes.yml;
- names by their shape: a capital or digit inside a word ("GPT-4o", "LLaMA-2-7B", "H2O").

A word the index gives several classes is settled by its neighbours ("a *set* of" is a
noun, "*sets* a new record" a verb). The class is stored where spaCy keeps it, Token.pos_,
by the registered component `claimbase_word_classes`; `noun_phrase_before` reads phrases
off the classes.
"""
from __future__ import annotations

import functools
from typing import Optional

import numpy
import regex
from spacy.attrs import ORTH, POS, SENT_START
from spacy.parts_of_speech import IDS as _POS_IDS
from spacy.language import Language
from spacy.tokens import Doc

from claimbase.engines.resources import load_yaml

WORD_CLASS_COMPONENT = "claimbase_word_classes"

OPEN_CLASSES = {"noun": "NOUN", "verb": "VERB", "adj": "ADJ", "adv": "ADV"}
_NUMBER = regex.compile(r"^[+\-−±~≈<>≤≥]?\$?[\d.,]*\d[\d.,]*(?:%|x|×|[kKMBTG])?$")
_PUNCT = regex.compile(r"^[\p{P}\p{S}]+$")
_NAME_SHAPE = regex.compile(r"\p{Lu}.*(?:\p{Lu}|\d)|\d.*\p{L}|\p{L}.*\d|^\p{Lu}{2,}")
_NUMBER_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                 "twenty", "thirty", "fifty", "hundred", "hundreds", "thousand", "thousands", "million", "millions",
                 "billion", "billions", "dozen", "dozens"}


class Lexicon:
    """Which classes a lowercase word may have, and which it has out of context."""

    def __init__(self):
        from spacy.lookups import load_lookups  # spacy-lookups-data's tables, read once per process

        tables = load_lookups("en", ["lemma_index", "lemma_exc", "lemma_rules"])
        index, exceptions, rules = (tables.get_table(name) for name in ("lemma_index", "lemma_exc", "lemma_rules"))
        self.index = {cls: frozenset(index[pos]) for pos, cls in OPEN_CLASSES.items()}
        self.exceptions = {cls: exceptions[pos] for pos, cls in OPEN_CLASSES.items()}
        self.rules = {cls: [tuple(rule) for rule in rules[pos]] for pos, cls in OPEN_CLASSES.items()}
        spec = load_yaml("word_classes.yml")
        self.closed = {word: cls for cls, words in spec["closed"].items() for word in words}
        self.preferred = {word: cls for cls, words in spec["preferred"].items() for word in words}
        self.endings = [(ending, cls) for cls, endings in spec["unknown_endings"].items() for ending in endings]
        self.not_system_heads = frozenset(spec["not_system_heads"])
        self.generic_heads = frozenset(spec["generic_heads"])
        self._possible: dict[str, tuple[str, ...]] = {}
        self.by_form: tuple[dict, dict] = ({}, {})  # ORTH -> (class, open question), inside and opening a sentence

    def possible(self, word: str) -> tuple[str, ...]:
        """The open classes WordNet gives this form ("sets": NOUN and VERB), in order noun, verb,
        adjective, adverb; empty for a word it does not know."""
        known = self._possible.get(word)
        if known is None:
            known = tuple(cls for cls in OPEN_CLASSES.values() if self._is(word, cls))
            self._possible[word] = known
        return known

    def _is(self, word: str, cls: str) -> bool:
        if word in self.index[cls] or word in self.exceptions[cls]:
            return True
        return any(word.endswith(old) and word[:len(word) - len(old)] + new in self.index[cls]
                   for old, new in self.rules[cls] if old)

    def unknown(self, word: str) -> str:
        for ending, cls in self.endings:
            if word.endswith(ending):
                return cls
        return "NOUN"


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon()


def lexical_class(text: str, lower: str, sentence_start: bool, lex: Lexicon) -> tuple[str, tuple[str, ...]]:
    """A token's class out of context, and the open classes still in question (more than one)."""
    if _PUNCT.match(text):
        return "PUNCT", ()
    if _NUMBER.match(text) or lower in _NUMBER_WORDS:
        return "NUM", ()
    if lower in lex.closed:
        return lex.closed[lower], ()
    if _NAME_SHAPE.search(text) or (text[0].isupper() and not sentence_start):
        return "PROPN", ()
    if lower in lex.preferred:
        return lex.preferred[lower], ()
    possible = lex.possible(lower)
    if not possible:
        return (lex.unknown(lower) if not text[0].isupper() else "PROPN"), ()
    return possible[0], possible if len(possible) > 1 else ()


def settle(previous: str, current: str, possible: tuple[str, ...], next_class: str, lower: str) -> str:
    """A word of several possible classes, by its neighbours."""
    if "VERB" in possible and previous in ("PRON", "AUX", "PART"):
        return "VERB"  # "we propose", "can reduce", "to improve"
    if "NOUN" in possible and previous in ("DET", "ADJ", "ADP", "NUM"):
        if "ADJ" in possible and next_class in ("NOUN", "PROPN"):
            return "ADJ"
        return "NOUN"  # "a set of", "with fewer steps"
    if "VERB" in possible and previous in ("NOUN", "PROPN") and lower.endswith(("s", "ed")) \
            and next_class not in ("VERB", "AUX"):
        return "VERB"  # "the model achieves", "accuracy improved"
    if "ADV" in possible and lower.endswith("ly"):
        return "ADV"
    if "ADJ" in possible and next_class in ("NOUN", "PROPN"):
        return "ADJ"
    return current


def tag(doc: Doc, start: int = 0, end: Optional[int] = None) -> None:
    """Token.pos_ for the tokens start..end of a Doc. Read and written as arrays (ORTH,
    SENT_START in; POS out) and remembered per word form: a Token object per token would cost
    more than the rest of extraction."""
    end = len(doc) if end is None else end
    if end <= start:
        return
    lex = lexicon()
    strings = doc.vocab.strings
    inside, opening = lex.by_form  # class of a word form inside a sentence, and opening one
    rows = doc[start:end].to_array([ORTH, SENT_START]).tolist()
    classes, questions = [], []
    for i, (orth, sent_start) in enumerate(rows):
        cache = opening if sent_start == 1 or i == 0 else inside
        known = cache.get(orth)
        if known is None:
            text = strings[orth]
            known = cache[orth] = lexical_class(text, text.lower(), cache is opening, lex)
        classes.append(known[0])
        if known[1]:
            questions.append((i, known[1]))
    last = len(classes) - 1
    for i, possible in questions:
        previous = classes[i - 1] if i else "PUNCT"
        following = classes[i + 1] if i < last else "PUNCT"
        classes[i] = settle(previous, classes[i], possible, following, strings[rows[i][0]].lower())
    pos = doc.to_array(POS)
    pos[start:end] = [_POS_IDS[c] for c in classes]
    doc.from_array([POS], pos.reshape(-1, 1))


class WordClasses:
    """The registered component. By default it classes the words of the sentences that hold a
    claim, the only ones attribution reads: classing every word would add a third to the time
    extraction takes. `everywhere` (config) classes every token, for other uses of the Doc."""

    def __init__(self, everywhere: bool):
        self.everywhere = everywhere

    def __call__(self, doc: Doc) -> Doc:
        if self.everywhere or doc._.sentence_claims is None:
            tag(doc)
            return doc
        for sentence in doc._.sentence_claims:
            if sentence.drafts:
                span = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
                if span is not None:
                    tag(doc, span.start, span.end)
        return doc


@Language.factory(WORD_CLASS_COMPONENT, default_config={"everywhere": False})
def make_word_classes(nlp: Language, name: str, everywhere: bool) -> WordClasses:
    return WordClasses(everywhere)


# Inside a noun phrase: nouns, names, describing words, numbers and the joins of a compound
# ("zero-shot", "7B-parameter"); a determiner may open it.
_PHRASE_CLASSES = {"NOUN", "PROPN", "ADJ", "NUM"}
_SKIPPED_BEFORE_VERB = {"ADV", "AUX", "PART"}  # "X consistently achieves", "X can reach", "X does not"
_JOINS = {"-", "/", "+", "'s"}


def noun_phrase_before(doc: Doc, token_index: int, sentence_start: int) -> Optional[tuple[int, int]]:
    """The noun phrase that ends right before token `token_index` (a verb), adverbs and
    auxiliaries between them skipped: (first token, end token), or None when a verb, a
    preposition or a clause boundary comes first. A bracketed abbreviation right before the
    verb ("isolated sign recognizer (ISR) reaches") belongs to the phrase."""
    i = token_index - 1
    while i >= sentence_start and doc[i].pos_ in _SKIPPED_BEFORE_VERB:
        i -= 1
    end = i + 1
    if i >= sentence_start + 2 and doc[i].text == ")" and doc[i - 2].text == "(":
        i -= 3  # "(ISR)"
    first = None
    while i >= sentence_start:
        token = doc[i]
        joined = token.text in _JOINS and i > sentence_start and not token.whitespace_ \
            and not doc[i - 1].whitespace_
        if token.pos_ in _PHRASE_CLASSES or joined:
            first = i
            i -= 1
            continue
        if token.pos_ == "DET" and first is not None:
            first = i
        break
    if first is None or doc[end - 1].pos_ not in ("NOUN", "PROPN", "NUM", "PUNCT"):
        return None
    return first, end
