"""Claims read together: lists, "respectively", and what one sentence lends the next.

A number's own rules (extract/stages/claims.py, extract/stages/attribution/) read it in
its sentence. These passes read the claims of a sentence, then of the abstract, together:
numbers listed side by side share their kind, metric and baseline; listed numbers and
listed benchmarks pair in order; a sentence that says "also" continues the previous one's
benchmark; differences without a metric take the abstract's one; the same size stated
twice is one claim; and a result's confidence falls with each part of it that was guessed.
The registered component `claimbase_lists` runs them on a Doc.
"""
from __future__ import annotations

import functools
from typing import Optional

import regex
from spacy.language import Language

from claimbase.engines import loader
from claimbase.engines.resources import load_yaml

from claimbase.stages.attribution import attribute, phrases_of
from claimbase.stages.attribution.baseline import baseline_phrase
from claimbase.stages.attribution.metric import is_bare_metric
from claimbase.stages.claims import CONTEXT, Draft, listed_score
from claimbase.stages.doc_fields import as_spans, state_of
from claimbase.stages.models import models_from_size_claims
from claimbase.stages.word_classes import noun_phrase_of

LIST_COMPONENT = "claimbase_lists"


@functools.lru_cache(maxsize=1)
def _rules() -> dict:
    """The word-bearing patterns of these passes (data/lists.yml)."""
    return loader.named_patterns(load_yaml("lists.yml")["patterns"],
                                 {"system_name": load_yaml("attribution.yml")["system_name"]})


_LIST_GAP = regex.compile(r"^\s*(?:[,;/]\s*)?(?:and\s+|or\s+)?$")
_BRACKET_OPENS = regex.compile(r"\s*\(\s*[+-]?")
_DEFAULT_RULES = {"score_percent"}
_LISTED_RULES = {"score_percent", "score_parenthesized"}  # a level read by default may continue a list of differences


# A number with its unit inside a baseline phrase starts another result ("by 12.2% and 4.7% on ...").
_ANOTHER_RESULT = regex.compile(r"(?<![\w.-])[+-]?\d+(?:\.\d+)?\s?(?:\\?%|x\b|×|points?\b|pp\b)")
_TRAILING_JOIN = regex.compile(r"(?:\s*,)?\s+(?:and|or)\s*$|\s*,\s*$")
_LIST_SEPARATOR = regex.compile(r",\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+")
_SENTENCE_BREAK = regex.compile(r"[.;]\s")
_NEAR = 100  # characters between numbers a list, a from-to or a comparison joins (each reads a shorter gap)


def share_within_lists(drafts: list[Draft], text: str) -> None:
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
        if {d.rule for d in decided} == {"score_measure", "quantity_measure"}:
            for draft in run:  # "an accuracy of 3.92° and 10.41°": the metric before the first names them all
                draft.kind, draft.rule = "score", "score_measure"
        kinds = {d.kind for d in decided}
        if len(kinds) == 1:
            kind = kinds.pop()
            for draft in run:
                if draft.rule in _DEFAULT_RULES:
                    draft.kind, draft.rule = kind, f"{kind}_list"
                    draft.subject = decided[0].subject or draft.subject  # one statement, one system
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
        if draft.metric is None and same_unit is not None and same_unit.metric \
                and not (draft.kind == "score" and is_bare_metric(same_unit.metric)):
            # "97.6% optimal rate ... the baseline (93.3%)"; a level is no "gain" ("(4.1% gain), Species800 to 80.91%")
            draft.metric = same_unit.metric
        if draft.kind == "delta" and previous is not None and previous.kind == "score" and previous.metric \
                and _BRACKET_OPENS.fullmatch(text, previous.quantity.end, draft.quantity.start) \
                and not draft.extras.get("metric_beside"):
            draft.metric = previous.metric  # "from 29.1% to 84.5% (55.4 percentage point improvement)": the level's measure
        source = last_delta_of_unit.get(draft.unit)
        if draft.rule == "score_parenthesized" and previous is not None and previous.kind == "delta" \
                and len(text[previous.quantity.end:draft.quantity.start]) <= 3:
            source = previous  # "by 1.14 points (6.7%)": the bracket restates the difference
        restated = index + 1 < len(drafts) and drafts[index + 1].rule == "delta_signed_bracket" \
            and _BRACKET_OPENS.fullmatch(text, draft.quantity.end, drafts[index + 1].quantity.start)
        if draft.rule in _LISTED_RULES and source is not None and not restated:  # "66.49% (+4.9%)": a level, its gain
            gap = text[source.quantity.end:draft.quantity.start]
            bare_gap = _rules()["abbreviation"].sub("", gap)
            if len(gap) < 140 and not _SENTENCE_BREAK.search(bare_gap) and not _rules()["new_clause"].search(gap):
                draft.kind, draft.rule, draft.direction = "delta", "delta_list", source.direction
                draft.metric = draft.metric or source.metric
                draft.baseline = source.baseline or draft.baseline
                draft.subject = source.subject  # a continued difference is the same system's
        last_of_unit[draft.unit] = draft
        if draft.kind == "delta":
            last_delta_of_unit[draft.unit] = draft


