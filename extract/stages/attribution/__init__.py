"""Attribution: what a claimed number is about — metric, benchmark, subject and baseline.

The spaCy component of this stage. It works on one sentence window of the plain view per
draft claim and asks one module per slot: metric.py (the measured quantity), benchmark.py
(the dataset it is measured on), subject.py (the system that reached it), baseline.py (what
a difference is taken against); systems.py finds the paper's own system. The cue lists and
phrase boundaries live in data/claim_rules.yml and data/attribution.yml (compiled in patterns.py).
"""
from __future__ import annotations

import functools
from typing import Optional

import regex
from spacy.language import Language

from claimbase.engines.resources import load_yaml
from claimbase.stages.abbreviations import definitions
from claimbase.stages.attribution.baseline import baseline_phrase
from claimbase.stages.attribution.benchmark import benchmark_of
from claimbase.stages.attribution.metric import is_metric_word, metric_beside, metric_phrase, named_measure
from claimbase.stages.attribution.patterns import rules
from claimbase.stages.attribution.subject import model_subject, subject_of
from claimbase.stages.attribution.systems import names_a_resource, resource_mention, system_name, whole_word_starts
from claimbase.stages.doc_fields import state_of
from claimbase.stages.entities import canonical_metric
from claimbase.stages.mentions import Found
from claimbase.stages.word_classes import Phrases




def attribute(draft, sentence: str, offset: int, entities: list[Found], system: Optional[str],
              phrases: Optional[Phrases] = None) -> None:
    """Fill metric, benchmark, subject and baseline of a draft claim from its sentence."""
    q = draft.quantity
    start, end = q.start - offset, q.end - offset
    in_sentence = [e for e in entities if offset <= e.start and e.end <= offset + len(sentence)]
    benchmarks = [e for e in in_sentence if e.label == "BENCHMARK"]
    models = [e for e in in_sentence if e.label == "MODEL"]
    if draft.metric is not None and draft.metric == q.unit_metric and q.unit_type == "measure":
        draft.metric = named_measure(sentence, start, q.unit_metric) or draft.metric  # "a transmission distance of 450 km"
    if draft.metric is None:
        beside = metric_beside(sentence, end)
        draft.metric = metric_phrase(sentence, start, end, beside, in_sentence, offset)
        draft.extras["metric_beside"] = draft.metric is not None and draft.metric == beside
    if draft.kind in ("score", "delta", "ratio") and benchmarks:
        draft.benchmark = benchmark_of(benchmarks, offset, start, end, sentence)
    if draft.metric:  # "improving ScanRefer mIoU by 30.0%": the benchmark's name is no part of the metric
        for bench in benchmarks:
            if draft.metric.lower().startswith(bench.text.lower() + " "):
                draft.metric = draft.metric[len(bench.text) + 1:]
                if draft.kind in ("score", "delta", "ratio"):
                    draft.benchmark = bench.text
                break
    if draft.kind in ("delta", "ratio") and draft.baseline is None:
        draft.baseline = baseline_phrase(sentence, start, end)
    if draft.kind == "score":
        holder = rules()["score_holder"].match(sentence[end:end + 80])
        if holder:  # "compared to 95.5% with DrugGPT": the level is DrugGPT's
            draft.subject = holder.group("name").rstrip(".,")
        versus = rules()["score_versus"].match(sentence[end:end + 120])
        if versus and draft.baseline is None:  # "100% ... compared to 95.5% with DrugGPT": DrugGPT is the baseline
            draft.baseline = versus.group("name").rstrip(".,")
    bracketed = phrases.phrase_before_bracket(q.start, offset) if phrases is not None and draft.kind == "model_size" \
        else None
    if bracketed is None and phrases is not None and draft.kind == "model_size" and q.value_high is None:
        bracketed = _named_in_apposition(sentence, phrases.phrase_given_with(q.start, offset))
    if bracketed:  # "twelve instruction-tuned LLMs (4B to 671B parameters)": the phrase the bracket follows
        draft.subject = bracketed
    elif draft.kind == "model_size":
        described = rules()["sized_group"].search(sentence[max(0, start - 160):start]) if q.value_high is not None else None
        group = described.group("np").split() if described else []
        if len(group) == 2 and (group[0].lower() in rules()["cut_words"] or group[0].lower() in rules()["object_words"]):
            group = group[1:]  # "train models of 0.5B-32B": the verb is not part of the name
        draft.subject = " ".join(group) if group else model_subject(sentence, start, end, models, offset, system)
    elif draft.subject is None and draft.rule == "score_from_to" and (changed := rules()["of_name_from"].search(sentence[:start])):
        draft.subject = changed.group("name")  # "the performance of the OpenLlama-3B model from 36.2% to 40.7%"
    elif draft.subject is None:
        draft.subject = subject_of(sentence, start, benchmarks, offset, system, draft.baseline,
                                   level=draft.kind == "score", phrases=phrases)
    if draft.kind in RESULTS and draft.subject and draft.metric and draft.metric != draft.subject.lower() \
            and draft.subject.lower() in draft.metric.split():
        draft.subject = None  # "the IB-score indicator increases by 6.39%": a word of what is measured, not who
    if draft.subject and draft.metric and draft.metric == draft.subject.lower() != draft.subject:
        if is_metric_word(draft.subject):
            draft.subject = None  # "F1 scores of 0.982": what was measured, not who
        else:
            draft.metric = None  # "CNN 97.91%": a name before the number is who, not what (a list lends the what)
    if draft.kind not in ("delta", "ratio"):
        draft.direction = None
    elif draft.direction == "up" and draft.metric and canonical_metric(draft.metric)[1] is False \
            and draft.extras.get("direction_cue") in rules()["improvement_cues"] \
            and not rules()["grows"].search(sentence[end:end + 40]):
        draft.direction = "down"  # "3.1-16.7x per-token latency improvements": better latency is lower


