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

import bisect
import functools
from dataclasses import dataclass
from typing import Optional

import numpy
import regex
from spacy.attrs import IDX, ORTH, POS
from spacy.parts_of_speech import IDS as _POS_IDS
from spacy.language import Language
from spacy.tokens import Doc

from claimbase.engines.resources import load_yaml
from claimbase.stages.doc_fields import state_of

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
        self.compared_heads = frozenset(spec["compared_heads"])
        self.own_determiners = frozenset(spec["own_determiners"])
        self.own_adjectives = frozenset(spec["own_adjectives"])
        self.property_heads = frozenset(spec["property_heads"])
        self.reporting_verbs = frozenset(spec["reporting_verbs"])
        self._possible: dict[str, tuple[str, ...]] = {}
        self.out_of_context: dict[tuple[str, bool], tuple[str, tuple[str, ...]]] = {}
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
    """A token's class out of context, and the open classes still in question (more than one);
    remembered per written form."""
    key = (text, sentence_start)
    known = lex.out_of_context.get(key)
    if known is None:
        known = lex.out_of_context[key] = _lexical_class(text, lower, sentence_start, lex)
    return known


def _lexical_class(text: str, lower: str, sentence_start: bool, lex: Lexicon) -> tuple[str, tuple[str, ...]]:
    if _PUNCT.match(text):
        return "PUNCT", ()
    if _NUMBER.match(text) or lower in _NUMBER_WORDS:
        return "NUM", ()
    if lower in lex.closed:
        return lex.closed[lower], ()
    if _NAME_SHAPE.search(text) or (text[0].isupper() and not sentence_start):
        return "PROPN", ()
    if lower in lex.preferred:  # its usual class; a noun reading still wins before "of" or after "a"
        preferred = lex.preferred[lower]
        return preferred, (("NOUN",) if preferred != "NOUN" and "NOUN" in lex.possible(lower) else ())
    possible = lex.possible(lower)
    if not possible:
        return (lex.unknown(lower) if not text[0].isupper() else "PROPN"), ()
    return possible[0], possible if len(possible) > 1 else ()


_PLURAL = regex.compile(r"[^su]s$")  # "models", "baselines"; not "class", "corpus"
_AFTER_A_VERB = frozenset({"NUM", "ADP", "DET", "PROPN", "ADV", "ADJ", "PRON"})  # what follows a verb, not a compound's noun


def settle(previous: str, current: str, possible: tuple[str, ...], next_class: str, lower: str,
           next_lower: str = "", previous_lower: str = "") -> str:
    """A word of several possible classes, by its neighbours."""
    if "NOUN" in possible and next_lower == "of":
        return "NOUN"  # "F1 scores of 0.8", "results of"
    if possible == ("NOUN",):  # a word used in another class but after a determiner or before a verb
        return "NOUN" if previous in ("DET", "ADJ") or (current == "ADJ" and next_class in ("AUX", "VERB")) else current
    if "VERB" in possible and previous in ("PRON", "AUX", "PART"):
        return "VERB"  # "we propose", "can reduce", "to improve"
    if "NOUN" in possible and previous in ("DET", "ADJ", "ADP", "NUM"):
        if "ADJ" in possible and next_class in ("NOUN", "PROPN"):
            return "ADJ"
        return "NOUN"  # "a set of", "with fewer steps"
    if "VERB" in possible and previous in ("NOUN", "PROPN") and lower.endswith(("s", "ed")) \
            and next_class not in ("VERB", "AUX"):
        return "VERB"  # "the model achieves", "accuracy improved"
    if "VERB" in possible and previous == "NOUN" and _PLURAL.search(previous_lower) and not lower.endswith("s") \
            and next_class in _AFTER_A_VERB:
        return "VERB"  # "small models reach 81.2%", "baselines remain below 65%": a plural, then its verb
    if "ADV" in possible and lower.endswith("ly"):
        return "ADV"
    if "ADJ" in possible and next_class in ("NOUN", "PROPN"):
        return "ADJ"
    return current


