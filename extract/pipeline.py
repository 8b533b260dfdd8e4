"""The extraction pipeline: one abstract in, validated claims and mentions out.

spaCy (a blank English pipeline with the rule-based sentencizer) splits sentences and
drives the PhraseMatchers; numbers and claims are read on the plain view of the text and
mapped back, so every evidence span is an exact substring of the abstract.
"""
from __future__ import annotations

from typing import Optional

import regex

from schema.models import Claim, Mention

from .attribution import attribute, is_bare_metric, system_name
from .claims import Draft, classify
from .entities import find_entities, models_from_size_claims
from .numbers import find_quantities
from .sentences import sentence_spans
from .textmap import PlainText
from .tokens import extraction_pipeline

_NOT_READ = object()


class Extractor:
    """Reusable: the process's spaCy pipeline (extract/tokens.py, built once) and the vocabularies."""

    def __init__(self):
        self.nlp = extraction_pipeline()  # the PhraseMatchers' own: its docs are read as they are

    def extract(self, abstract: str, title: Optional[str] = None) -> tuple[list[Claim], list[Mention]]:
        if not abstract or not abstract.strip():
            return [], []
        plain = PlainText(abstract)
        doc = self.nlp.make_doc(plain.text)  # tokens for the PhraseMatchers; sentences come from the text
        entities = find_entities(doc, plain.text)
        quantities = find_quantities(plain.text)
        system = _NOT_READ  # the paper's own system's name, read at its first draft claim: half the abstracts have none
        drafts: list[tuple[Draft, int, int]] = []
        for s_start, s_end in sentence_spans(plain.text):
            sentence = plain.text[s_start:s_end]
            in_sentence = []
            for q in quantities:
                if s_start <= q.start and q.end <= s_end:
                    draft = classify(sentence, q, s_start)
                    if draft:
                        if system is _NOT_READ:
                            system = system_name(title, plain.text)
                        attribute(draft, sentence, s_start, entities, system)
                        in_sentence.append(draft)
            _share_within_lists(in_sentence, plain.text)
            drafts.extend((d, s_start, s_end) for d in in_sentence)
        _carry_benchmarks(drafts, plain.text)
        _fill_metrics(drafts)
        drafts = _first_mentions(drafts)
        entities.extend(models_from_size_claims([d for d, _, _ in drafts], entities))
        claims = [c for c in (self._to_claim(d, a, b, plain) for d, a, b in drafts) if c]
        mentions = [self._to_mention(e, plain) for e in entities]
        return claims, mentions

    @staticmethod
    def _to_claim(draft: Draft, s_start: int, s_end: int, plain: PlainText) -> Optional[Claim]:
        q = draft.quantity
        start, end = plain.span(q.start, q.end)
        sent_start, sent_end = plain.span(s_start, s_end)
        original = plain.original
        claim = Claim(
            kind=draft.kind, text=original[start:end], value=q.value, value_high=q.value_high,
            baseline_value=q.baseline_value, qualifier=q.qualifier, unit=draft.unit,
            metric=draft.metric, benchmark=draft.benchmark, subject=draft.subject,
            baseline=draft.baseline, direction=draft.direction, start=start, end=end,
            sentence=original[sent_start:sent_end], sentence_start=sent_start,
            rule=draft.rule, confidence=draft.confidence)
        claim.check_against(original)
        return claim

    @staticmethod
    def _to_mention(found, plain: PlainText) -> Mention:
        start, end = plain.span(found.start, found.end)
        return Mention(label=found.label, text=plain.original[start:end], canonical=found.canonical,
                       start=start, end=end, rule=found.rule, params=found.params, family=found.family,
                       higher_is_better=found.higher_is_better)


# A gap with its own verb starts a new statement, not a continued list: "..., and X achieves 44%".
_NEW_CLAUSE = regex.compile(r"\b(?:achieves?|achieving|reach(?:es)?|reaching|obtains?|attains?|scores?|gets|yields?|"
                            r"delivers?|records?|sets|matches|is|are|was|were|has|have)\b", regex.I)
_LIST_GAP = regex.compile(r"^\s*(?:[,;/]\s*)?(?:and\s+|or\s+)?$")
_DEFAULT_RULES = {"score_percent"}
_LISTED_RULES = {"score_percent", "score_parenthesized"}  # a level read by default may continue a list of differences


_LIST_SEPARATOR = regex.compile(r",\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+")
_ABBREVIATION = regex.compile(r"\b(?:vs|e\.g|i\.e|al|cf|approx)\.")
_SENTENCE_BREAK = regex.compile(r"[.;]\s")