def _listed_change(q, neighbour: Draft, gap: str) -> bool:
    """A from-to listed after one read as a result, each in its own item: "form understanding
    (from 70.72 to 79.27), receipt understanding (from 94.02 to 95.24) and document image
    classification (from 93.07 to 94.42)"."""
    return "from-to" in q.notes and neighbour.rule == "score_from_to" and neighbour.quantity.end <= q.start \
        and len(gap) < 100 and not _SENTENCE_BREAK.search(gap) and not _rules()["new_clause"].search(gap)


def listed_scores(undecided: list[tuple], drafts: list[Draft], text: str) -> list[tuple[Draft, tuple]]:
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
                if (q.start - n.end if n.end <= q.start else n.start - q.end) >= _NEAR:
                    continue  # no list, change or comparison joins numbers this far apart
                gap = text[n.end:q.start] if n.end <= q.start else text[q.end:n.start]
                compared = n.end <= q.start and _rules()["compared_gap"].match(gap)
                if (len(gap) < 12 and _LIST_GAP.match(gap)) or _listed_change(q, neighbour, gap) or compared:
                    draft = listed_score(q, text[q.number_start:q.number_end], neighbour, text[max(0, q.start - 40):q.start])
                    if draft:
                        if compared:
                            draft.extras["compared_with"] = neighbour  # another system's score
                        drafts.append(draft)
                        drafts.sort(key=lambda d: d.quantity.start)
                        added.append((draft, item[1:]))
                        undecided.remove(item)
                        changed = True
                        break
    return added


def _compared_subject(draft: Draft, text: str) -> None:
    """A score a comparison set beside another is another system's: the one named right after
    it ("28.5 BLEU against 17.3 after CPT": CPT's), never the first score's system."""
    compared = draft.extras.get("compared_with")
    if compared is None:
        return
    holder = _rules()["compared_holder"].match(text[draft.quantity.end:draft.quantity.end + 80])
    if holder:
        draft.subject = holder.group("name").rstrip(".,")
    elif draft.subject == compared.subject:
        draft.subject = None


_RESPECTIVELY = regex.compile(r"\brespectively\b", regex.I)
RESULTS = ("score", "delta", "ratio")


def respectively(drafts: list[Draft], entities: list, text: str, s_end: int) -> None:
    """Numbers listed together and the benchmarks named after them pair in order, when there
    are as many of one as of the other and the sentence says so ("..., respectively") or the
    names follow the numbers at once: "+3.6% AP and +4.2% AP-rare on the COCO and LVIS datasets,
    respectively", "41.2%, 37.5% and 52.0% on MMLU, GSM8K and MATH"."""
    results = [d for d in drafts if d.kind in RESULTS]
    if len(results) < 2:
        return
    last = results[-1].quantity.end
    said = _RESPECTIVELY.search(text, last, s_end)
    at_once = _rules()["names_follow"].match(text, last, s_end)
    if not (said or at_once) or not all(_LIST_GAP.match(_strip_unit(text[a.quantity.end:b.quantity.start]))
                                        for a, b in zip(results, results[1:])) and not said:
        return
    end = said.start() if said else s_end
    names = []
    for entity in entities:
        if entity.label == "BENCHMARK" and last <= entity.start < end and entity.canonical not in names:
            if not said and _rules()["clause_ends"].search(text, last, entity.start):
                break  # without "respectively" the names must follow within the clause
            names.append(entity.canonical)
    if said and len(names) != len(results):  # "On A, B, and C, we achieve 92%, 76%, and 62%, respectively"
        first = results[0].quantity.start
        before = [e.canonical for e in entities if e.label == "BENCHMARK" and e.end <= first]
        before = list(dict.fromkeys(before))
        if len(before) >= len(results) and _NAMES_LISTED.fullmatch(
                text, *_span_of_last(entities, len(results), first)):
            names = before[-len(results):]
    if len(names) == len(results):
        for draft, name in zip(results, names):
            draft.benchmark = name
    if said:
        _respective_metrics(results, entities, text, said.start())
        _respective_subjects(results, entities, text)