def tag(doc: Doc, ranges: Optional[list[tuple[int, int]]] = None) -> None:
    """Token.pos_ for the tokens of a Doc's sentences (token ranges; the whole Doc is one by
    default). Read and written as arrays (ORTH in, POS out) and remembered per word form: a
    Token object per token would cost more than the rest of extraction."""
    if not len(doc):
        return
    ranges = [(0, len(doc))] if ranges is None else ranges
    lex = lexicon()
    strings = doc.vocab.strings
    inside, opening = lex.by_form  # class of a word form inside a sentence, and opening one
    table = doc.to_array(ORTH)
    pos = doc.to_array(POS)
    for start, end in ranges:
        rows = dict(zip(range(start, min(end + 1, len(doc))), table[start:end + 1].tolist()))  # and the next token
        classes, questions = [], []
        for i in range(start, end):
            orth = rows[i]
            cache = opening if i == start else inside  # each range is a sentence
            known = cache.get(orth)
            if known is None:
                text = strings[orth]
                known = cache[orth] = lexical_class(text, text.lower(), cache is opening, lex)
            classes.append(known[0])
            if known[1]:
                questions.append((i - start, known[1]))
        last = len(classes) - 1
        after = "PUNCT"  # the class of the token after the range (a sentence is often classed up to its number)
        if questions and start + last + 1 in rows:
            text = strings[rows[start + last + 1]]
            after = lexical_class(text, text.lower(), False, lex)[0]
        for k, possible in questions:
            previous = classes[k - 1] if k else "PUNCT"
            following = classes[k + 1] if k < last else after
            next_lower = strings[rows[start + k + 1]].lower() if k < last else ""
            previous_lower = strings[rows[start + k - 1]].lower() if k else ""
            classes[k] = settle(previous, classes[k], possible, following, strings[rows[start + k]].lower(),
                                next_lower, previous_lower)
        pos[start:end] = [_POS_IDS[c] for c in classes]
    doc.from_array([POS], pos.reshape(-1, 1))


class WordClasses:
    """The registered component. By default it classes the words of the sentences that hold a
    claim, up to the last claim's number: the only words attribution reads. Classing every
    word would add a third to the time extraction takes. `everywhere` (config) classes every
    token, for other uses of the Doc."""

    def __init__(self, everywhere: bool):
        self.everywhere = everywhere

    def __call__(self, doc: Doc) -> Doc:
        fields = state_of(doc)
        if self.everywhere or fields.sentence_claims is None:
            spans = fields.sentences or [(0, len(fields.text))]
        else:
            # a sentence up to its last claim's number: the phrases attribution reads come before it
            spans = [(s.start, max(r.quantity.start for r in s.read if r.draft))
                     for s in fields.sentence_claims if any(r.draft for r in s.read)]
        if spans:
            offsets = doc.to_array(IDX)
            ranges = []
            for start, end in spans:  # the tokens of each sentence, found by their offsets
                first = int(numpy.searchsorted(offsets, start, side="right")) - 1
                last = int(numpy.searchsorted(offsets, end, side="left"))
                ranges.append((max(0, first), max(first + 1, last)))
            tag(doc, ranges)
        return doc


@Language.factory(WORD_CLASS_COMPONENT, default_config={"everywhere": False})
def make_word_classes(nlp: Language, name: str, everywhere: bool) -> WordClasses:
    return WordClasses(everywhere)


# Inside a noun phrase: nouns, names, describing words, numbers and the joins of a compound
# ("zero-shot", "7B-parameter"); a determiner may open it.
_PHRASE_CLASSES = {"NOUN", "PROPN", "ADJ", "NUM"}
_SKIPPED_BEFORE_VERB = {"ADV", "AUX", "PART"}  # "X consistently achieves", "X can reach", "X does not"
_JOINS = {"-", "/", "+", "'s"}
_NOT_OPENING = {"that", "which", "such", "what", "whose"}  # "reveal that zero-shot VLMs achieve": a clause opens


