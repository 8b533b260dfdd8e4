"""Attribution: what a claimed number is about — metric, benchmark, subject and baseline.

Works on one sentence of the plain view. The cue lists and phrase boundaries live in
data/claim_rules.yml and data/attribution.yml; the rules here only decide where to look:
the noun phrase next to the number for the metric, the name before a claim verb for the
subject, the phrase after a comparison cue (or before "by N") for the baseline.
"""
from __future__ import annotations

from claimbase.stages.doc_fields import state_of

import functools
from typing import Optional

import regex

from claimbase.engines import loader
from claimbase.engines.backward import Backward
from claimbase.engines.alternation import is_acronym
from claimbase.stages.entities import Found, canonical_benchmark, canonical_metric, metric_acronyms
from claimbase.engines.resources import load_yaml
from claimbase.stages.word_classes import Phrases, lexicon, noun_phrase_of, opens_with_preposition
from claimbase.stages.abbreviations import definitions
from spacy.language import Language


@functools.lru_cache(maxsize=1)
def _spec():
    spec = load_yaml("attribution.yml")

    def words(name: str) -> str:  # for patterns compiled with regex.I or scanned case-blind
        return loader.alternation(spec[name])

    return {
        "np_stop": regex.compile(r"\s*(?:[,;()\[\]=]|[.:](?!\d)|\b(?<!-)(?:" + loader.alternation(spec["np_stops"], ignore_case=False) + r")(?![\w-])|$)"),
        "comparatives": spec["comparative_metrics"],
        "leading_comparative": regex.compile(r"^(?:" + words("comparative_words") + r")\s+", regex.I),
        # "a reduction of 71% in X": a change named before the number, what changed after it
        "change_of_before": Backward(r"\b(?:" + words("change_nouns") + r")\s+of\s+(?:up\s+to\s+|about\s+|over\s+|"
                                     r"nearly\s+|approximately\s+)?$", regex.I),
        "change_of": regex.compile(r"^(?:[\w-]+\s+)?(?:" + words("change_nouns") + r")\s+(?:in|of)\s+(?P<np>.+)$", regex.I),
        "bare": {w.lower() for w in spec["bare_metrics"]},
        "trailing_change": regex.compile(r"(?<=\w)\s+(?:" + words("change_nouns") + r")$", regex.I),
        "fillers": regex.compile(r"^(?:(?:" + words("filler_adjectives") + r")\s+)+", regex.I),
        "cut_words": {w.lower() for w in spec["not_metric_words"]} | {w.lower() for w in spec["claim_verbs"]},
        "object_words": {w.lower() for w in spec["object_prepositions"]},
        "in_terms_of": regex.compile(r"\bin\s+(?:terms\s+of\s+)?(?:the\s+)?(?P<np>[\w@.+/-]+(?:\s[\w@.+/-]+){0,3}?)\s+(?:metric|score|scores)\b", regex.I),
        "not_metric": set(spec["not_metric_words"]),
        "not_metric_alone": set(spec["not_metrics_alone"]),
        "left_of": Backward(r"(?P<np>(?:[\w@.+/-]+\s){0,3}[\w@.+/-]+)(?:\s*\((?P<abbr>[A-Za-z][\w@.+/-]{0,11})\))?\s*(?:of|=|:|at)\s*(?:"
                                 + loader.alternation(spec["qualifier_words"], trie=False) + r")?\s*$", regex.I),
        "verb_metric": spec["verb_metrics"],
        "adjacent_np": Backward(r"(?P<np>(?:[\w@.+/-]+\s){0,3}[\w@.+/-]+)\s+(?:" + loader.alternation(spec["qualifier_words"], trie=False)
                                     + r")?\s*$"),
        "not_metric_head": regex.compile(r"\b(?:" + words("not_metric_heads") + r")$", regex.I),
        "change_verb": loader.scan_words(spec["change_verbs"]),
        "determiners": regex.compile(r"^(?:(?:the|its|their|our|both|overall|model|LLM)\s+)+", regex.I),
        "resource_after": regex.compile(spec["resource_after"], regex.I),
        "resource_title": regex.compile(spec["resource_title"], regex.I),
        "resource_name": regex.compile(spec["resource_name"]),
        "claim_verb_word": regex.compile(r"\b(?:" + words("claim_verbs") + r")\b", regex.I),
        "claim_verbs": regex.compile(r"^\)?(?:\s+[\w()-]+){0,2}?\s+(?:" + words("claim_verbs") + r")\b", regex.I),
        "object_before": Backward(r"\b(?:" + loader.alternation(spec["object_prepositions"], trie=False) + r")\s+(?:the\s+|a\s+|an\s+)?$", regex.I),
        "self_nouns": {w.lower() for w in spec["self_nouns"]},
        "described_as_own": regex.compile(r"(?<![\w-])(?P<name>[A-Z][\w+.-]*[A-Z0-9][\w+.-]*|[A-Z][a-z]+[A-Z][\w+.-]*|"
                                          r"[a-z]+-[a-z][\w-]*),\s+(?:a|an)\s+(?:[\w-]+\s+){0,5}?(?:"
                                          + words("self_nouns") + r")\b"),
        "self_reference": regex.compile(r"\b(?:our|this|the proposed|proposed|the resulting)\s+(?:[\w-]+\s+){0,3}?(?:"
                                        + words("self_nouns") + r")\b|\bwe\b|\bit\b", regex.I),
        "baseline_cue": loader.scan(r"(?:^|\s|\()(?P<cue>" + words("baseline_cues") + r")\s+"),
        "hard_stops": loader.scan(r"[;.:]\s|\s\(|\b(?:" + words("baseline_stops") + r")\b"),
        "by_before": regex.compile(r"(?:^|,\s*|\band\s+|\bsuch as\s+|\blike\s+|\b(?:" + words("outperform_verbs")
                                   + r")\s+)(?P<what>[^;.]{1,120}?)\s+by\s+(?:" + words("qualifier_words")
                                   + r")?\s*$", regex.I),
        "outperform": regex.compile(r"\b(?:" + words("outperform_verbs") + r")\b", regex.I),
        "compare_before_by": regex.compile(r"\b(?:over|than|such as|like|including|compared to|compared with|vs\.?|"
                                           + words("outperform_verbs") + r")\s+", regex.I),
        "list_lead": regex.compile(r"^.*\b(?:such as|like|including|e\.g\.,?|namely)\s+", regex.I),
        "name": regex.compile(r"\b(?<!-)(?P<name>(?:[A-Z][a-z]*[A-Z0-9][\w+.-]*|[A-Z][A-Z0-9+.-]+[\w+.-]*|[a-z]+[A-Z][\w+.-]*|"
                              r"[A-Z][a-z]+-[A-Za-z0-9][\w+.-]*)(?:\+\+)?(?:\s\([a-z]+\s[a-z]+\))?)"),
        "not_subject": set(spec["not_subjects"]),
        "model_kinds": set(spec["model_kinds"]),
        "lowercase_named": regex.compile(r"^\s+(?:a\s+|an\s+|the\s+)?(?P<name>[a-z][\w-]*(?:\s[a-z][\w-]*){0,3}),\s+(?:a|an|which|that)\b"),
        "generic_head": regex.compile(r"\b(?:" + words("self_nouns") + r"|novel|new|simple|general)$", regex.I),
        "that_subject": regex.compile(r"\bthat\s+(?:the\s+)?(?P<np>[a-z][\w-]*(?:\s[a-z][\w-]*){0,3})\s+(?:can\s+|could\s+|consistently\s+|significantly\s+)?(?:"
                                      + loader.alternation(spec["clause_verbs"], ignore_case=False) + r")\b"),
        "adjectival": regex.compile(r"-(?:" + words("adjective_suffixes") + r")$", regex.I),
        "grows": regex.compile(r"^\W*(?:[\w-]+\s+){0,3}?(?:" + words("growth_words") + r")\b", regex.I),
        "introduce": loader.scan_words(spec["introduce_verbs"]),
        "appositive_subject": regex.compile(r"\b(?:" + words("self_nouns") + r"|agent|agents|LLM|LLMs|variant|variants),\s+"
                                            r"(?:(?:" + loader.alternation(spec["naming_words"], ignore_case=False) + r")\s+)?"
                                            r"(?P<name>(?:[A-Za-z][\w.+-]*[A-Z0-9][\w.+-]*|[a-z]\d[\w.+-]*|[A-Z][a-z]+[A-Z][\w.+-]*)"
                                            r"(?:\s[A-Z0-9][\w.+-]*){0,2}),\s+(?:(?:[a-z]+ly|" + loader.alternation(spec["appositive_adverbs"], ignore_case=False)
                                            + r")\s+){0,2}(?:"
                                            + words("claim_verbs") + r")\b"),
        "passive_subject": regex.compile(r"\b(?:" + words("passive_result_verbs") + r")\s+by\s+(?:the\s+|our\s+)?"
                                         r"(?P<name>[A-Za-z][\w.+-]*[A-Z0-9][\w.+-]*|[A-Z][a-z]+[A-Z][\w.+-]*)"),
        "subject_tail": regex.compile(r"(?:\s+(?:" + loader.alternation(spec["subject_tail_words"], ignore_case=False) + r"))+$"),
        "described_name": regex.compile(r"^(?i:the\s+)?(?i:(?:" + words("name_describers") + r")\s+)+"
                                        r"(?P<name>[A-Z][\w.+-]*[A-Z0-9][\w.+-]*|[A-Z][a-z]+[A-Z][\w.+-]*|[a-z]+[A-Z][\w.+-]*)$"),
        "named": regex.compile(r"\b(?:" + loader.alternation(spec["naming_words"], ignore_case=False) + r")\s+(?:as\s+)?(?P<name>[A-Z][\w+@-]*(?:\s[A-Z][\w+@-]*){0,2})"),
        "acronym": regex.compile(r"\((?P<name>[A-Z][\w+@-]*[A-Z0-9][\w+@-]*)\)"),
        "after_verb": regex.compile(r"^\s*:?\s+(?:\(\d\)\s*)?(?:(?:a|an|the)\s+)?(?:new\s+|novel\s+)?(?:[a-z-]+\s+){0,3}?(?P<name>(?!(?:A|An|The|This|Our|We|It|In|To)\b)[A-Z][\w+@-]*(?:\s[A-Z][\w+@-]*){0,2})"),
    }