def _respective_subjects(results: list[Draft], entities: list, text: str) -> None:
    """"GPT-4o and Claude achieve 61.0% and 58.2%, respectively": names listed before the verb,
    as many as the numbers, are their systems in order (not benchmarks: "on MMLU and GSM8K")."""
    first = results[0].quantity.start
    listed = _rules()["subject_list"].search(text, max(0, first - 160), first)
    if not listed or _rules()["preposition_before"].search(text, max(0, listed.start() - 20), listed.start()) or any(
            e.label == "BENCHMARK" and listed.start() <= e.start < listed.end("names") for e in entities):
        return
    names = [n.strip() for n in _LIST_SEPARATOR.split(listed.group("names")) if n.strip()]
    if len(names) == len(results):
        for draft, name in zip(results, names):
            draft.subject = name


_SUBJECT_NAME = r"[A-Z][\w.+-]*[A-Z0-9][\w.+-]*|[A-Z][a-z]+[A-Z][\w.+-]*|[A-Z][a-z]+(?:-[\w.]+)+"


def _span_of_last(entities: list, count: int, before: int) -> tuple[int, int]:
    """Where the last `count` benchmark names before a position stand (from the first's end to
    the last's start), to check that they are listed together."""
    named = [e for e in entities if e.label == "BENCHMARK" and e.end <= before][-count:]
    return named[0].end, named[-1].start


# Names listed together: separators, at most a short bracket and the kind after each and "the"
# before it ("BraTS (MRI), VinDr-CXR", "Herlev (7-class) dataset, and the SIPaKMeD (5-class) dataset").
_AFTER_NAME = r"(?:\s*\([^()]{1,30}\))?(?:\s+(?:benchmark|dataset|corpus))?"
_SEPARATOR = r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?"
_NAMES_LISTED = regex.compile(_AFTER_NAME + _SEPARATOR + r"(?:[^,()]{1,40}?" + _AFTER_NAME + _SEPARATOR + r")*?")


def _as_written(text: str, metric) -> str:
    """A metric mention with the rest of its word ("F1-scores", not "F1"), lowercased."""
    return text[metric.start:_WORD_END.match(text, metric.end).end()].lower()


def _respective_metrics(results: list[Draft], entities: list, text: str, said: int) -> None:
    """"Recall and F1-scores improved by 67% and 35%, respectively": metrics listed before the
    numbers (or after them, before "respectively"), as many as they, pair with them in order;
    so do the measures a verb of change names ("improves the format accuracy and content
    correctness of outputs by 35.4% and 29.4%, respectively")."""
    first = results[0].quantity.start
    changed = _rules()["changed_list"].search(text, max(0, first - 200), first)
    if changed:
        parts = [p.strip() for p in _LIST_SEPARATOR.split(changed.group("np")) if p.strip()]
        if len(parts) == len(results):
            for draft, part in zip(results, parts):
                draft.metric = regex.sub(r"^(?:the|its|their)\s+", "", part).lower()
            return
    after = [e for e in entities if e.label == "METRIC" and results[-1].quantity.end <= e.start and e.end <= said]
    if len(after) == len(results) and all(_METRIC_LIST_GAP.fullmatch(text, a.end, b.start)
                                          for a, b in zip(after, after[1:])):
        for draft, metric in zip(results, after):  # "by 2.1% and 3.4% in terms of PSNR and SSIM, respectively"
            draft.metric = _as_written(text, metric)
        return
    metrics = [e for e in entities if e.label == "METRIC" and e.end <= first]
    if len(metrics) < len(results):
        return
    listed = metrics[-len(results):]
    if not all(_METRIC_LIST_GAP.fullmatch(text, a.end, b.start) for a, b in zip(listed, listed[1:])):
        return
    if not _METRIC_LIST_TO_NUMBER.fullmatch(text, listed[-1].end, first):
        return
    for draft, metric in zip(results, listed):
        draft.metric = _as_written(text, metric)


_WORD_END = regex.compile(r"[\w-]*")
_METRIC_LIST_GAP = regex.compile(r"[\w-]*\s*(?:,\s*(?:and\s+)?|\s+and\s+)")  # "F1-scores and recall"
_METRIC_LIST_TO_NUMBER = regex.compile(r"[\w-]*(?:\s+[a-z]+){1,4}\s+")  # "... improved by ", "... reach "



def _strip_unit(gap: str) -> str:
    """A gap between listed numbers without the unit or metric word of the first ("% AP and")."""
    return regex.sub(r"^\s*[^\s,;]{0,12}(?=[\s,;])", "", gap)