def noun_phrase_before(doc: Doc, token_index: int, sentence_start: int) -> Optional[tuple[int, int]]:
    """The noun phrase that ends right before token `token_index` (a verb), adverbs and
    auxiliaries between them skipped: (first token, end token), or None when a verb, a
    preposition or a clause boundary comes first. A bracketed abbreviation right before the
    verb ("isolated sign recognizer (ISR) reaches") belongs to the phrase."""
    i = token_index - 1
    while i >= sentence_start and doc[i].pos_ in _SKIPPED_BEFORE_VERB:
        i -= 1
    end = i + 1
    gerund = i > sentence_start and doc[i].pos_ == "VERB" and doc[i].lower_.endswith("ing") \
        and doc[i - 1].pos_ in ("NOUN", "PROPN", "ADJ")  # "non-fabrication checking achieves": a thing named
    if i >= sentence_start + 2 and doc[i].text == ")":  # "(ISR)", "(Gemini-3.1-Pro)"
        opening = next((k for k in range(i - 1, max(sentence_start, i - 8) - 1, -1) if doc[k].text in "()"), None)
        if opening is not None and doc[opening].text == "(" and opening > sentence_start:
            i = opening - 1
    first = None
    while i >= sentence_start:
        token = doc[i]
        joined = token.text in _JOINS and i > sentence_start and not token.whitespace_ \
            and not doc[i - 1].whitespace_
        compound_tail = first is not None and i > sentence_start and doc[i - 1].text == "-" \
            and not doc[i - 1].whitespace_  # "instruction-tuned LLMs": "tuned" ends a compound
        compound_head = first == i + 1 and doc[first].text in _JOINS and not token.whitespace_  # "non-", "inter-"
        if token.pos_ in _PHRASE_CLASSES or joined or compound_tail or compound_head or (gerund and i == end - 1):
            first = i
            i -= 1
            continue
        if token.pos_ == "DET" and first is not None and token.lower_ not in _NOT_OPENING:
            first = i
        break
    if first is None or (doc[end - 1].pos_ not in ("NOUN", "PROPN", "NUM", "PUNCT") and not gerund):
        return None
    return first, end


@dataclass
class Subject:
    """A phrase that claims a number, where it starts, and whether it stands for a system
    named elsewhere (the paper's own, "the model")."""

    text: str
    start: int
    own: bool = False


def _bracketed_name(words: list) -> Optional[list]:
    """The name in brackets at the end of a phrase with a common head: "the strongest model
    (Gemini-3.1-Pro)" gives Gemini-3.1-Pro; "isolated sign recognizer (ISR)" is a name already."""
    if len(words) < 4 or words[-1].text != ")":
        return None
    opening = next((k for k in range(len(words) - 2, -1, -1) if words[k].text == "("), None)
    if opening is None or opening == 0:
        return None
    inside, outside = words[opening + 1:-1], words[:opening]
    if any(w.pos_ == "PROPN" for w in outside) or not any(w.pos_ == "PROPN" for w in inside):
        return None
    return inside