# The models a range of sizes describes: "a series of smaller LLMs ranging from 2.6B to 14B".
_SIZED_GROUP = regex.compile(r"(?P<np>(?:[\w-]+\s){0,1}(?:models|LLMs|LMs|networks|variants|transformers))\b"
                             r"(?:\s+(?:on|of|in|with|for)\s+(?:our\s+|the\s+)?[\w-]+){0,1}\s+(?:ranging\s+)?(?:from|of|with|between|at)?\s*$")
_NAME_PATTERN = r"(?P<name>[A-Z][\w+.-]*[A-Z0-9][\w+.-]*|[A-Z][a-z]+[A-Z][\w+.-]*)"
_SCORE_HOLDER = regex.compile(r"^\s*(?:\w+\s+){0,3}?(?:with|by|for|using)\s+" + _NAME_PATTERN)  # not "of": "94% of GPT-4"
_SCORE_VERSUS = regex.compile(r"^[^.;]{0,60}?\b(?:compared to|compared with|versus|vs\.?|than)\s+[^.;,]{0,12}?\d[\d.]*\s*%?\s+(?:with|by|for|of)\s+"
                              + _NAME_PATTERN)
_AS_ADJECTIVE = regex.compile(r"^\s*as\s+(?P<adj>\w+)\s+as\b")
_BEFORE_BRACKET = Backward(r"(?P<np>(?:[\w@.+/-]+\s){0,2}[\w@.+/-]+)\s*\(\s*$")
_LEADING_DETERMINER = regex.compile(r"^(?:a|an|the|its|their|our)\s+", regex.I)
_DIGIT = regex.compile(r"\d")
_SLASH_NUMBER = regex.compile(r"\s*/\s*\d")
_NUMBER_WORD = regex.compile(r"(?<![\w@.:,-]|@\s)\d+(?:\.\d+)?(?:%|x\b)?(?![\w.-])")
_LETTER = regex.compile(r"[A-Za-z]")
_CAPITAL = regex.compile(r"[A-Z]")
_IMPROVEMENT_CUES = {"improvement", "improvements", "improve", "improves", "improved", "better", "gain", "gains"}


_SENTENCE_GAP = regex.compile(r"[.!?]\K\s+")  # the white space after a sentence end (\K: the end stays)


def system_name(title: Optional[str], text: str) -> Optional[str]:
    """The name a paper gives its own system: the title's "Name:" when the abstract uses it,
    else how the abstract introduces it ("we propose X", "... (ACRONYM)", "which we call X")."""
    from_title = None
    if title and ":" in title:
        head = title.split(":", 1)[0].strip()
        words = head.split()
        looks_like_name = len(words) == 1 or all(w[:1].isupper() or w[:1].isdigit() for w in words)
        if 0 < len(words) <= 3 and looks_like_name and words[0] not in ("The", "A", "An", "On", "Towards"):
            from_title = head
    if from_title and from_title.lower() in text.lower():
        return from_title
    for sentence in _SENTENCE_GAP.split(text):
        name = introduced_name(sentence)
        if name:
            return name
    if from_title:
        return from_title
    described = _spec()["described_as_own"].search(text)  # "The first is PoseRecover, a fully automatic ... pipeline"
    if described and described.group("name") not in _spec()["not_subject"] \
            and not canonical_benchmark(described.group("name"))[1]:
        return described.group("name")
    return None


def names_a_resource(system: Optional[str], entities: list[Found], text: str, title: Optional[str] = None) -> bool:
    """Whether the paper's own name is a benchmark or dataset it introduces ("we introduce
    PhysTool-Bench, the first physical tool-use benchmark", a title "SAHM: A Benchmark for
    ..."): the scores in such a paper are the evaluated systems', never the benchmark's."""
    if not system:
        return False
    if any(e.label == "BENCHMARK" and system in (e.text, e.canonical) for e in entities):
        return True
    if _spec()["resource_name"].search(system):
        return True  # "the Complexity Ceiling Benchmark (CCB)": the name says what it is
    if title and title.startswith(system) and _spec()["resource_title"].match(title, len(system)):
        return True
    return any(_spec()["resource_after"].match(text, at + len(system)) for at in whole_word_starts(system, text))