def versus_pairs(drafts: list[Draft], text: str, s_start: int, s_end: int) -> None:
    """"91.4% vs. 28.6%", "(4.1% vs 1.0%)": the second number is what the first is compared
    with, so it is the baseline's own: its subject is the first's baseline, and it has none."""
    for first, second in zip(drafts, drafts[1:]):
        if first.unit != second.unit or not _rules()["versus_gap"].match(text[first.quantity.end:second.quantity.start]):
            continue
        phrase = first.baseline
        if phrase is None and first.kind == "score":  # read in the number's window, as its own rules are
            w_start, w_end = max(s_start, first.quantity.start - CONTEXT), min(s_end, first.quantity.end + CONTEXT)
            phrase = baseline_phrase(text[w_start:w_end], first.quantity.start - w_start, first.quantity.end - w_start)
        if phrase:  # "than the naive baseline 91.4% vs. 28.6%": the phrase ends where the numbers begin
            phrase = phrase.split(text[first.quantity.start:first.quantity.end])[0].strip()
            first.baseline = regex.sub(r"^(?:the|a|an)\s+", "", phrase) or None
        if first.baseline:
            if first.kind == "delta" and first.unit == "%" and not _rules()["by_number"].search(text, s_start, first.quantity.start):
                first.kind, first.direction = "score", None  # "higher accuracy than X 91.4% vs. 28.6%": two levels
                first.rule = "score_versus"
            second.subject, second.baseline = first.baseline, None
            second.kind, second.direction = first.kind, first.direction



def _by_sentence(drafts: list[tuple[Draft, int, int]]) -> dict[tuple[int, int], list[Draft]]:
    """The drafts of each sentence, by its (start, end)."""
    by_sentence: dict[tuple[int, int], list[Draft]] = {}
    for draft, start, end in drafts:
        by_sentence.setdefault((start, end), []).append(draft)
    return by_sentence


def _carry_benchmarks(drafts: list[tuple[Draft, int, int]], text: str) -> None:
    """A sentence that names no benchmark continues the previous one's, when that one named exactly
    one, it says so ("also", "respectively", ...) and the numbers are of the same kind
    ("X outperforms A by 28.4 points on GSM8k. X also outperforms B by 6.4 points.")."""
    by_sentence = _by_sentence(drafts)
    sentences = sorted(by_sentence)
    for previous, current in zip(sentences, sentences[1:]):
        before, now = by_sentence[previous], by_sentence[current]
        named = {d.benchmark for d in before if d.benchmark}
        if len(named) != 1 or any(d.benchmark for d in now) or not _rules()["continues"].search(text, *current):
            continue
        kinds = {d.kind for d in before if d.benchmark and d.kind in ("score", "delta")}
        for draft in now:
            if draft.kind in kinds:
                draft.benchmark = next(iter(named))
                draft.extras["benchmark_carried"] = True


def _listed_from_before(drafts: list[tuple[Draft, int, int]], sentences: list, entities: list, text: str) -> None:
    """Numbers listed in a sentence that names no benchmark, as many as the benchmarks the sentence
    before lists, pair with them in order: "MCN outperforms prior work on UCF101 and HMDB51. With
    an R(2+1)D backbone, it reaches Top-1 accuracies of 84.8% and 54.5%"."""
    for (start, end), now in _by_sentence(drafts).items():
        results = [d for d in now if d.kind in RESULTS]
        if len(results) < 2 or len(results) != len(now) or any(d.benchmark for d in now) \
                or len({d.kind for d in results}) != 1 or not all(  # listed: "84.8% and 54.5%", not "91.4% vs. 28.6%"
                    _LIST_GAP.match(text[a.quantity.end:b.quantity.start]) for a, b in zip(results, results[1:])):
            continue
        previous = next((s for s in reversed(sentences) if s[1] <= start), None)
        if previous is None:
            continue
        named = [e for e in entities if e.label == "BENCHMARK" and previous[0] <= e.start and e.end <= previous[1]]
        names = list(dict.fromkeys(e.canonical for e in named))
        if len(names) != len(results) or len(named) != len(names) \
                or not _NAMES_LISTED.fullmatch(text, named[0].end, named[-1].start):
            continue
        for draft, name in zip(results, names):
            draft.benchmark = name
            draft.extras["benchmark_carried"] = True


