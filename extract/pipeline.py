"""The extraction pipeline: one abstract in, validated claims and mentions out.

spaCy (a blank English pipeline with the rule-based sentencizer) splits sentences and
drives the PhraseMatchers; numbers and claims are read on the plain view of the text and
mapped back, so every evidence span is an exact substring of the abstract.
"""
from __future__ import annotations

import bisect
import math
from typing import Optional

import regex

from claimbase.schema.models import Claim, Mention

from claimbase.stages.attribution import attribute, is_bare_metric, names_a_resource, system_name
from claimbase.stages.claims import Draft, classify, listed_score
from claimbase.stages.entities import find_entities, models_from_size_claims
from claimbase.stages.numbers import find_quantities
from claimbase.stages.sentences import sentence_spans
from claimbase.stages.textmap import PlainText
from claimbase.stages.tokens import extraction_pipeline

_NOT_READ = object()

# How far either side of a number its rules read (characters). A sentence is the context of
# its numbers, but one of thousands of characters (a list of hundreds of numbers, text
# without full stops) is not read whole for each of them: that made extraction time grow
# with the square of the sentence. A sentence shorter than twice this is read whole, as all
# but 125 of 155,000 in the arXiv corpus are (the longest has 1,823 characters).
CONTEXT = 400


class _Nearby:
    """The entities of an abstract, found by position: those within a stretch of text are a
    slice of the sorted list (two bisections), not a pass over all of them for every number."""

    def __init__(self, entities):
        self.entities = sorted(entities, key=lambda e: e.start)
        self.starts = [e.start for e in self.entities]

    def between(self, start: int, end: int) -> list:
        low = bisect.bisect_left(self.starts, start)
        high = bisect.bisect_right(self.starts, end)
        return [e for e in self.entities[low:high] if e.end <= end]