def resource_mention(system: str, entities: list[Found], text: str) -> Optional[Found]:
    """The first mention of a benchmark or dataset the paper introduces, when no rule found it."""
    if any(e.label == "BENCHMARK" and system in (e.text, e.canonical) for e in entities):
        return None
    starts = whole_word_starts(system, text)
    if not starts:
        return None
    at = starts[0]
    return Found("BENCHMARK", at, at + len(system), system, canonical_benchmark(system)[0], "introduced_resource")


_WORD_OR_HYPHEN = regex.compile(r"[\w-]")


def whole_word_starts(name: str, text: str) -> list[int]:
    r"""Where `name` stands whole in `text`, not inside a longer word or hyphenated name: what
    `(?<![\w-])NAME(?![\w-])` finds, without compiling a pattern for every paper's name
    (each paper names its own system, so a cache of compiled patterns rarely hits)."""
    starts, at = [], text.find(name) if name else -1
    while at >= 0:
        end = at + len(name)
        if not (at and _WORD_OR_HYPHEN.match(text, at - 1)) and not _WORD_OR_HYPHEN.match(text, end):
            starts.append(at)
            at = text.find(name, end)  # a match is not overlapped by the next one
        else:
            at = text.find(name, at + 1)
    return starts


def introduced_name(sentence: str) -> Optional[str]:
    """The name a sentence introduces: "we propose X", "... (ACRONYM)", "which we call X"."""
    spec = _spec()
    verb = spec["introduce"].search(sentence)
    if not verb:
        return None
    rest = sentence[verb.end():]
    found, by_acronym = None, False
    for pattern, reach in ((spec["acronym"], 110), (spec["named"], 200)):
        match = pattern.search(rest[:reach])
        if match and match.group("name") not in spec["not_subject"] and not canonical_benchmark(match.group("name"))[1]:
            found, by_acronym = match, pattern is spec["acronym"]
            break
    if found is None:
        match = spec["after_verb"].match(rest)
        if match and match.group("name") not in spec["not_subject"]:
            found = match
    if found is None:
        match = spec["lowercase_named"].match(rest)  # "we propose sense finetuning, which ..."
        if match and not spec["generic_head"].search(match.group("name")):
            return match.group("name")
    if found is None:
        return None
    acronym = None if by_acronym else spec["acronym"].search(rest[found.end():found.end() + 90])
    if acronym:
        return acronym.group("name")  # "namely Parallel spEculative ... Length (PEARL)"
    return found.group("name").rstrip(".,")


def attribute(draft, sentence: str, offset: int, entities: list[Found], system: Optional[str],
              phrases: Optional[Phrases] = None) -> None:
    """Fill metric, benchmark, subject and baseline of a draft claim from its sentence."""
    q = draft.quantity
    start, end = q.start - offset, q.end - offset
    in_sentence = [e for e in entities if offset <= e.start and e.end <= offset + len(sentence)]
    benchmarks = [e for e in in_sentence if e.label == "BENCHMARK"]
    models = [e for e in in_sentence if e.label == "MODEL"]
    if draft.metric is None:
        beside = _metric_beside(sentence, end)
        draft.metric = metric_phrase(sentence, start, end, beside, in_sentence, offset)
        draft.extras["metric_beside"] = draft.metric is not None and draft.metric == beside
    if draft.kind in ("score", "delta", "ratio") and benchmarks:
        draft.benchmark = _benchmark(benchmarks, offset, start, end, sentence)
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
        holder = _SCORE_HOLDER.match(sentence[end:end + 80])
        if holder:  # "compared to 95.5% with DrugGPT": the level is DrugGPT's
            draft.subject = holder.group("name").rstrip(".,")
        versus = _SCORE_VERSUS.match(sentence[end:end + 120])
        if versus and draft.baseline is None:  # "100% ... compared to 95.5% with DrugGPT": DrugGPT is the baseline
            draft.baseline = versus.group("name").rstrip(".,")
    bracketed = phrases.phrase_before_bracket(q.start, offset) if phrases is not None and draft.kind == "model_size" \
        else None
    if bracketed:  # "twelve instruction-tuned LLMs (4B to 671B parameters)": the phrase the bracket follows
        draft.subject = bracketed
    elif draft.kind == "model_size":
        described = _SIZED_GROUP.search(sentence[max(0, start - 160):start]) if q.value_high is not None else None
        group = described.group("np").split() if described else []
        if len(group) == 2 and (group[0].lower() in _spec()["cut_words"] or group[0].lower() in _spec()["object_words"]):
            group = group[1:]  # "train models of 0.5B-32B": the verb is not part of the name
        draft.subject = " ".join(group) if group else _model_subject(sentence, start, end, models, offset, system)
    elif draft.subject is None and draft.rule == "score_from_to" and (changed := _OF_NAME_FROM.search(sentence[:start])):
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
            and draft.extras.get("direction_cue") in _IMPROVEMENT_CUES \
            and not _spec()["grows"].search(sentence[end:end + 40]):
        draft.direction = "down"  # "3.1-16.7x per-token latency improvements": better latency is lower


def metric_phrase(sentence: str, start: int, end: int, beside: Optional[str], entities: list[Found] = (),
                  offset: int = 0) -> Optional[str]:
    """The measured quantity as the text names it next to the number; `beside` is the metric
    named right after it (_metric_beside), which the caller also keeps."""
    spec = _spec()
    found = _metric_near(sentence, start, end, beside)
    if found is None or found in spec["bare"]:
        # _metric_near answers None only after the phrase before a bracket gave nothing
        bracketed = _before_bracket(sentence[max(0, start - 120):start]) if found is not None else None
        named = bracketed or _vocabulary_metric(entities, offset, start, end, sentence) or _in_terms_of(sentence)
        return named or found
    return found


def _before_bracket(left: str) -> Optional[str]:
    """"on plot coherence (22.5% absolute gain)": the lowercase phrase right before the bracket."""
    spec = _spec()
    bracketed = _BEFORE_BRACKET.search(left)
    if not bracketed:
        return None
    phrase = _trailing_noun_phrase(bracketed.group("np"))
    if phrase and (phrase == phrase.lower() or is_metric_word(phrase)) and not spec["not_metric_head"].search(phrase) \
            and not _DIGIT.search(phrase):
        return _clean_metric(phrase)
    return None