def _only_benchmark(drafts: list[tuple[Draft, int, int]], entities: list, introduced: Optional[str] = None) -> None:
    """Scores that name no benchmark, in an abstract that names exactly one, are on it: "On the
    SEED-DV dataset, DynaMind sets a new state of the art ... It also reaches 19.7% ...". In an
    abstract that introduces a benchmark (`introduced`, the paper's own name), on that one,
    whatever others it names ("DF20 has zero overlap with ImageNet. ... ViT achieves 80.45%
    accuracy"). A guess, and marked as one (the claim's confidence falls)."""
    names = {e.canonical for e in entities if e.label == "BENCHMARK"}
    own = [e.canonical for e in entities if e.label == "BENCHMARK" and introduced in (e.text, e.canonical)]
    if own:
        names = {own[0]}
    if len(names) != 1:
        return
    name = next(iter(names))
    for draft, _, _ in drafts:
        if draft.kind == "score" and draft.benchmark is None:  # not differences: on dev and seen, fewer right
            draft.benchmark = name
            draft.extras["benchmark_carried"] = True


def _fill_metrics(drafts: list[tuple[Draft, int, int]]) -> None:
    """Differences (and scores) that name no metric (or only "improvement") measure the one
    metric the abstract's other differences (scores) name, when there is exactly one ("...
    29.2% improvement on GSM8K ... improves the performance of GSM8K by 0.4 pp")."""
    _fill_metric_of("delta", [d for d, _, _ in drafts if d.kind == "delta"])
    scores_on: dict = {}  # a score's metric only from scores on its own benchmark: "52.0% on GSM8K" and
    for draft, _, _ in drafts:  # "31.7% pass@1 on HumanEval" measure different things
        if draft.kind == "score":
            scores_on.setdefault(draft.benchmark, []).append(draft)
    for scores in scores_on.values():
        _fill_metric_of("score", scores)


def _fill_metric_of(kind: str, deltas: list[Draft]) -> None:
    named_by_direction: dict = {}  # the metrics named, by the direction of their difference
    for d in deltas:
        if d.metric and not is_bare_metric(d.metric):
            named_by_direction.setdefault(d.direction, set()).add(d.metric)
    for draft in deltas:
        if draft.metric is not None and not is_bare_metric(draft.metric):
            continue
        # a difference the other way measures something else: "improves ... by 12.2%, while
        # reducing interaction steps by 12.7%"
        named = set().union(*(metrics for direction, metrics in named_by_direction.items()
                              if not (direction and draft.direction and direction != draft.direction)))
        if not named:
            continue
        metric = max(named, key=len)  # "test accuracy" and "gsm8k test accuracy" name one metric
        if any(other not in metric for other in named):
            continue
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


@Language.component(LIST_COMPONENT)
def read_lists(doc):
    """The passes above, sentence by sentence and then across the abstract: state.drafts holds
    the settled claims with their sentence spans, doc.spans["claims"] the same as spans; models
    named only by a stated size join state.entities."""
    state = state_of(doc)
    text, system = state.text, None if state.resource else state.system
    drafts: list[tuple[Draft, int, int]] = []
    phrases = phrases_of(doc)
    for sentence in state.sentence_claims:
        in_sentence = sentence.drafts
        undecided = [(r.quantity, r.window, r.offset, r.near) for r in sentence.read if r.draft is None]
        if undecided and in_sentence:
            for draft, (window, offset, near) in listed_scores(undecided, in_sentence, text):
                attribute(draft, window, offset, near, system, phrases)
                _compared_subject(draft, text)
        if len(in_sentence) > 1:
            share_within_lists(in_sentence, text)
            respectively(in_sentence, sentence.near, text, sentence.end)
            versus_pairs(in_sentence, text, sentence.start, sentence.end)
        drafts.extend((draft, sentence.start, sentence.end) for draft in in_sentence)
    _carry_benchmarks(drafts, text)
    _listed_from_before(drafts, state.sentences, state.entities, text)
    _only_benchmark(drafts, state.entities, state.system if state.resource else None)
    _fill_metrics(drafts)
    drafts = _first_mentions(drafts)
    _settle_confidence(drafts)
    for draft, _, _ in drafts:  # a metric or baseline is a noun phrase, never a verb phrase or a fragment
        if draft.metric:
            draft.metric = noun_phrase_of(draft.metric)
        if draft.baseline:  # never the number itself, nor what follows it, nor another result
            own = text[draft.quantity.start:draft.quantity.end]
            phrase = draft.baseline.split(own)[0] if own else draft.baseline
            phrase = _ANOTHER_RESULT.split(phrase, maxsplit=1)[0]  # "Llama-3B and 57.2% relative to ..."
            draft.baseline = noun_phrase_of(_TRAILING_JOIN.sub("", phrase)) if phrase.strip() else None
    state.entities.extend(models_from_size_claims([d for d, _, _ in drafts], state.entities))
    state.drafts = drafts
    doc.spans["claims"] = as_spans(doc, [d for d, _, _ in drafts], lambda d: d.kind.upper(), "draft")
    return doc
