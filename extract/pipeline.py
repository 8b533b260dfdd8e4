"""The extraction pipeline: abstracts in, validated claims and mentions out.

Extraction is a spaCy pipeline (extract/stages/tokens.py assembles it): blank English with
one registered component per stage — sentences, word classes, numbers, entities, claims,
attribution, lists — each in its own module of extract/stages/, each writing its results on
the Doc (extract/stages/doc_fields.py). The Doc's text is the plain view of the abstract
(LaTeX and Unicode rewritten, extract/stages/textmap.py); this module prepares that Doc,
runs the pipeline (`nlp.pipe` over batches) and is the one place that turns a Doc into
records, mapping every span back so that each evidence span is an exact substring of the
abstract.
"""
from __future__ import annotations

import math

import regex
from typing import Iterable, Iterator, Optional

from spacy.tokens import Doc

from claimbase.schema.models import Claim, Mention
from claimbase.stages.claims import Draft
from claimbase.stages.doc_fields import Extraction
from claimbase.stages.textmap import PlainText
from claimbase.stages.tokens import extraction_pipeline

BATCH = 64  # abstracts per nlp.pipe batch


class Extractor:
    """Reusable: the process's spaCy pipeline (built once) and its vocabularies."""

    def __init__(self, learned_benchmarks=None):
        self.nlp = extraction_pipeline()
        self.learned = learned_benchmarks  # names the knowledge base learned (extract/storage/knowledge_base.py)

    def extract(self, abstract: str, title: Optional[str] = None) -> tuple[list[Claim], list[Mention]]:
        if not abstract or not abstract.strip():
            return [], []
        return records(self.nlp(self.doc(abstract, title)))

    def extract_many(self, papers: Iterable[tuple[str, Optional[str]]]) -> Iterator[tuple[list[Claim], list[Mention]]]:
        """(claims, mentions) of each (abstract, title), in order, through `nlp.pipe`."""
        papers = list(papers)
        docs = self.nlp.pipe((self.doc(a, t) for a, t in papers if a and a.strip()), batch_size=BATCH)
        for abstract, _ in papers:
            yield records(next(docs)) if abstract and abstract.strip() else ([], [])

    def doc(self, abstract: str, title: Optional[str]) -> Doc:
        """The Doc of an abstract's plain view, not yet through the components."""
        plain = PlainText(abstract)
        doc = self.nlp.make_doc(plain.text)
        doc._.claimbase = Extraction(text=plain.text, plain=plain, title=title, learned=self.learned)
        return doc


def records(doc: Doc) -> tuple[list[Claim], list[Mention]]:
    """The stored claims and mentions of a Doc that went through the pipeline."""
    state = doc._.claimbase
    plain = state.plain
    claims = [c for c in (_to_claim(d, a, b, plain) for d, a, b in state.drafts) if c]
    return claims, [_to_mention(e, plain) for e in state.entities]


def _to_claim(draft: Draft, s_start: int, s_end: int, plain: PlainText) -> Optional[Claim]:
    """The stored claim, or None for a number too large to be one (it reads as infinity)."""
    q = draft.quantity
    if not all(math.isfinite(v) for v in (q.value, q.value_high, q.baseline_value) if v is not None):
        return None
    start, end = plain.span(q.start, q.end)
    sent_start, sent_end = plain.span(s_start, s_end)
    # each span is widened on its own (whole LaTeX sequences, balanced "$"): the sentence
    # is widened to hold its claim, so that the evidence is always inside its sentence
    sent_start, sent_end = min(sent_start, start), max(sent_end, end)
    original = plain.original
    claim = Claim(
        kind=draft.kind, text=original[start:end], value=q.value, value_high=q.value_high,
        baseline_value=q.baseline_value, qualifier=q.qualifier, unit=draft.unit,
        metric=draft.metric, benchmark=draft.benchmark, subject=draft.subject,
        baseline=draft.baseline, direction=draft.direction, start=start, end=end,
        sentence=original[sent_start:sent_end], sentence_start=sent_start,
        rule=draft.rule, confidence=draft.confidence,
        printed=_printed(plain.text[q.start:q.end], q.value, plain.text[q.number_start:q.number_end]),
        printed_high=_printed(plain.text[q.start:q.end], q.value_high) if q.value_high is not None else None)
    claim.check_against(original)
    return claim


_DIGITS = regex.compile(r"[0-9][0-9.,]*")


_NUMERAL = regex.compile(r"[0-9.,]+")


def _printed(text: str, value: float, first: str = "") -> Optional[str]:
    """The value as the claim prints it ("52.0", "1,024"): its first number when that reads as
    the value, else the number in its text that does; None when none does (a word, a scale)."""
    for candidate in ([first] if first else []) + _DIGITS.findall(text):
        digits = candidate.rstrip(".,")
        try:
            if _NUMERAL.fullmatch(digits) and abs(float(digits.replace(",", "")) - value) < 1e-9 * max(1, abs(value)):
                return digits
        except ValueError:
            continue
    return None


def _to_mention(found, plain: PlainText) -> Mention:
    start, end = plain.span(found.start, found.end)
    params = found.params if found.params is None or math.isfinite(found.params) else None  # too many digits
    return Mention(label=found.label, text=plain.original[start:end], canonical=found.canonical,
                   start=start, end=end, rule=found.rule, params=params, family=found.family,
                   higher_is_better=found.higher_is_better)