def _metric_near(sentence: str, start: int, end: int, beside: Optional[str]) -> Optional[str]:
    spec = _spec()
    right = sentence[end:end + 160]
    of_phrase = spec["change_of"].match(right.split(",")[0].strip())
    if of_phrase:  # "13% improvement in FLOPs reduction", "53 times reduction in parameters"
        inner = spec["np_stop"].search(of_phrase.group("np"))
        cleaned = _clean_metric(of_phrase.group("np")[:inner.start()] if inner else of_phrase.group("np"),
                                keep_change=True)
        if cleaned:
            return cleaned
    change_in = spec["change_of_before"].search(sentence[max(0, start - 80):start]) and _IN_AFTER.match(right)
    if change_in:  # "an average reduction of 71% in beam steering overhead": the metric follows "in"
        inner = spec["np_stop"].search(change_in.group("np"))
        cleaned = _clean_metric(change_in.group("np")[:inner.start()] if inner else change_in.group("np"))
        if cleaned:
            return cleaned
    difference = _DIFFERENCE_BEFORE.search(sentence, max(0, start - 80), start)
    by_in = _IN_AFTER.match(right) if difference else None
    if by_in and difference.group(0).lstrip().startswith("by") and not (
            spec["outperform"].search(sentence, max(0, start - 160), start)
            or is_metric_word(by_in.group("np").split()[0].strip(".,"))):
        by_in = None  # "reducing errors by 85% in complex tasks": what changed is the verb's object, "in" says where
    if by_in and (by_in.group("np")[:1].islower() or is_metric_word(by_in.group("np").split()[0].strip(".,"))):
        # "outperforms X by 30.4% in informativeness and 16.3% in factuality": what differs follows
        # "in" (a name there is a benchmark: "by 3.6% in GSM8K")
        inner = spec["np_stop"].search(by_in.group("np"))
        cleaned = _clean_metric(by_in.group("np")[:inner.start()] if inner else by_in.group("np"))
        if cleaned:
            return cleaned
    on_metric = _ON_AFTER.match(right)
    if on_metric and not beside:  # "up to 38% on category F1": a metric after "on" is what was measured
        inner = spec["np_stop"].search(on_metric.group("np"))
        phrase = on_metric.group("np")[:inner.start()] if inner else on_metric.group("np")
        if phrase.split() and is_metric_word(phrase.split()[-1].strip(".,")) and not _CAPITALIZED_LEAD.match(phrase):
            cleaned = _clean_metric(phrase)
            if cleaned:
                return cleaned
    as_adjective = _AS_ADJECTIVE.match(right)
    if as_adjective and as_adjective.group("adj").lower() in spec["comparatives"]:
        return spec["comparatives"][as_adjective.group("adj").lower()]  # "half as slow as"
    if beside:
        return beside
    left = sentence[max(0, start - 300):start]
    cleaned = _before_bracket(left[-120:])
    if cleaned:
        return cleaned
    ranging = _RANGING.search(left)
    if ranging and is_metric_word(_PLURAL_IES.sub("y", ranging.group("head").lower())):
        cleaned = _clean_metric(_trailing_noun_phrase(ranging.group("np")))  # "test accuracies ranging from 80% to over 99%"
        if cleaned:
            return cleaned
    # verbs in running text are lowercase: "Hugging Face Accelerate" is a name, not "accelerate"
    measured = _MEASURE_CHANGES.search(left)
    if measured and measured.group("head").lower() in _measure_heads():
        cleaned = _clean_metric(measured.group("np"))  # "the average response length decreases by up to 71%"
        if cleaned:
            return cleaned
    boundary = None  # a verb of change in another clause ("X reduces time ..., while Y achieves 82.2%") is not this number's
    for boundary in _OTHER_CLAUSE.finditer(left):
        pass
    since = boundary.end() if boundary else 0
    verbs = [v for v in spec["change_verb"].finditer(left, since)
             if not left[v.start()].isupper() or v.start() == 0]
    if verbs:  # "improves the throughput over ... by 29x", "speeding up decoding by 2.18x"
        verb = verbs[-1]
        after = left[verb.end():]
        for earlier in _BY_NUMBER_AND.finditer(after):  # "reducing queries by 77.7% and latency by 97.1%"
            rest = after[earlier.end():]
            stop = spec["np_stop"].search(rest.lstrip())
            phrase = rest.lstrip()[:stop.start()] if stop else rest
            # not "by 2.18x and 1.50x" (one object, two numbers) nor "of Octo by 7.2% and OpenVLA by
            # 21.8%" (the object's systems, not new objects)
            if _LOWERCASE_WORD.search(phrase) or any(is_metric_word(word) for word in phrase.split()):
                after = rest
        after = spec["determiners"].sub("", after.lstrip())
        stop = spec["np_stop"].search(after)
        counted = _COUNT_OF.match(after)
        if counted:  # "reducing the number of LLM queries by 77.7%": the count of what
            stop = spec["np_stop"].search(after, counted.end())
        cleaned = _clean_metric(after[:stop.start()] if stop else after)
        if cleaned and spec["not_metric_head"].search(cleaned):
            cleaned = None  # "improves the baseline by 2.1 points": what is compared against, not measured
        named = spec["verb_metric"].get(verb.group(0).lower())
        if named:
            return f"{cleaned} {named}" if cleaned else named
        if cleaned:
            return cleaned
    near_left = left[-120:]
    left_of = spec["left_of"].search(near_left)
    adjacent = spec["adjacent_np"].search(near_left)
    if adjacent and not left_of:  # "a superior speedup performance up to 3.79x"
        cleaned = _clean_metric(_trailing_noun_phrase(adjacent.group("np")))
        if cleaned and not _DIGIT.search(cleaned) and not spec["not_metric_head"].search(cleaned) \
                and not (cleaned.endswith("ing") and not is_metric_word(cleaned)):
            return cleaned
    if left_of and left_of.group("abbr") and len(_CAPITAL.findall(left_of.group("abbr"))) >= 2:
        return _clean_metric(left_of.group("abbr"))  # "mean absolute percentage error (MAPE) = 4.37%": the short name
    if left_of:
        words = left_of.group("np").split()
        while words and words[0].lower() not in spec["cut_words"] and len(words) > 1 and \
                any(w.lower() in spec["cut_words"] for w in words[1:]):
            words = words[1:]
        tail = []
        for word in reversed(words):
            if word.lower() in spec["cut_words"]:
                break
            tail.insert(0, word)
        cleaned = _clean_metric(" ".join(tail))
        if cleaned:
            return cleaned
    return None


# "a reduction of 71% in X", "an improvement of up to 5% in X": a change named before the number,
# what changed after it.
_OF_NAME_FROM = Backward(r"\bof\s+(?:the\s+)?(?P<name>[A-Z][\w.+-]*[A-Z0-9][\w.+-]*|[A-Z][a-z]+[A-Z][\w.+-]*)"
                         r"(?:\s+(?:model|baseline|backbone|LLM))?\s+from\s+$")
# A measure that changes by itself: "the average response length decreases by up to 71%".
_MEASURE_CHANGES = Backward(r"(?P<np>(?:[\w-]+\s+){0,3}(?P<head>[\w-]+))\s+(?:decreases?|decreased|increases?|increased|"
                            r"drops?|dropped|rises?|rose|falls?|fell|grows?|grew|shrinks?|shrank|improves?|improved|"
                            r"(?:is|are|was|were)\s+(?:reduced|increased|improved|decreased|lowered|raised|cut))\s+by\s+"
                            r"(?:(?:up to|over|about|nearly|around|approximately|roughly)\s+)?$")


@functools.lru_cache(maxsize=1)
def _measure_heads() -> frozenset:
    """Heads of phrases that name what is measured ("length", "latency", "accuracy"), from
    data/word_classes.yml not_system_heads and the metric vocabulary."""
    heads = set(load_yaml("word_classes.yml")["not_system_heads"]) - {"results", "result", "we", "it", "this", "they",
                                                                       "which", "that", "there", "one", "ones"}
    return frozenset(heads)