class Phrases:
    """Noun phrases of a tagged Doc, asked for by character offset (attribution reads text)."""

    def __init__(self, doc: Doc, claim_verbs: frozenset):
        self.doc = doc
        self.claim_verbs = claim_verbs
        self._starts = None
        self._words = None

    def _classed_words(self) -> tuple[list[str], list[str], list[str]]:
        """Every token's text, lowercase form and class, read off the Doc once: the walk back from
        each number to its verb reads them token by token, and a Token object is made per read."""
        if self._words is None:
            tokens = list(self.doc)
            self._words = ([t.text for t in tokens], [t.lower_ for t in tokens], [t.pos_ for t in tokens])
        return self._words

    def _token_at(self, char: int) -> int:
        """The index of the token that holds (or follows) character `char`."""
        if self._starts is None:
            self._starts = self.doc.to_array(IDX).tolist()
        return bisect.bisect_right(self._starts, char) - 1

    def is_verb_at(self, char: int) -> bool:
        """Whether the word at character `char` is used as a verb (or is not classed)."""
        return self._classed_words()[2][self._token_at(char)] in ("VERB", "AUX", "")

    def subject_before(self, number_start: int, clause_start: int, any_verb: bool = False) -> Optional[Subject]:
        """The noun phrase before the verb nearest before a number, within its clause ("the
        fusion algorithm reduced error by 70%": "the fusion algorithm"): a claim verb, or with
        `any_verb` any verb ("the strongest model (Gemini-3.1-Pro) identifies only 58.7%").
        None when no such verb comes first or the phrase names nothing that claims ("results
        show", "adding X improves"); a Subject marked `own` when the phrase is the paper's own
        system or one the sentences before name ("our approach", "the model")."""
        doc = self.doc
        lex = lexicon()
        i = self._token_at(number_start) - 1
        # a subject stands within a clause's reach of its number: a sentence of thousands of numbers
        # would otherwise have every number walk back to the sentence's start
        first_token = max(0, self._token_at(clause_start), i - SUBJECT_REACH)
        joined = False  # after "and": the verb it joins is finite ("uses X to process Y and provides 99%")
        texts, lowers, classes = self._classed_words()
        while i >= first_token:
            if texts[i] in (";", ":") or classes[i] == "SCONJ":
                return None
            if classes[i] == "VERB" and (any_verb or lowers[i] in self.claim_verbs) \
                    and not (joined and i > first_token and lowers[i - 1] == "to"):
                shared = self._coordinated_verb(i, first_token)
                if shared is None:
                    break
                i, joined = shared, True  # "X identifies 58.7% of tools and completes 21.0%": X does both
                continue
            i -= 1
        else:
            return None
        antecedent = self._antecedent_comma(i, first_token)
        relative = antecedent != i  # the phrase a relative clause is about may be another verb's object
        i = antecedent
        found = noun_phrase_before(doc, i, first_token)
        if found is None:
            return None
        first, end = self._with_attachments(found[0], end=found[1], clause_start=first_token)
        before = doc[first - 1] if first > first_token else None
        if before is not None and (before.pos_ == "NUM" or before.text in ("+", "%")):
            return None  # "150+ socioeconomic variables": things counted, not a system
        if before is not None and not relative and ((before.pos_ == "VERB" and before.lower_ not in lex.reporting_verbs)
                                                    or (before.pos_ in ("ADP", "PART")
                                                        and not (before.lower_ == "with" and doc[i].lower_.endswith("ing")))):
            return None  # "adding X improves", "applied to X can reach": X is an object, not who claims
        words = list(doc[first:end])
        named = _bracketed_name(words)
        if named is not None:
            return Subject(doc[named[0].i:named[-1].i + 1].text, named[0].idx)  # "the strongest model (Gemini-3.1-Pro)"
        has_name = any(w.pos_ == "PROPN" for w in words)
        if not has_name and (words[0].lower_ in lex.own_determiners or (
                len(words) > 1 and words[0].pos_ == "DET" and words[1].lower_ in lex.own_adjectives)):
            return Subject("", words[0].idx, own=True)  # "our approach", "the proposed framework"
        while words and words[0].pos_ == "DET" and words[0].lower_ in ("the", "a", "an", "our", "their", "its"):
            words = words[1:]
        if not words or words[0].pos_ == "NUM":
            return None  # "100 human demonstrations": a count, not a system
        head = words[-1].lower_ if words[-1].text != ")" else words[0].lower_
        attached = next((k for k, w in enumerate(words) if w.pos_ == "ADP" and w.lower_ != "of"), 0)  # "accuracy of X": X's
        if head in lex.not_system_heads or (attached and words[attached - 1].lower_ in lex.not_system_heads):
            return None  # "our results", "the experiments", "experiments on Argoverse 2 and nuScenes"
        if head in lex.compared_heads and not (words[0].i > 0 and doc[words[0].i - 1].text == ")"):
            return Subject(doc[words[0].i:words[-1].i + 1].text, words[0].idx)  # "while the baseline collapses to 0.0%"
        if len(words) == 1 and head in lex.generic_heads:
            return Subject("", words[0].idx, own=True)  # "the model": which one, the sentences before say
        if head in lex.generic_heads and all(w.pos_ == "ADJ" for w in words[:-1]):
            return None  # "the strongest model", "larger models": a description, not a name
        return Subject(doc[words[0].i:words[-1].i + 1].text, words[0].idx)

    def _coordinated_verb(self, verb: int, first_token: int) -> Optional[int]:
        """Where to look for the subject of a verb joined by "and" to an earlier one in its
        clause (the token before "and"), or None when the verb has a subject of its own."""
        doc = self.doc
        i = verb - 1
        while i > first_token and doc[i].pos_ in _SKIPPED_BEFORE_VERB:
            i -= 1
        if i > first_token and doc[i].lower_ == "and" and doc[i - 1].pos_ != "PUNCT" or (
                i - 1 > first_token and doc[i].lower_ == "and" and doc[i - 1].text == ","
                and doc[i - 2].pos_ != "PROPN"):
            return i - 1
        return None

    def _antecedent_comma(self, verb: int, first_token: int) -> int:
        """Where the subject of a verb ends: before the verb, or, for a relative clause opened
        by ", which" or ", who" ("LSTMs, which maintain 86.7% accuracy"; "the Meditron3-8B
        LLM, which scored 43%"), before the comma: the phrase the clause is about."""
        doc = self.doc
        i = verb - 1
        while i > first_token and doc[i].pos_ in _SKIPPED_BEFORE_VERB:
            i -= 1
        if i - 1 > first_token and doc[i].lower_ in _RELATIVE_PRONOUNS and doc[i - 1].text == ",":
            return i - 1
        return verb

    def phrase_before_bracket(self, number_start: int, clause_start: int) -> Optional[str]:
        """The noun phrase a bracket opened right before a number belongs to: "twelve
        instruction-tuned LLMs (4B to 671B parameters)", "a small detector (0.6B)",
        "RTMPose-M (13.6M)"; determiners and counts before it left out."""
        return self._phrase_before(number_start, clause_start, "(")

    def phrase_given_with(self, number_start: int, clause_start: int) -> Optional[str]:
        """The noun phrase a size is given with: "a lightweight visual encoder with fewer than 100M
        parameters"; not a kind ("LLMs with fewer than a billion parameters", "models with more
        than 10 billion parameters" are no one model), nor the paper's own ("our approach")."""
        return self._phrase_before(number_start, clause_start, "with")

    def _phrase_before(self, number_start: int, clause_start: int, opener: str) -> Optional[str]:
        """The noun phrase before `opener`, the word right before a number."""
        doc = self.doc
        i = self._token_at(number_start)
        first_token = max(0, self._token_at(clause_start))
        if i - 1 <= first_token or doc[i - 1].lower_ != opener:
            return None
        found = noun_phrase_before(doc, i - 1, first_token)
        if found is None:
            return None
        words = [w for w in doc[found[0]:found[1]]]
        if words and words[-1].lower_ in lexicon().property_heads and found[0] - 1 > first_token \
                and doc[found[0] - 1].lower_ == "of":
            owner = noun_phrase_before(doc, found[0] - 1, first_token)  # "models of various sizes (0.5B-32B)":
            if owner is not None:  # the sizes are the models'
                words = [w for w in doc[owner[0]:owner[1]]]
        if opener == "with" and words and (words[0].lower_ in lexicon().own_determiners or (
                found[0] > first_token and doc[found[0] - 1].pos_ in ("ADP", "ADV", "AUX"))):
            return None  # "our approach with 7B": the paper's own; "models for reasoning with", "is highly performant with"
        while words and (words[0].pos_ in ("DET", "NUM")):
            words = words[1:]
        if not words or words[-1].pos_ not in ("NOUN", "PROPN") or words[-1].lower_ in lexicon().not_system_heads:
            return None
        if opener == "with" and ((len(words) == 1 and words[0].lower_ in lexicon().generic_heads)
                                 or _PLURAL_HEAD.search(words[-1].text) or any(w.pos_ == "VERB" for w in words)):
            return None  # a kind ("LLMs with fewer than a billion parameters"), not one model
        return doc[words[0].i:words[-1].i + 1].text

    def name_before_number(self, number_start: int) -> Optional[Subject]:
        """A name listed right before its number: "ResNet50 attaining 98.61%, CNN 97.91%, and
        ViT 93.75%" gives CNN and ViT their numbers."""
        i = self._token_at(number_start) - 1
        if i < 1:
            return None
        name, before = self.doc[i], self.doc[i - 1]
        if name.pos_ == "PROPN" and name.whitespace_ and (before.text == "," or before.lower_ == "and"):
            return Subject(name.text, name.idx)
        return None

    def _with_attachments(self, first: int, end: int, clause_start: int) -> tuple[int, int]:
        """A phrase with the phrases it is attached to by of/in/with/for: "top SLMs in the
        20-32B range", "adapter distillation with a frozen encoder-decoder"."""
        doc = self.doc
        while first - 1 > clause_start:
            joined = doc[first - 1].lower_ in ("and", "or")
            if not (joined or doc[first - 1].lower_ in _ATTACHING):
                break
            found = noun_phrase_before(doc, first - 1, clause_start)
            if found is None or (joined and not (found[0] - 1 > clause_start
                                                 and doc[found[0] - 1].lower_ in _ATTACHING)):
                break  # "A and B" joins only inside an attached phrase: "fusion of head pose and facial features"
            first = found[0]
        return first, end