class Extractor:
    """Reusable: the process's spaCy pipeline (extract/stages/tokens.py, built once) and the vocabularies."""

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
        resource = False  # whether that name is a benchmark or dataset the paper introduces
        drafts: list[tuple[Draft, int, int]] = []
        nearby = _Nearby(entities)
        next_quantity = 0
        undecided: list[tuple] = []  # a sentence's numbers that no rule made a claim of, with their context
        for s_start, s_end in sentence_spans(plain.text):
            in_sentence = []
            whole = s_end - s_start <= 2 * CONTEXT
            sentence, near_sentence = (plain.text[s_start:s_end], None) if whole else (None, None)
            while next_quantity < len(quantities) and quantities[next_quantity].start < s_start:
                next_quantity += 1
            for q in quantities[next_quantity:]:
                if q.start >= s_end:
                    break
                if q.end > s_end:
                    continue
                if whole:
                    w_start, window = s_start, sentence
                    if near_sentence is None:  # the entities of a sentence, found once, when a number asks
                        near_sentence = nearby.between(s_start, s_end)
                    near = near_sentence
                else:
                    w_start, w_end = max(s_start, q.start - CONTEXT), min(s_end, q.end + CONTEXT)
                    window, near = plain.text[w_start:w_end], nearby.between(w_start, w_end)
                draft = classify(window, q, w_start)
                if draft:
                    if system is _NOT_READ:
                        system = system_name(title, plain.text)
                        resource = names_a_resource(system, entities, plain.text)
                    own = None if resource and draft.kind in _RESULTS else system  # a benchmark scores nothing
                    attribute(draft, window, w_start, near, own)
                    in_sentence.append(draft)
                else:
                    undecided.append((q, window, w_start, near))
            if undecided and in_sentence:
                for draft, (window, w_start, near) in _listed_scores(undecided, in_sentence, plain.text):
                    attribute(draft, window, w_start, near, None if resource else system)
            undecided.clear()
            if len(in_sentence) > 1:
                _share_within_lists(in_sentence, plain.text)
                _respectively(in_sentence, near_sentence or nearby.between(s_start, s_end), plain.text, s_end)
            drafts.extend((d, s_start, s_end) for d in in_sentence)
        _carry_benchmarks(drafts, plain.text)
        _fill_metrics(drafts)
        drafts = _first_mentions(drafts)
        _settle_confidence(drafts)
        entities.extend(models_from_size_claims([d for d, _, _ in drafts], entities))
        claims = [c for c in (self._to_claim(d, a, b, plain) for d, a, b in drafts) if c]
        mentions = [self._to_mention(e, plain) for e in entities]
        return claims, mentions

    @staticmethod
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
            rule=draft.rule, confidence=draft.confidence)
        claim.check_against(original)
        return claim

    @staticmethod
    def _to_mention(found, plain: PlainText) -> Mention:
        start, end = plain.span(found.start, found.end)
        params = found.params if found.params is None or math.isfinite(found.params) else None  # too many digits
        return Mention(label=found.label, text=plain.original[start:end], canonical=found.canonical,
                       start=start, end=end, rule=found.rule, params=params, family=found.family,
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
    last_of_unit: dict[str, Draft] = {}  # the last draft of each unit so far, and the last difference
    last_delta_of_unit: dict[str, Draft] = {}
    for index, draft in enumerate(drafts):
        previous = drafts[index - 1] if index else None
        same_unit = last_of_unit.get(draft.unit)
        if draft.metric is None and same_unit is not None and same_unit.metric:
            draft.metric = same_unit.metric  # "97.6% optimal rate ... the baseline (93.3%)"
        source = last_delta_of_unit.get(draft.unit)
        if draft.rule == "score_parenthesized" and previous is not None and previous.kind == "delta" \
                and len(text[previous.quantity.end:draft.quantity.start]) <= 3:
            source = previous  # "by 1.14 points (6.7%)": the bracket restates the difference
        if draft.rule in _LISTED_RULES and source is not None:
            gap = text[source.quantity.end:draft.quantity.start]
            bare_gap = _ABBREVIATION.sub("", gap)
            if len(gap) < 140 and not _SENTENCE_BREAK.search(bare_gap) and not _NEW_CLAUSE.search(gap):
                draft.kind, draft.rule, draft.direction = "delta", "delta_list", source.direction
                draft.metric = draft.metric or source.metric
                draft.baseline = source.baseline or draft.baseline
                draft.subject = source.subject  # a continued difference is the same system's
        last_of_unit[draft.unit] = draft
        if draft.kind == "delta":
            last_delta_of_unit[draft.unit] = draft


def _listed_scores(undecided: list[tuple], drafts: list[Draft], text: str) -> list[tuple[Draft, tuple]]:
    """Numbers no rule read on their own that are listed with a score read without unit, either
    side of it ("FIDs of 37.50, 91.98, 59.23", "80.02 and 80.73 mAP"): scores on its metric.
    They join `drafts` in text order; returns each new draft with its context to attribute."""
    added = []
    changed = True
    while changed and undecided:
        changed = False
        for item in list(undecided):
            q = item[0]
            for neighbour in drafts:
                n = neighbour.quantity
                gap = text[n.end:q.start] if n.end <= q.start else text[q.end:n.start]
                if len(gap) < 12 and _LIST_GAP.match(gap):
                    draft = listed_score(q, text[q.number_start:q.number_end], neighbour)
                    if draft:
                        drafts.append(draft)
                        drafts.sort(key=lambda d: d.quantity.start)
                        added.append((draft, item[1:]))
                        undecided.remove(item)
                        changed = True
                        break
    return added


_RESPECTIVELY = regex.compile(r"\brespectively\b", regex.I)
_RESULTS = ("score", "delta", "ratio")


def _respectively(drafts: list[Draft], entities: list, text: str, s_end: int) -> None:
    """Numbers listed together and the benchmarks named after them pair in order, when there
    are as many of one as of the other and the sentence says so ("..., respectively") or the
    names follow the numbers at once: "+3.6% AP and +4.2% AP-rare on the COCO and LVIS datasets,
    respectively", "41.2%, 37.5% and 52.0% on MMLU, GSM8K and MATH"."""
    results = [d for d in drafts if d.kind in _RESULTS]
    if len(results) < 2:
        return
    last = results[-1].quantity.end
    said = _RESPECTIVELY.search(text, last, s_end)
    at_once = _NAMES_FOLLOW.match(text, last, s_end)
    if not (said or at_once) or not all(_LIST_GAP.match(_strip_unit(text[a.quantity.end:b.quantity.start]))
                                        for a, b in zip(results, results[1:])) and not said:
        return
    end = said.start() if said else s_end
    names = []
    for entity in entities:
        if entity.label == "BENCHMARK" and last <= entity.start < end and entity.canonical not in names:
            if not said and _CLAUSE_ENDS.search(text, last, entity.start):
                break  # without "respectively" the names must follow within the clause
            names.append(entity.canonical)
    if len(names) == len(results):
        for draft, name in zip(results, names):
            draft.benchmark = name


_NAMES_FOLLOW = regex.compile(r"\s*(?:[a-zA-Z%@-]+\s+){0,2}?(?:on|in|across|for)\s+(?:the\s+)?[A-Z]")
_CLAUSE_ENDS = regex.compile(r"[;.]\s|\s(?:while|whereas|but)\s")


def _strip_unit(gap: str) -> str:
    """A gap between listed numbers without the unit or metric word of the first ("% AP and")."""
    return regex.sub(r"^\s*[^\s,;]{0,12}(?=[\s,;])", "", gap)


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
                draft.extras["benchmark_carried"] = True


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
            draft.extras["metric_filled"] = True


# How much less sure a result is for each part of its attribution the rules had to guess: a
# comparison table marks (or, with --min-confidence, leaves out) cells below 0.7.
UNSURE_BECAUSE = {"no_subject": 0.2, "benchmark_carried": 0.2, "metric_filled": 0.1}


def _settle_confidence(drafts: list[tuple[Draft, int, int]]) -> None:
    """A result (score, difference, factor) is as sure as its attribution: no named system, a
    benchmark carried over from the sentence before, or a metric taken from another claim each
    lower its confidence."""
    for draft, _, _ in drafts:
        if draft.kind not in ("score", "delta", "ratio"):
            continue
        doubts = [reason for reason in ("benchmark_carried", "metric_filled") if draft.extras.get(reason)]
        if not draft.subject:
            doubts.append("no_subject")
        draft.confidence = round(max(0.1, draft.confidence - sum(UNSURE_BECAUSE[d] for d in doubts)), 2)


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