# What ranges over the numbers: "test accuracies ranging from 80% to over 99%".
_RANGING = Backward(r"(?P<np>(?:[\w-]+\s+){0,2}(?P<head>[\w-]+))\s+rang(?:ing|es|ed|e)\s+(?:from\s+|between\s+)?"
                    r"(?:(?:up to|over|about|nearly|around|approximately|roughly)\s+)?$")
_OTHER_CLAUSE = regex.compile(r";\s|,\s*(?:while|whereas|but)\s|\s(?:while|whereas)\s")
_IN_AFTER = regex.compile(r"^\s+in\s+(?:terms\s+of\s+)?(?:the\s+)?(?P<np>[^,;()]{2,80})")
# A difference's number: after "by", or listed after one read so ("by 30.4% in X and 16.3% in Y").
_DIFFERENCE_BEFORE = Backward(r"(?:\bby|%\s+in\s+[a-z][\w -]{0,40}?(?:,\s*(?:and\s+)?|\s+and\s+))\s*"
                              r"(?:(?:up to|over|about|nearly|around|at least|approximately|roughly)\s+)?$")
# An earlier "by N" the verb's next object is joined to: what follows it is this number's.
_BY_NUMBER_AND = regex.compile(r"\bby\s+(?:[^\s,;]+\s+){0,2}?[^\s,;]*\d[^\s,;]*(?:\s*,\s*(?:and\s+)?|\s+and\s+)")
_LOWERCASE_WORD = regex.compile(r"\b[a-z]{2,}")
_NUMBER_BEFORE_BRACKET = Backward(r"(?<![\w./-])(?P<number>\d[\d.,]*(?:\s?(?:\\?%|points?|pp|x))?)\s*$")
# "improvements over the current best model, GeoRSCLIP, with": a system named after a comparison is the baseline
_COMPARED_KIND = Backward(r"\b(?:over|than|to|against|with|vs\.?|versus|outperform\w*|surpass\w*|beat\w*)\s+(?:[\w-]+\s+){0,4}$")
_ON_AFTER = regex.compile(r"^\s+on\s+(?:the\s+)?(?P<np>[^,;()]{2,60})")
_CAPITALIZED_LEAD = regex.compile(r"[A-Z][a-z]+[A-Z0-9]|[A-Z][\w-]*\s+[A-Z]")  # "MS-COCO AP", "ScanNet mIoU": a name first
_LISTED_NUMBERS = regex.compile(r"^(?:\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)\s*[\d.]+\s*(?:\\?%|x|points?|pp)?)+")
_BRACKET = regex.compile(r"[()]")
_CONDITION = regex.compile(r"\b(?:with|using|while|at|and|or)\b|,")  # "9% and 17%, and SSIM ...": the next item's
_NEW_ON_PHRASE = Backward(r",\s*(?:and\s+|while\s+|whereas\s+|but\s+)?(?:on|in)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}$")
_KIND_WORDS = regex.compile(r"\b(?:benchmarks?|datasets?|corpus|corpora|splits?|sets?)$", regex.I)
_COUNT_OF = regex.compile(r"^(?:number|amount|fraction|percentage|proportion|share|count)\s+of\s+", regex.I)


def _metric_beside(sentence: str, end: int) -> Optional[str]:
    """The metric named right after the number, if any (the strongest evidence)."""
    right = sentence[end:end + 160]
    stop = _spec()["np_stop"].search(right)
    phrase = right[:stop.start()].strip() if stop else ""
    paired = _SLASH_NUMBER.search(phrase)
    if paired:  # "83.9% top-1 / 96.6% top-5": the next number's words are not this one's
        phrase = phrase[:paired.start()]
    return _clean_metric(phrase) if phrase and len(phrase.split()) <= 5 else None


def _trailing_noun_phrase(text: str) -> str:
    """The words at the end of `text` after its last verb or function word."""
    cut = _spec()["cut_words"]
    words = []
    for word in reversed(text.split()):
        if word.lower() in cut:
            break
        words.insert(0, word)
    return " ".join(words)


def _in_terms_of(sentence: str) -> Optional[str]:
    match = _spec()["in_terms_of"].search(sentence)
    return _clean_metric(match.group("np")) if match else None


_PLURAL_IES = regex.compile(r"(?<=\w{3})ies$")
_PERFORMANCE_OF = regex.compile(r"^(?P<metric>.+?)\s+performance$")


def _clean_metric(phrase: str, keep_change: bool = False) -> Optional[str]:
    spec = _spec()
    phrase = phrase.strip(" -")
    if _NUMBER_WORD.search(phrase):
        return None  # "/1.88% average", "4x higher": another number's words ("mAP@0.5", "SD v1.5" are names)
    lowered = phrase.lower()
    if lowered in spec["comparatives"]:
        return spec["comparatives"][lowered]
    words = phrase.split()
    if len(words) > 1 and words[0].lower() in spec["comparatives"] and words[1][:1].isupper():
        return spec["comparatives"][words[0].lower()]  # "35x smaller Backpack": the comparison names the metric
    phrase = spec["leading_comparative"].sub("", phrase)
    phrase = _LEADING_DETERMINER.sub("", phrase)
    phrase = spec["fillers"].sub("", phrase)
    if not keep_change:
        phrase = spec["trailing_change"].sub("", phrase)
    words = phrase.split()
    if not words or len(words) > 4:
        return None
    if words[0].lower() in spec["not_metric"] or not _LETTER.search(phrase):
        return None
    if len(words) == 1 and _DIGIT.search(phrase) and _CAPITAL.search(phrase) and not is_metric_word(phrase):
        return None  # "GPT-J-6B", "ViT-B/16": a model, not a metric
    lowered = _PLURAL_IES.sub("y", phrase.lower())  # "accuracies" -> "accuracy"
    if lowered in spec["not_metric_alone"]:
        return None  # "by an average of 2.5%", "2% absolute": a qualifier, not what is measured
    head = _PERFORMANCE_OF.match(lowered)
    if head and canonical_metric(head.group("metric"))[1] is not None:
        lowered = head.group("metric")  # "speedup performance" is a speedup
    return spec["comparatives"].get(lowered, lowered)


def _metric_is_this_numbers(gap: str) -> bool:
    """Whether a metric after a number, past `gap`, is the number's: not past another number
    (unless listed with it: "1.35% and 5% of the generated tokens"), nor past "with" (a
    condition) or a list's separator (the next item's)."""
    gap = _LISTED_NUMBERS.sub("", gap, count=1)
    return not _NUMBER_WORD.search(gap) and not _CONDITION.search(gap)


def _closes_bracket(sentence: str, end: int, start: int, stop: int) -> bool:
    """"(97.8% for detection and 97.7% for localization, AUROC)": a metric that closes the bracket
    its numbers stand in names them all."""
    return sentence[stop:stop + 2].lstrip()[:1] == ")" and not _BRACKET.search(sentence, end, start)