def _share_within_lists(drafts: list[Draft], text: str) -> None:
    """Numbers listed together share what one of them says.

    "1.9%, 1.3% and 3.6% higher accuracy": the cue after the last member makes all three
    deltas on accuracy; "by 0.8% and 2.1%": the cue before the first makes both deltas;
    "improvements of 7.4% in A, 12.5% in B": a member read by default follows the one before.
    """
    runs: list[list[Draft]] = []
    for draft in drafts:
        if runs and runs[-1][-1].unit == draft.unit and \
                _LIST_GAP.match(text[runs[-1][-1].quantity.end:draft.quantity.start]):
            runs[-1].append(draft)
        else:
            runs.append([draft])
    for run in runs:
        if len(run) < 2:
            continue
        decided = [d for d in run if d.rule not in _DEFAULT_RULES]
        kinds = {d.kind for d in decided}
        if len(kinds) == 1:
            kind = kinds.pop()
            for draft in run:
                if draft.rule in _DEFAULT_RULES:
                    draft.kind, draft.rule = kind, f"{kind}_list"
        first, last = run[0], run[-1]
        for draft in run[1:]:  # "up to 3.79x and 1.52x": the phrase before the first serves them all
            if draft.metric is None and first.metric and not draft.extras.get("metric_beside"):
                draft.metric = first.metric
        for draft in run[:-1]:
            if last.metric and (draft.metric is None or (last.extras.get("metric_beside")
                                                         and not draft.extras.get("metric_beside"))):
                draft.metric = last.metric  # "1.9%, 1.3% and 3.6% higher accuracy"
            if draft.kind in ("delta", "ratio") and last.direction and last.metric:
                draft.direction = last.direction
        for slot in ("baseline", "benchmark"):
            shared = next((getattr(d, slot) for d in run if getattr(d, slot)), None)
            if shared is None:
                continue
            parts = [p.strip() for p in _LIST_SEPARATOR.split(shared) if p.strip()]
            if len(parts) == len(run):
                for draft, part in zip(run, parts):
                    setattr(draft, slot, part)
            else:
                for draft in run:
                    setattr(draft, slot, getattr(draft, slot) or shared)
    for index, draft in enumerate(drafts):
        earlier = drafts[:index]
        same_unit = [d for d in earlier if d.unit == draft.unit]
        if draft.metric is None and same_unit and same_unit[-1].metric:
            draft.metric = same_unit[-1].metric  # "97.6% optimal rate ... the baseline (93.3%)"
        source = next((d for d in reversed(same_unit) if d.kind == "delta"), None)
        if draft.rule == "score_parenthesized" and earlier and earlier[-1].kind == "delta" \
                and len(text[earlier[-1].quantity.end:draft.quantity.start]) <= 3:
            source = earlier[-1]  # "by 1.14 points (6.7%)": the bracket restates the difference
        if draft.rule in _LISTED_RULES and source is not None:
            gap = text[source.quantity.end:draft.quantity.start]
            bare_gap = _ABBREVIATION.sub("", gap)
            if len(gap) < 140 and not _SENTENCE_BREAK.search(bare_gap) and not _NEW_CLAUSE.search(gap):
                draft.kind, draft.rule, draft.direction = "delta", "delta_list", source.direction
                draft.metric = draft.metric or source.metric
                draft.baseline = source.baseline or draft.baseline
                draft.subject = source.subject  # a continued difference is the same system's


_CONTINUES = regex.compile(r"\b(?:also|respectively|likewise|similarly)\b", regex.I)


def _carry_benchmarks(drafts: list[tuple[Draft, int, int]], text: str) -> None:
    """A sentence that names no benchmark continues the previous one's, when that one named exactly
    one, it says so ("also", "respectively", ...) and the numbers are of the same kind and unit
    ("X outperforms A by 28.4 points on GSM8k. X also outperforms B by 6.4 points.")."""
    by_sentence: dict[tuple[int, int], list[Draft]] = {}
    for draft, start, end in drafts:
        by_sentence.setdefault((start, end), []).append(draft)
    sentences = sorted(by_sentence)
    for previous, current in zip(sentences, sentences[1:]):
        before, now = by_sentence[previous], by_sentence[current]
        named = {d.benchmark for d in before if d.benchmark}
        if len(named) != 1 or any(d.benchmark for d in now) or not _CONTINUES.search(text, *current):
            continue
        shapes = {(d.kind, d.unit) for d in before if d.benchmark and d.kind in ("score", "delta")}
        for draft in now:
            if (draft.kind, draft.unit) in shapes:
                draft.benchmark = next(iter(named))


def _fill_metrics(drafts: list[tuple[Draft, int, int]]) -> None:
    """Differences that name no metric (or only "improvement") measure the one metric the
    abstract's other differences name, when there is exactly one ("... 29.2% improvement on
    GSM8K ... improves the performance of GSM8K by 0.4 pp")."""
    deltas = [d for d, _, _ in drafts if d.kind == "delta"]
    named = {d.metric for d in deltas if d.metric and not is_bare_metric(d.metric)}
    if not named:
        return
    metric = max(named, key=len)  # "test accuracy" and "gsm8k test accuracy" name one metric
    if any(other not in metric for other in named):
        return
    for draft in deltas:
        if draft.metric is None or is_bare_metric(draft.metric):
            draft.metric = metric


def _first_mentions(drafts: list[tuple[Draft, int, int]]) -> list[tuple[Draft, int, int]]:
    """The same size, count or factor stated again in a later sentence is one claim: the first."""
    seen: dict[tuple, int] = {}
    out = []
    for draft, start, end in drafts:
        q = draft.quantity
        key = (draft.kind, round(q.value, 6), q.value_high, draft.unit, q.qualifier)
        if draft.kind in ("model_size", "quantity", "ratio") and key in seen and seen[key] != start:
            continue
        seen.setdefault(key, start)
        out.append((draft, start, end))
    return out