_PLURAL_HEAD = regex.compile(r"[^s]s$")  # "LLMs", "models", "networks" (not "loss")
SUBJECT_REACH = 120  # tokens before a number that may hold its verb and subject
_ATTACHING = {"of", "in", "with", "for", "from", "on"}
_RELATIVE_PRONOUNS = {"which", "who"}


def opens_with_preposition(phrase: str) -> bool:
    words = phrase.split()
    return bool(words) and lexicon().closed.get(words[0].lower()) in ("ADP", "CCONJ", "SCONJ")


def noun_phrase_of(phrase: str) -> Optional[str]:
    """A phrase read off a sentence (a metric, a baseline) as a noun phrase: trailing adverbs
    cut ("performance considerably" -> "performance"), or None when it is no noun phrase:
    opened by a preposition, conjunction or pronoun ("upon BiomedCLIP"), holding a word that
    can only be a verb where a participle cannot stand ("demonstrating average", "demonstrate
    the strong capability"), or without a word that can be a noun or a name. Words are
    classed out of context, so a word that can be a noun ("match", "drop") is let through, as
    is a hyphenated compound ("per-token", "on-chip")."""
    lex = lexicon()
    words = phrase.split()
    classes = []
    for word in words:
        core = word.strip(",;:()[]\"'")
        if not core or "-" in core.strip("-") or _NAME_SHAPE.search(core):
            classes.append(("NOUN", ("NOUN",)))  # a compound or a name
            continue
        cls, possible = lexical_class(core, core.lower(), False, lex)
        classes.append((cls, possible or (cls,)))
    def gerund_head(k: int) -> bool:  # "non-fabrication checking": the last word, after a noun, names a thing
        return k == len(classes) - 1 and k > 0 and words[k].lower().endswith("ing") \
            and classes[k - 1][0] in ("NOUN", "PROPN", "ADJ")

    for k, (cls, possible) in enumerate(classes):
        if k and (cls == "SCONJ" or (cls == "VERB" and "NOUN" not in possible and "ADJ" not in possible
                                     and words[k].lower().endswith("ing") and not gerund_head(k))):
            del classes[k:], words[k:]  # "traditional MTL fine-tuning whilst improving ...": the clause ends
            break
    while classes and classes[-1][0] == "ADV" and "NOUN" not in classes[-1][1] and "ADJ" not in classes[-1][1]:
        classes.pop()
        words.pop()
    while len(classes) > 1 and classes[0][0] == "ADV" and "NOUN" not in classes[0][1] and "ADJ" not in classes[0][1] \
            and classes[1][0] in ("ADJ", "NOUN", "PROPN"):
        del classes[0], words[0]  # "significantly higher accuracy": the adverb describes the describing word
    if not classes or classes[0][0] in ("ADP", "CCONJ", "SCONJ", "PRON", "AUX", "PART", "PUNCT"):
        return None
    for k, (cls, possible) in enumerate(classes):
        if cls == "ADV" and "NOUN" not in possible and "ADJ" not in possible:
            return None
        if cls == "VERB" and "NOUN" not in possible and "ADJ" not in possible:
            participle = words[k].lower().endswith(("ed", "en")) and k + 1 < len(classes) \
                and classes[k + 1][0] in ("NOUN", "PROPN", "ADJ")
            if not participle and not gerund_head(k):
                return None  # "generated tokens" is a noun phrase, "demonstrating average" is not
    if not any(cls in ("NOUN", "PROPN", "NUM") or "NOUN" in possible for cls, possible in classes):
        return None
    return " ".join(words)