def _vocabulary_metric(entities, offset: int, start: int, end: int, sentence: str = "",
                       anywhere: bool = False) -> Optional[str]:
    """A metric from the vocabulary: right after the number, just before it, or (anywhere) the
    nearest; the one after never across another number, whose measure it names ("by 1.5% with
    0.72 times trainable parameters"), nor across "with" ("by 0.8% with fewer parameters": a condition)."""
    metrics = [e for e in entities if e.label == "METRIC"]
    after = [m for m in metrics if 0 <= m.start - (offset + end) <= 25
             and (_metric_is_this_numbers(sentence[end:m.start - offset])
                  or _closes_bracket(sentence, end, m.start - offset, m.end - offset))]
    before = [m for m in metrics if 0 <= (offset + start) - m.end <= 40]
    pick = after[0] if after else (before[-1] if before else None)
    if pick is None and anywhere and metrics:
        pick = min(metrics, key=lambda m: min(abs(m.start - (offset + end)), abs((offset + start) - m.end)))
    return pick.text.lower() if pick else None


# After a benchmark, what says the number that follows is reached on it: "COCO val set with 58.0%",
# "ImageNet: 85.2%", "SQuAD (F1 = 91.2".
_OWNS_NEXT = regex.compile(r"\G(?:[^\d,;.]{0,30}?(?:\bwith|:|=)\s*(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:of\s+)?"
                           r"|\s+to\s+)$")  # "COCO val set with 58.0% PQ", "improving BC4CHEMD to 93.72%"


def _benchmark(benchmarks: list[Found], offset: int, start: int, end: int, sentence: str = "") -> Optional[str]:
    after = [b for b in benchmarks if b.start >= offset + end]
    before = [b for b in benchmarks if b.end <= offset + start]
    opening = sentence.rfind("(", 0, start)
    if opening >= 0 and ")" not in sentence[opening:start] and not _DIGIT.search(sentence, opening, start):
        level = _NUMBER_BEFORE_BRACKET.search(sentence, 0, opening)
        if level:  # "BC4CHEMD to 93.72% (4.1% gain)": the change in brackets is on the level's benchmark
            return _benchmark(benchmarks, offset, level.start("number"), level.end("number"), sentence)
    if opening >= 0 and ")" not in sentence[opening:start] and before:
        # inside brackets right after a benchmark: "on GSM8K (+2.9 pp vs. X)"
        if 0 <= opening - (before[-1].end - offset) <= 3:
            return before[-1].text
    after = [b for b in after if ";" not in sentence[end:b.start - offset]]  # "...; on LoCoMo, ...": another clause
    if before:  # "(up to 25 points ...), markedly more stable NIAH retrieval", "by over 1%, and on the more
        # challenging Split ImageNet-R, it achieves": a name past the number's bracket or in a new "on"
        # phrase after a comma is another statement's, when one before is there to take
        inside = opening >= 0 and ")" not in sentence[opening:start]
        after = [b for b in after if not (inside and ")" in sentence[end:b.start - offset])
                 and not _NEW_ON_PHRASE.search(sentence, end, b.start - offset)]
    in_clause = [b for b in before if ";" not in sentence[b.end - offset:start]]
    before = in_clause or before
    owned = before and _OWNS_NEXT.search(sentence, before[-1].end - offset, start)
    if owned and owned.end() == start:  # "COCO val set with 58.0% PQ, Cityscapes val set with 68.4%"
        pick = before[-1]
    elif after and after[0].start - (offset + end) < 80:
        pick = after[0]
    else:
        # a benchmark listed inside brackets that closed before the number is an example, not its target
        before = [b for b in before if ")" not in sentence[b.end - offset:start]
                  or "(" not in sentence[:b.start - offset]]
        pick = before[-1] if before else (after[0] if after else None)
    return _coordinated(pick, benchmarks, offset, sentence) if pick else None


def _coordinated(pick: Found, benchmarks: list[Found], offset: int, sentence: str) -> str:
    """The benchmark, or the coordination it stands in: "on VOC and COCO object detection
    datasets ... by 7.0% mAP" is on "VOC and COCO" (numbers that pair with the names one by one
    are split again by lists.respectively and lists.share_within_lists)."""
    ordered = sorted(benchmarks, key=lambda b: b.start)
    at = next((k for k, b in enumerate(ordered) if b is pick), None)
    if at is None or not sentence:
        return pick.text
    first = last = at
    while first > 0 and _COORDINATION_GAP.fullmatch(sentence, ordered[first - 1].end - offset, ordered[first].start - offset):
        first -= 1
    while last + 1 < len(ordered) and _COORDINATION_GAP.fullmatch(sentence, ordered[last].end - offset,
                                                                   ordered[last + 1].start - offset):
        last += 1
    if first == last or not _COORDINATION_CLOSES.search(sentence, ordered[first].end - offset, ordered[last].start - offset):
        return pick.text
    return sentence[ordered[first].start - offset:ordered[last].end - offset]


_COORDINATION_GAP = regex.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
_COORDINATION_CLOSES = regex.compile(r"\b(?:and|or)\b")  # "A and B", "A, B, and C": a list that says it ends


_EXAMPLES = regex.compile(r"^(?P<head>.*?)(?:,\s*)?\b(?:such as|like|including|e\.g\.,?|namely)\s+(?P<names>.+)$")
# "the state-of-the-art method EDVR-M", "the baseline GPT-4o": a kind, then the name it has
_HEAD_THEN_NAME = regex.compile(r"^(?:(?:a|an|the|our|strong|stronger|competitive|popular|prior|previous|existing|standard|"
                                r"vanilla|original|widely[- ]used|state-of-the-art|leading|recent)\s+)*"
                                r"(?:baselines?|models?|methods?|systems?|approach|approaches)\s+"
                                r"(?P<name>[A-Z][\w+.-]*[A-Z0-9][\w+.-]*|[A-Z][a-z]+[A-Z][\w+.-]*)$")
_BRACKET_LIST = regex.compile(r"^\s*\((?P<names>[^()]{2,120})\)")


_CAPITAL_OR_DIGIT = regex.compile(r"[A-Z0-9]")
_SUCH_AS = regex.compile(r"\b(?:such as|like|including)\s+")
_NAME_IN_LIST = regex.compile(r"^(?:and\s+|or\s+)?(?:[A-Z]|\d+[A-Za-z])")
_TRAILING_CONJUNCTION = regex.compile(r"\s+(?:and|or)$")


def _tidy_baseline(phrase: str, after: str) -> str:
    """Name the compared-against system where the phrase does: "similar models like Mistral-7B" ->
    "Mistral-7B", "the state-of-the-art method EDVR-M" -> "EDVR-M", "numerous systems (vLLM,
    Ollama)" -> the list. A name before its kind stays as printed with it: "a BF16 baseline",
    "the vanilla ST-GCN baseline" (GUIDELINES: "the sliding window recomputation baseline")."""
    examples = _EXAMPLES.match(phrase)
    if examples and _CAPITAL_OR_DIGIT.search(examples.group("names")):
        return examples.group("names").strip()
    named = _HEAD_THEN_NAME.match(phrase)
    if named:
        return named.group("name")
    listed = _BRACKET_LIST.match(after)
    if listed and _CAPITAL.search(listed.group("names")) and "," in listed.group("names"):
        return listed.group("names").strip()
    return phrase


