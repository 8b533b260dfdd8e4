"""What the extraction components write onto a spaCy Doc, declared in one place.

Each stage reads what the stages before it wrote and adds its own, all in the Doc's
coordinates (character offsets of `doc.text`, the plain view of the abstract). They are kept
in one object, `doc._.claimbase` (an `Extraction`), which a component fetches once: each
`doc._` lookup builds a spaCy Underscore object, and three dozen of them per abstract cost a
tenth of extraction time. Each field is also a read-only Doc extension of its own name, for
spaCy users (`doc._.quantities`):

- `doc._.text`        the Doc's text, kept: `doc.text` joins it again from the tokens at every call
- `doc._.plain`       the PlainText whose `.text` is the Doc's text (maps offsets back to the abstract)
- `doc._.title`       the paper's title, which names its system more often than the abstract does
- `doc._.learned`     benchmark names the knowledge base learned (an Aho-Corasick automaton), or None
- `doc._.sentences`   (start, end) of each sentence (claimbase_sentences)
- `doc._.quantities`  every number, range and list, in order (claimbase_numbers)
- `doc._.entities`    benchmark, metric and model mentions (claimbase_entities)
- `doc._.sentence_claims`  per sentence, its draft claims and the numbers no rule read (claimbase_claims)
- `doc._.system`      the paper's own system's name, and `doc._.resource`: whether it is a benchmark it introduces
- `doc._.definitions` the abbreviations the abstract defines ("Sparse Routing Attention (SRA)")
- `doc._.drafts`      the claims, attributed and settled across sentences (claimbase_attribution, claimbase_lists)
- `doc.spans["claims"]`: the claims as spans labelled with their kind, `span._.draft` the claim,
  for spaCy users (displaCy, Span queries). Numbers and mentions stay lists: spans of them
  would cost a tenth of extraction time and nothing here reads them.
- `Token.pos_`: the word class of each token of a sentence with a claim (claimbase_word_classes)
"""
from __future__ import annotations

import functools

from spacy.tokens import Doc, Span

DOC_FIELDS = ("text", "plain", "title", "learned", "sentences", "quantities", "entities", "sentence_claims", "system",
              "resource", "definitions", "drafts")
SPAN_FIELDS = ("draft",)


class Extraction:
    """The extraction stages' results for one Doc."""

    __slots__ = DOC_FIELDS

    def __init__(self, **fields):
        for name in DOC_FIELDS:
            setattr(self, name, fields.get(name))


def _field(name: str, doc: Doc):
    state = doc._.claimbase
    return getattr(state, name) if state is not None else None


if not Doc.has_extension("claimbase"):
    Doc.set_extension("claimbase", default=None)
for _name in DOC_FIELDS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, getter=functools.partial(_field, _name))
for _name in SPAN_FIELDS:
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


def state_of(doc: Doc) -> Extraction:
    """The Doc's Extraction, made (with the Doc's text, joined from its tokens once) for a Doc
    that did not come from the Extractor."""
    state = doc._.claimbase
    if state is None:
        state = doc._.claimbase = Extraction(text=doc.text)
    return state


def as_spans(doc: Doc, items, label_of, field: str) -> list[Span]:
    """Spans over whole tokens covering each item's characters, with the item itself attached."""
    spans = []
    for item in items:
        where = getattr(item, "quantity", item)  # a draft claim's characters are its number's
        span = doc.char_span(where.start, where.end, label=label_of(item), alignment_mode="expand")
        if span is not None:
            span._.set(field, item)
            spans.append(span)
    return spans