def _named_in_apposition(sentence: str, phrase: Optional[str]) -> Optional[str]:
    """A phrase a size is given with, or the name it stands in apposition to: "DenseScout, a
    lightweight dense-response selector with only 1.01M parameters" is DenseScout's size."""
    if not phrase:
        return phrase
    named = regex.search(r"(?P<name>[A-Z][\w.+-]*(?:\s[A-Z][\w.+-]*){0,2}),\s+(?:a|an)\s+(?:[\w-]+\s+){0,3}?" + regex.escape(phrase) + r"\s+with\s",
                         sentence)
    return named.group("name") if named else phrase


ATTRIBUTION_COMPONENT = "claimbase_attribution"
RESULTS = ("score", "delta", "ratio")


@Language.component(ATTRIBUTION_COMPONENT)
def attribute_claims(doc):
    """Every draft claim of doc._.sentence_claims gets its metric, benchmark, subject and
    baseline from its window; doc._.system is the paper's own system (read from the title
    and the abstract only when the abstract has a claim: half have none)."""
    state = state_of(doc)
    system, resource = None, False
    if any(sentence.drafts for sentence in state.sentence_claims):
        system = system_name(state.title, state.text)
    state.definitions = definitions(state.text) if system else []
    if system:
        # "the Complexity Ceiling Benchmark (CCB)": a long form that names a kind of resource says
        # what the abbreviation is; the mention is of the long form, unless the short one was found
        long_form = next((d.long for d in state.definitions if d.short == system), None)
        named = long_form if long_form and rules()["resource_name"].search(long_form) else system
        resource = names_a_resource(system, state.entities, state.text, state.title) or (
            named != system and names_a_resource(named, state.entities, state.text, state.title))
        introduced = resource_mention(named, state.entities, state.text) if resource else None
        if introduced is not None and not any(e.label == "BENCHMARK" and system in (e.text, e.canonical)
                                              for e in state.entities):
            state.entities.append(introduced)
    short_of = {d.long: d.short for d in state.definitions}
    system = short_of.get(system, system)  # "Collaboration Policy Tree (Co-pi-tree)": the paper says Co-pi-tree
    state.system, state.resource = system, resource
    if system and not resource:
        named = _system_mention(system, state.definitions, state.text)
        if named is not None:
            state.entities.append(named)
    phrases = phrases_of(doc)
    for sentence in state.sentence_claims:
        for read in sentence.read:
            if read.draft:
                own = None if resource and read.draft.kind in RESULTS else system  # a benchmark scores nothing
                attribute(read.draft, read.window, read.offset, read.near, own, phrases)
                if read.draft.subject in short_of:  # "Sparse Routing Attention" and "SRA" are one system
                    read.draft.subject = short_of[read.draft.subject]
    return doc


def phrases_of(doc) -> Phrases:
    """The noun phrases of a Doc whose claim sentences carry word classes."""
    return Phrases(doc, _claim_verbs())


@functools.lru_cache(maxsize=1)
def _claim_verbs() -> frozenset:
    return frozenset(w.lower() for w in load_yaml("attribution.yml")["claim_verbs"])


def _system_mention(system: str, defined: list, text: str) -> Optional[Found]:
    """The paper's own system where the abstract first names it, with the abbreviation it
    defines for it as its canonical name: "Sparse Routing Attention (SRA)" is SRA."""
    for definition in defined:
        if system in (definition.short, definition.long):
            return Found("SYSTEM", definition.start, definition.end, text[definition.start:definition.end],
                         definition.short, "defined_system")
    starts = whole_word_starts(system, text)
    if not starts:
        return None
    return Found("SYSTEM", starts[0], starts[0] + len(system), system, system, "named_system")