def _phrase(text: str) -> str:
    """A compared-against phrase: up to a hard stop; a comma list of names is kept whole."""
    spec = _spec()
    examples = _SUCH_AS.search(text[:60])
    if examples:  # "similar dense models like Mistral-7B, ..." : the names are the baseline
        text = text[examples.end():]
    stop = spec["hard_stops"].search(text)
    text = text[:stop.start()] if stop else text
    parts = [p.strip() for p in text.split(",")]
    kept = [parts[0]]
    for part in parts[1:]:
        if _NAME_IN_LIST.match(part):
            kept.append(part)
        else:
            break
    phrase = ", ".join(p for p in kept if p)
    phrase = _TRAILING_CONJUNCTION.sub("", phrase).strip().rstrip(".,;:")
    if phrase.count("(") != phrase.count(")"):
        phrase = phrase.replace("(", "").replace(")", "").strip()
    phrase = _tidy_baseline(phrase, text[stop.start():] if stop else "")
    words = phrase.split()
    return " ".join(words[:12])


_BY_BEFORE = Backward(r"\s+by\s+(?:(?:up to|over|about|nearly|around|at least|approximately|roughly)\s+)?$")
_BY_LISTED = regex.compile(r"\bby\s+[^,;]*?\d[^,;]*?(?:,\s*(?:and\s+)?|\s+and\s+)")
_LEADING_CONJUNCTION = regex.compile(r"^(?:and|or)\s+")
_NAME_LIST = regex.compile(r",\s*(?:and\s+)?[A-Z]")
_PARTICIPLE = regex.compile(r"[a-z]+ing\b")
_CLAUSE_AFTER_NAMES = regex.compile(r",\s+(?!(?:and|or)\b)[a-z]")  # "A, B, and C, improving X": the list ends


APPOSITIVE_REACH = 300  # characters before a number where its system may be named beside its kind
CUE_REACH = 400  # characters either side of a number where a comparison cue can be its baseline's
PHRASE_REACH = 300  # characters after a cue that can hold the phrase (at most twelve words)


def baseline_phrase(sentence: str, start: int, end: int) -> Optional[str]:
    """What a difference or factor is compared against: after a cue to its right, before
    "by N" ("outperforms X by 3%"), or the sentence's comparison cue outside other brackets."""
    spec = _spec()
    right = sentence[end:]
    cue = spec["baseline_cue"].search(right)
    if cue and cue.start() < 45:
        phrase = _phrase(right[cue.end():])
        if phrase and not phrase[:1].isdecimal():
            return phrase
    left = sentence[:start]
    by = _BY_BEFORE.search(left)
    if by:
        before = left[:by.start()]
        cues = list(spec["compare_before_by"].finditer(before))
        clause = _CLAUSE_AFTER_NAMES.search(before, cues[-1].end()) if cues else None
        if cues and not (clause and _PARTICIPLE.match(before, clause.end() - 1)):
            # (a cue before ", improving X by 30%" is another clause's: "such as A, B, and C, improving ...")
            what = before[cues[-1].end():]
            listed = list(_BY_LISTED.finditer(what))
            if listed:
                what = what[listed[-1].end():]
            what = _LEADING_CONJUNCTION.sub("", what.strip())
            phrase = _phrase(what) if not _NAME_LIST.search(what) else _CLAUSE_AFTER_NAMES.split(what, maxsplit=1)[0].strip()
            if phrase:
                return phrase
    # the cues near the number only, each read a phrase's length on: a sentence of thousands of
    # "X vs. Y" would otherwise have every number read every cue to the sentence's end
    for cue in spec["baseline_cue"].finditer(sentence, max(0, start - CUE_REACH), end + CUE_REACH):
        if start <= cue.start() < end or _number_after(sentence, cue.end()) \
                or _inside_other_brackets(sentence, cue.start(), start):
            continue  # "vs. 28.6%": a number, not what is compared against
        phrase = _phrase(sentence[cue.end():cue.end() + PHRASE_REACH])
        if phrase and not phrase[:1].isdecimal():
            return phrase
    return None


def _number_after(sentence: str, at: int) -> bool:
    """Whether a cue is followed by a number, not a phrase (which _phrase would refuse): "vs.
    28.6%", but not "surpassing 10X larger models such as GPT-4", where the names are it."""
    return sentence[at:at + 1].isdecimal() and not _SUCH_AS.search(sentence[at:at + 60])


def _inside_other_brackets(sentence: str, position: int, claim_start: int) -> bool:
    """A cue inside a parenthesis that does not hold the claim belongs to something else."""
    opening = sentence.rfind("(", 0, position)
    if opening < 0 or ")" in sentence[opening:position]:
        return False
    closing = sentence.find(")", position)
    return not (opening <= claim_start <= (closing if closing >= 0 else len(sentence)))


_BRACKETED_LEVEL = Backward(r"(?:^|,|;|\band\b|\bboth\b|\bthan\b|\bover\b|\bto\b|\b(?:outperform|surpass|beat|exceed)\w*)"
                            r"\s+(?P<np>[^,;()]{2,80})\s*\((?:[^()]{0,25}=\s*)?$")
_CAPITAL_OR_DIGIT_IN = regex.compile(r"[A-Z0-9]")


def _before_verb(phrase: str) -> Optional[str]:
    """A phrase up to its claim verb, when it has one ("XGBoost achieved the best prediction
    (R^2 = 0.91)": XGBoost); a phrase that starts with its verb names no system."""
    verb = _spec()["claim_verb_word"].search(phrase)
    if verb is None:
        return phrase
    head = phrase[:verb.start()].strip()
    if head and len(head.split()) <= 4 and _CAPITAL_OR_DIGIT_IN.search(head):
        return head  # a name, then its verb
    return phrase if head else None  # "the best score achieved without search": the verb qualifies the noun


_COMPARISON_LEAD = regex.compile(r"^(?:(?:while|whereas|but)\s+)?(?:(?:outperform|surpass|beat|exceed)\w*\s+)?(?:(?:both|either|and)\s+)?")


def subject_of(sentence: str, start: int, benchmarks: list[Found], offset: int, system: Optional[str],
               baseline: Optional[str], level: bool = False, phrases: Optional[Phrases] = None) -> Optional[str]:
    """The system that achieves the number: the name before a claim verb, else the paper's system."""
    spec = _spec()
    left = sentence[:start]
    bench_spans = [(b.start - offset, b.end - offset) for b in benchmarks]
    chosen, chosen_at = None, None  # the subject, and where in the sentence a name before its verb is
    for match in spec["name"].finditer(left):
        name = match.group("name").rstrip(".-")
        if name in spec["not_subject"] or any(a <= match.start() < b for a, b in bench_spans):
            continue
        if spec["adjectival"].search(name) or is_metric_word(name):
            continue
        if baseline and name in baseline:
            continue
        if spec["object_before"].search(left[:match.start()]):
            continue
        verb = spec["claim_verbs"].match(left[match.end():])
        if verb and (phrases is None or phrases.is_verb_at(offset + match.end() + verb.end() - 1)):
            chosen, chosen_at = name, match.start()  # a name, then its verb ("F1 scores of 0.8": a noun there)
    for pattern in (spec["appositive_subject"], spec["passive_subject"]):
        # "the top-performing model, o1, only achieves": read near the number (a sentence of a thousand
        # numbers would otherwise be read again for each)
        for match in pattern.finditer(left, max(0, len(left) - APPOSITIVE_REACH)):
            if (chosen_at is None or match.start("name") > chosen_at) and not _OTHER_CLAUSE.search(left, match.end()) \
                    and match.group("name") not in spec["not_subject"] \
                    and not _COMPARED_KIND.search(left, max(0, match.start() - 40), match.start()):
                chosen, chosen_at = match.group("name"), match.start("name")
    if system:
        mentions = whole_word_starts(system, left)
        if mentions and (chosen is None or mentions[-1] > left.rfind(chosen)):
            chosen, chosen_at = system, mentions[-1]
    bracketed = _BRACKETED_LEVEL.search(left) if level else None
    if chosen is None:
        clause_subject = spec["that_subject"].search(left)  # "reveals that encoder-decoder architectures achieve"
        if clause_subject and not spec["generic_head"].fullmatch(clause_subject.group("np").split()[-1]):
            chosen = clause_subject.group("np")
    if bracketed:
        phrase = _before_verb(_COMPARISON_LEAD.sub("", bracketed.group("np").strip()))
        if phrase and opens_with_preposition(phrase):
            phrase = None  # "on ASL Citizen datasets (74% top-1 accuracy)": where, not who
        if phrase and (any(b.text in phrase for b in benchmarks) or _KIND_WORDS.search(phrase)):
            phrase = None  # "DPG-Bench (86.4)": a benchmark's score, not who reached it
        if phrase and len(phrase.split()) <= 8 and not _DIGIT.search(phrase):
            return phrase  # "surpassing the Searchformer baseline (93.3%)": its level
    if phrases is not None and (chosen is None or chosen_at is not None):
        # the noun phrase before the number's verb ("the fusion algorithm reduced ..."), unless
        # a name before a claim verb comes later; "the model", "our approach": the paper's own
        phrase = phrases.name_before_number(offset + start) if level else None
        if phrase is not None and (any(a <= phrase.start - offset < b for a, b in bench_spans)
                                   or is_metric_word(phrase.text)
                                   or (phrase.text in spec["not_subject"] and phrase.text not in spec["model_kinds"])):
            phrase = None
        named_before = phrase is not None
        phrase = phrase or phrases.subject_before(offset + start, offset, any_verb=level)
        if phrase is not None and (chosen is None or phrase.start - offset > chosen_at
                                   or (phrase.text.endswith(" " + chosen) and len(phrase.text.split()) <= 4)):
            if phrase.own:
                chosen = system if chosen is not None else None
            elif not ((phrase.text in spec["not_subject"] and not (named_before and phrase.text in spec["model_kinds"]))
                      or (baseline and phrase.text in baseline)
                      or spec["self_reference"].search(phrase.text) or is_metric_word(phrase.text)
                      or any(a <= phrase.start - offset < b for a, b in bench_spans)):
                chosen = phrase.text
    if chosen is None:
        chosen = introduced_name(left) or system
    if chosen and ("\\" in chosen or is_metric_word(chosen.rstrip("s")) or is_metric_word(chosen)
                   or is_metric_word(_PLURAL_IES.sub("y", chosen))):  # "Test accuracies ranging from 80%"
        chosen = system  # "F1-scores improved by 67%", "TPR \\(": what was measured, not who
    if chosen and chosen != system:
        chosen = _tidy_subject(chosen, system)
    return chosen


def _tidy_subject(chosen: str, system: Optional[str]) -> Optional[str]:
    """A subject read off a sentence as the system it names: never an adverb or a modal with it
    ("our approach can"), the name a describing word stands before ("proposed XMANet",
    "framework MRCD"), and for a measure "of" something, that something ("accuracy of our fake
    review detection model")."""
    spec = _spec()
    chosen = spec["subject_tail"].sub("", chosen)  # "our approach can", "coreset-driven pruning can"
    measured = _MEASURE_OF.match(chosen)
    if measured and is_metric_word(_PLURAL_IES.sub("y", measured.group("measure").lower())):
        what = measured.group("what")  # "accuracy of QwQ-32B": the system measured, if a name or our own
        if spec["self_reference"].search(what):
            return system
        return what if spec["name"].search(what) and not _DIGIT_WORD.search(what) else system
    if is_metric_word(_BRACKETED_SHORT.sub("", chosen)):
        return system  # "Frechet Inception Distance (FID)": what was measured
    named = spec["described_name"].match(chosen)
    if named:
        chosen = named.group("name")  # "proposed CB-Res-RBCMT", "state-of-the-art GPT-4o"
    chosen = noun_phrase_of(chosen)  # "that our method significantly improves": never an adverb with it
    if chosen and chosen.isalpha() and chosen.islower() and "ADV" in lexicon().possible(chosen):
        return None  # "far outperforming": a lone word that can be an adverb is no system
    if chosen and spec["self_reference"].fullmatch(chosen):
        return system  # "our method": the paper's own system
    return chosen


_MEASURE_OF = regex.compile(r"^(?:the\s+)?(?P<measure>[\w-]+(?:\s[\w-]+){0,2}?)\s+of\s+(?P<what>.+)$", regex.I)
_BRACKETED_SHORT = regex.compile(r"\s*\([^()]{1,12}\)$")
_DIGIT_WORD = regex.compile(r"(?<![\w-])\d")  # "37.56 cm relative": a number, not a name


_APPOSITIVE_BEFORE = Backward(r"(?P<name>[\w.-]+),\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}$")


def _model_subject(sentence: str, start: int, end: int, models: list[Found], offset: int,
                   system: Optional[str]) -> Optional[str]:
    unnamed = None  # "an 8B-parameter model": a model, but which, the words around it say
    for model in models:
        if model.start - offset <= start < model.end - offset or model.start - offset <= end - 1 < model.end - offset:
            if model.canonical.lower() not in _spec()["self_nouns"]:
                return model.canonical
            unnamed = model.canonical
    appositive = _APPOSITIVE_BEFORE.search(sentence[:start])
    if appositive and (appositive.group("name")[0].isupper() or "-" in appositive.group("name").strip("-")):
        return appositive.group("name")  # "domestic-yak, a state-of-the-art 8B-parameter model"
    return introduced_name(sentence[:start]) or system or unnamed


def is_bare_metric(name: str) -> bool:
    """"improvement", "gain", "margin": a change named without what changed."""
    return name.lower() in _spec()["bare"]


def is_metric_word(name: str) -> bool:
    """Whether a phrase names a metric of the vocabulary. A word in capitals is one only as the
    vocabulary writes it ("IS", "TPR"): "DICE" is a system's name, "Dice" the coefficient."""
    if "@" in name:
        name = _threshold().sub("", name)  # "mAP@0.5" is mAP read at a threshold
    if is_acronym(name) and " " not in name and name not in metric_acronyms():
        return False
    return canonical_metric(name)[1] is not None


@functools.lru_cache(maxsize=1)
def _threshold():
    """The threshold a metric is read at, at the end of its name (data/claim_rules.yml metric_threshold)."""
    return regex.compile(load_yaml("claim_rules.yml")["metric_threshold"] + "$")


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
        named = long_form if long_form and _spec()["resource_name"].search(long_form) else system
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
