"""Benchmarks, metrics and sized models named in an abstract.

Vocabulary terms (data/benchmarks.yml, data/metrics.yml) are found with spaCy's
PhraseMatcher; names not in the vocabulary by the shape patterns of
data/benchmark_patterns.yml (`*-Bench`, "the X dataset", "evaluated on X"); models with
parameter counts by models.py. Every mention keeps its span and rule.
"""
from __future__ import annotations

import functools
from typing import Optional

import regex
from spacy.language import Language
from spacy.matcher import PhraseMatcher

from claimbase.engines.alternation import whole_name_occurrences, written_as_is
from claimbase.engines.loader import cue_patterns, rule_pattern
from claimbase.engines.resources import load_yaml, surfaces
from claimbase.stages.doc_fields import state_of
from claimbase.stages.mentions import Found, kind_nouns
from claimbase.stages.models import find_models
from claimbase.stages.tokens import extraction_pipeline
from claimbase.stages.word_classes import lexical_class, lexicon


@functools.lru_cache(maxsize=1)
def _vocab():
    bench_index = {surface: entry["name"] for surface, entry in surfaces("benchmarks.yml", "benchmarks")}
    metric_index = {surface.lower(): (entry["name"], entry.get("higher_is_better"))
                    for surface, entry in surfaces("metrics.yml", "metrics")}
    return bench_index, metric_index


@functools.lru_cache(maxsize=1)
def _matchers():
    nlp = extraction_pipeline()  # the extractor's own: patterns and text split alike
    bench_index, metric_index = _vocab()
    # matched without case; a name written otherwise than the vocabulary has it is kept only
    # where the case cannot make it another word (_another_case_of_a_name)
    benchmarks = PhraseMatcher(nlp.vocab, attr="LOWER")
    acronyms = PhraseMatcher(nlp.vocab, attr="ORTH")
    for surface, canonical in bench_index.items():
        benchmarks.add(canonical, [nlp.make_doc(surface)])
    metrics = PhraseMatcher(nlp.vocab, attr="LOWER")
    written_lower = {surface.lower() for surface, _ in surfaces("metrics.yml", "metrics") if not written_as_is(surface)}
    for surface, (canonical, _) in metric_index.items():
        if surface in written_lower:
            metrics.add(canonical, [nlp.make_doc(surface)])
    for surface, canonical in metric_acronyms().items():  # "IS" is the inception score, "is" a verb
        acronyms.add(canonical, [nlp.make_doc(surface)])
    spec = load_yaml("benchmark_patterns.yml")
    shapes = [(p["rule"], rule_pattern(p), cue_patterns(p.get("near"), p.get("needs", ()))) for p in spec["patterns"]]
    not_before = regex.compile(r"^\s+(?:" + "|".join(regex.escape(w) for w in spec["not_before"]) + r")\b")
    return nlp, benchmarks, (metrics, acronyms), shapes, (set(spec["not_benchmarks"]), not_before)


_INNER_CAPITAL_OR_DIGIT = regex.compile(r"\w[A-Z0-9]")


def _another_case_of_a_name(written: str) -> bool:
    """Whether a vocabulary name written in another case ("Librispeech", "HotPotQA", "Imagenet-1k")
    is still the name: it has a capital or a digit inside, or is no English word in any case
    ("ruler", "Kinetics", "TACOS" may be words; "MATH" written "math" is one)."""
    if len(written) < 5 or written.islower() and not any(ch.isdigit() for ch in written):
        return False
    inner = not written.isupper() and _INNER_CAPITAL_OR_DIGIT.search(written)  # "BRATS" is "brats" in capitals
    return bool(inner) or not lexicon().possible(written.lower())


@functools.lru_cache(maxsize=1)
def metric_acronyms() -> dict[str, str]:
    """Metric surfaces that are acronyms (IS, EM, FID, F1, ROUGE-L, rFID: alternation.written_as_is),
    matched only as written. Lowercased, some are ordinary words ("is", "em")."""
    return {surface: entry["name"] for surface, entry in surfaces("metrics.yml", "metrics") if written_as_is(surface)}


@functools.lru_cache(maxsize=8192)  # the same few names come back in every abstract
def canonical_benchmark(name: str) -> tuple[str, bool]:
    """The vocabulary's name for a benchmark as printed, and whether it is in the vocabulary."""
    bench_index, _ = _vocab()
    if name in bench_index:
        return bench_index[name], True
    key = name.lower().replace("-", "").replace(" ", "")
    folded = _folded_benchmarks()
    if key in folded:
        return folded[key], True
    return name, False


@functools.lru_cache(maxsize=1)
def _folded_benchmarks() -> dict[str, str]:
    """Vocabulary names without case, hyphens and spaces: "gsm-8k" and "GSM8K" meet."""
    return {k.lower().replace("-", "").replace(" ", ""): v for k, v in _vocab()[0].items()}


@functools.lru_cache(maxsize=8192)  # the same few names come back in every abstract
def canonical_metric(name: str) -> tuple[str, Optional[bool]]:
    """The vocabulary's metric for a phrase: an exact alias, else the alias the phrase ends with
    ("mean end-to-end latency" is a latency), else the phrase itself with unknown polarity."""
    _, metric_index = _vocab()
    lowered = name.lower()
    found = metric_index.get(lowered)
    if found:
        return found
    head = _metric_head().search(lowered)
    if head:
        return metric_index[head.group(0)]
    return lowered, None


@functools.lru_cache(maxsize=1)
def _metric_head():
    aliases = sorted(_vocab()[1], key=len, reverse=True)
    return regex.compile(r"(?<![\w-])(?:" + "|".join(regex.escape(a) for a in aliases) + r")$")


def find_entities(doc, text: Optional[str] = None) -> list[Found]:
    """Benchmarks, metrics and models in a spaCy Doc of the plain view.

    `text` is the Doc's text when the caller has it: `doc.text` rebuilds it token by token."""
    nlp, benchmark_matcher, metric_matcher, shapes, (not_benchmarks, not_before) = _matchers()
    strings = nlp.vocab.strings
    text = text if text is not None else doc.text
    if doc.vocab is not nlp.vocab:  # a doc of another pipeline: tokenized again, as the patterns were
        doc = nlp.make_doc(text)
    found: list[Found] = []
    bench_index = _vocab()[0]
    for span in benchmark_matcher(doc, as_spans=True):  # spans made by the matcher, in Cython
        start, end = span.start_char, span.end_char
        written = text[start:end]
        if written not in bench_index and (written in not_benchmarks or not _another_case_of_a_name(written)):
            continue
        if _word_bounded(text, start, end) and not not_before.match(text[end:]):
            found.append(Found("BENCHMARK", start, end, written, strings[span.label], "benchmark_vocabulary"))
    for span in [*metric_matcher[0](doc, as_spans=True), *metric_matcher[1](doc, as_spans=True)]:
        start, end = span.start_char, span.end_char
        canonical = strings[span.label]
        found.append(Found("METRIC", start, end, text[start:end], canonical,
                           "metric_vocabulary", higher_is_better=canonical_metric(canonical)[1]))
    models = find_models(text)
    found.extend(models)
    taken = [(f.start, f.end) for f in found if f.label in ("BENCHMARK", "MODEL")]
    for rule, pattern, near in shapes:
        for match in _shape_matches(text, pattern, near):
            start, end = match.span("name")
            while start and (text[start - 1].isalnum() or text[start - 1] == "-") and rule != "bench_suffix":
                start -= 1  # the whole word: "3D-FRONT", "WhereToChange", "nuScenes" (the shape began inside it)
            name = text[start:end].strip()
            while " " in name and name.split()[0] in not_benchmarks and name.split()[1][:1].isupper():
                start = text.index(" ", start) + 1  # "the OOD SimplerEnv benchmark": a kind word before the name
                name = text[start:end].strip()
            if name in not_benchmarks or name.split()[0] in not_benchmarks or len(name) < 2 \
                    or (_NAME_PARTS.split(name)[0] in not_benchmarks and rule != "bench_suffix") \
                    or not_before.match(text[end:]):  # "Qwen-7B" is of a model family; "CV-Bench" says what it is
                continue
            if any(a < end and start < b for a, b in taken) or (
                    _SIZE_IN_NAME.search(name) and rule not in ("named_dataset", "bench_suffix")):
                continue  # "on Qwen-7B": a model; "the BIOSCAN-5M dataset", "RSWBench-1.1M": datasets of millions
            if name.lower() == name:  # lowercase words are not names
                continue
            if rule == "evaluated_on" and name.lower() in _vocab()[1]:
                continue  # "2% on F1": a metric, not where
            if rule in _AFTER_A_SCORE and (name.lower() in _vocab()[1] or _family_of(name).lower() in _folded_not_benchmarks()
                                           or (rule == "scored_on" and name.isalpha()
                                               and "ADJ" in lexicon().possible(name.lower()))):
                continue  # "39% on Recall", "boosting F1 to 74%": metrics; "on Deepseek-R1": a model; "on Hard": a split
            if rule != "bench_suffix" and (_family_of(name) in not_benchmarks or _PLURAL_ACRONYM.match(name)
                                           or _describing_compound(text, start, name)):
                continue  # "on Qwen2.5-Omni": a model of a known family; "on SLMs": a kind; "TC-centric"
            if rule == "named_dataset" and not _named_not_typed(text, start, name):
                continue
            mention_rule = rule
            if rule == "named_dataset" and not _one_of_named(text, start, end):
                mention_rule = "named_datasets_kind"  # "on miniImageNet and tieredImageNet benchmarks", "MRI
                # datasets": kept, but too weak for the knowledge base to learn the name from
            found.append(Found("BENCHMARK", start, end, name, canonical_benchmark(name)[0], mention_rule))
            taken.append((start, end))
    found.extend(_named_with(text, found, taken, not_benchmarks))
    found.extend(_listed_benchmarks(text, found, taken, not_benchmarks, not_before))
    found.extend(_kind_lists(text, taken, not_benchmarks))
    not_names = _not_names()
    return _drop_nested([f for f in found if not (f.label == "BENCHMARK" and f.rule != "benchmark_vocabulary"
                                                  and f.text in not_names)])


_LIST_MEMBER = regex.compile(r"(?:[A-Z0-9][\w'.+/-]*[\w'+])(?:\s(?:[A-Z0-9][\w'.+/-]*[\w'+]|[0-9])){0,2}")  # "ARC-AGI 2"
_MEMBER_SCORE = regex.compile(r"\s*\([^()]*\)$")  # a member's score in brackets: "ARC-AGI (32.8%)"
_LIST_SPLIT = regex.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")


@functools.lru_cache(maxsize=1)
def _kind_list_pattern():
    spec = load_yaml("benchmark_patterns.yml")
    kinds = "|".join(regex.escape(k) for k in spec["kind_nouns"])
    openers = "|".join(regex.escape(o) for o in sorted(spec["list_openers"], key=len, reverse=True))
    # a member may carry its score in brackets ("benchmarks like Enigmata-Eval, ARC-AGI (32.8%), and ARC-AGI 2
    # (0.6%)"), not an abbreviation: "Deepfake Detection and Manipulation (DFDM)" is one name
    return regex.compile(r"\b(?:" + kinds + r")\s*,?\s*(?P<opener>" + openers + r")\s*(?P<names>(?:[^.;()]|\((?![A-Z][\w-]*\))[^(),;]{1,20}\)){2,200}?)"
                         r"(?=\)|[.;](?:\s|$)|\s(?:and|or)\s[a-z]|,\s(?:(?!(?:and|or)\s)[a-z]|(?:and|or)\s[a-z])|$)")


_CLOSED_BY = regex.compile(r"\s(?:and|or)\s+$")
_CLAUSE_GOES_ON = regex.compile(r"\s+[a-z]")


def _closing_member(piece: str, text: str, offset: int) -> str:
    """The last member of a list closed by "and" or "or", without the clause that goes on after
    it: "datasets including ASL STEM Wiki and FLEURS-ASL contain interpreters" lists FLEURS-ASL."""
    member = _LIST_MEMBER.match(piece)
    if member and member.end() < len(piece) and _CLAUSE_GOES_ON.match(piece, member.end()) \
            and _CLOSED_BY.search(text, max(0, offset - 6), offset):
        return member.group()
    return piece


def _kind_lists(text: str, taken: list, not_benchmarks: set) -> list[Found]:
    """Names listed after a plural kind: "benchmarks such as HumanEval, MBPP and APPS",
    "datasets (CrossSum and WikiLingua)". Each member must look like a name (a capital or a
    digit first) and the list must hold only such members: a list that runs into ordinary
    words is left alone."""
    if not any(kind in text for kind in kind_nouns()):  # most abstracts list no kind of benchmark
        return []
    out = []
    for match in _kind_list_pattern().finditer(text):
        if match.group("opener") == "(" and text[match.end("names"):match.end("names") + 1] != ")":
            continue
        names, at = match.group("names"), match.start("names")
        parts, position = [], at
        for piece in _LIST_SPLIT.split(names):
            piece = _MEMBER_SCORE.sub("", piece)
            offset = text.find(piece, position)
            parts.append((piece, offset))
            position = offset + len(piece)
        for k in range(1, len(parts)):
            closing = _closing_member(parts[k][0], text, parts[k][1])
            if closing != parts[k][0]:
                parts = parts[:k] + [(closing, parts[k][1])]
                break
        if len(parts) < 2 or not all(_LIST_MEMBER.fullmatch(piece) for piece, _ in parts):
            continue
        for piece, offset in parts:
            if piece in not_benchmarks or piece.split()[0] in not_benchmarks or _family_of(piece) in not_benchmarks \
                    or _PLURAL_ACRONYM.match(piece) or any(a < offset + len(piece) and offset < b for a, b in taken):
                continue
            out.append(Found("BENCHMARK", offset, offset + len(piece), piece, canonical_benchmark(piece)[0], "kind_list"))
            taken.append((offset, offset + len(piece)))
    return out


# After a benchmark, the names listed with it: "on 3DPW, MPI-INF-3DHP, and Human3.6M", "on GenEval
# (0.86), DPG-Bench (86.4), and WISE (0.53)", "datasets (CrossSum and WikiLingua)". A member is
# a capitalized name of one or two words; the list must close with "and" or "or", as an English
# list does, so that a name starting the next clause is not taken for one.
_LIST_TAIL = regex.compile(r"(?:\s*\([^()]{0,16}\))?(?P<sep>\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+)"
                           r"(?P<name>[A-Z0-9][\w'.+/-]*[\w'+](?:\s[A-Z][\w'.+/-]*[\w+])?)(?![\w-])")


_RESPECTIVELY_AFTER = regex.compile(r"(?:(?![.;]\s).){0,200}?\brespectively\b")
_RESULT_NUMBER = regex.compile(r"(?<![\w.])[0-9]+(?:\.[0-9]+)?\s?(?:\\?%|\b)")


def _paired_respectively(text: str, at: int, names: int) -> bool:
    """Whether the names listed up to `at` (a list without "and": "on DOTA, UCAS-AOD, HRSC with
    76.64% mAP, 97.01% mAP, and 90.46% mAP respectively") are paired one to one with as many
    numbers before "respectively" in the same sentence: the sentence says each is a name."""
    said = _RESPECTIVELY_AFTER.match(text, at)
    return bool(said) and len(_RESULT_NUMBER.findall(text, at, said.end())) == names


def _listed_benchmarks(text: str, found: list[Found], taken: list, not_benchmarks: set, not_before) -> list[Found]:
    listed = []
    for seed in [f for f in found if f.label == "BENCHMARK"]:
        members, at, closed = [], seed.end, False
        while True:
            tail = _LIST_TAIL.match(text, at)
            if not tail:
                break
            name = tail.group("name")
            if name in not_benchmarks or name.split()[0] in not_benchmarks or not _CAPITAL.search(name) \
                    or not_before.match(text, tail.end()) or _family_of(name) in not_benchmarks:
                break
            members.append((tail.start("name"), tail.end("name"), name))
            closed = closed or bool(regex.search(r"\b(?:and|or)\b", tail.group("sep")))
            at = tail.end()
            if closed:
                break
        if not closed and not (members and _paired_respectively(text, at, len(members) + 1)):
            continue
        for start, end, name in members:
            if not any(a < end and start < b for a, b in taken):
                listed.append(Found("BENCHMARK", start, end, name, canonical_benchmark(name)[0], "benchmark_list"))
                taken.append((start, end))
    return listed


_CAPITAL = regex.compile(r"[A-Z]")
_FAMILY = regex.compile(r"^[A-Za-z]+")
_WORD_BEFORE = regex.compile(r"(?:^|(?<=\s))(?P<word>[\w'-]+)[ \t]+$")


_PLURAL_ACRONYM = regex.compile(r"^[A-Z]{2,}s$")  # "SLMs", "MIAs": kinds of things, not one named set
_LOWER_TAIL = regex.compile(r"-(?P<tail>[a-z]+)$")


def _describing_compound(text: str, start: int, name: str) -> bool:
    """"TC-centric corpora", "160B-token corpus", "OCR-based tasks": a compound that ends in a
    describing word describes what follows."""
    tail = _LOWER_TAIL.search(name)
    return bool(tail and tail.group("tail") in _describing_tails())


@functools.lru_cache(maxsize=1)
def _describing_tails() -> frozenset:
    """"-centric", "-based", "-aware", "-token": the ends of describing compounds."""
    return frozenset(load_yaml("attribution.yml")["adjective_suffixes"]) | {"token", "tokens", "scale", "level"}


@functools.lru_cache(maxsize=1)
def _not_names() -> frozenset:
    """Whole names the shapes read that are never a benchmark ("3D", "MRI"): data/benchmark_patterns.yml not_names."""
    return frozenset(load_yaml("benchmark_patterns.yml")["not_names"])


@functools.lru_cache(maxsize=1)
def _folded_not_benchmarks() -> frozenset:
    """The names that are not benchmarks, lowercased: "Deepseek" is written for "DeepSeek"."""
    return frozenset(name.lower() for name in load_yaml("benchmark_patterns.yml")["not_benchmarks"])


def _family_of(name: str) -> str:
    """The letters a name opens with: "Qwen" of "Qwen2.5-Omni", "LLaVA" of "LLaVA-1.5"."""
    match = _FAMILY.match(name)
    return match.group(0) if match else ""


_MIXED_CASE_NAME = regex.compile(r"\p{Ll}\p{Lu}|\p{Lu}\p{Ll}+\p{Lu}")  # "ManipalUAVid", "DeepFashion", "nuScenes"
_LIST_BEFORE = regex.compile(r"(?P<word>[\w'-]+)\s+(?:[A-Z0-9][\w'.+/-]*,?\s+)*?(?:(?:and|or)\s+)?$")


@functools.lru_cache(maxsize=1)
def _plural_kind_after():
    return regex.compile(r"\s+(?:" + "|".join(map(regex.escape, kind_nouns())) + r")\b")


def _one_of_named(text: str, start: int, end: int) -> bool:
    """"X datasets" is a kind ("MRI datasets", "RAG benchmarks", "CT and MRI datasets") unless a
    determiner says which ones: "the COCO and LVIS datasets", "both X and Y benchmarks"."""
    if not _plural_kind_after().match(text, end):
        return True
    before = _LIST_BEFORE.search(text, max(0, start - 120), start)
    return bool(before) and before.group("word").lower() in _NAMING_DETERMINERS


_NAMING_DETERMINERS = {"the", "both", "these", "our", "their", "its", "two", "three", "four", "five", "six"}
_CLOSING_JOIN = regex.compile(r"(?:\s*,)?\s+(?:and|or)\s*$")
_NAMES_BEFORE = regex.compile(r"(?P<word>[\w'-]+)\s+(?P<names>(?:[A-Z0-9][\w'.+/-]*(?:\s[A-Z0-9][\w'.+/-]*){0,2},?\s+)+?"
                           r"(?:and|or)\s+)$")


def _named_with(text: str, found: list[Found], taken: list, not_benchmarks: set) -> list[Found]:
    """The names a determiner lists with a benchmark before a plural kind: "the Replica and
    Matterport3D datasets", "both Spider and BIRD benchmarks" name Replica and Spider too."""
    out = []
    for seed in [f for f in found if f.label == "BENCHMARK" and _plural_kind_after().match(text, f.end)]:
        before = _NAMES_BEFORE.search(text, max(0, seed.start - 120), seed.start)
        if not before or before.group("word").lower() not in _NAMING_DETERMINERS:
            continue
        position = before.start("names")
        for piece in _LIST_SPLIT.split(_CLOSING_JOIN.sub("", before.group("names"))):
            offset = text.find(piece, position)
            position = offset + len(piece)
            if not piece or not _LIST_MEMBER.fullmatch(piece) or piece in not_benchmarks \
                    or _family_of(piece) in not_benchmarks or any(a < position and offset < b for a, b in taken):
                continue
            out.append(Found("BENCHMARK", offset, position, piece, canonical_benchmark(piece)[0], "named_dataset"))
            taken.append((offset, position))
    return out


def _named_not_typed(text: str, start: int, name: str) -> bool:
    """Whether "X dataset" names a dataset, not a kind of one. A name is written "the X
    dataset", "on X dataset", or opens a clause; "a curated Islam QA dataset", "six Diagram
    QA datasets", "the lung cancer CT dataset", "diverse Filipino datasets" describe the kind
    (the word before is an article, a number, a describing word or a noun), and "New
    datasets", "Across benchmarks" open a sentence with an ordinary word."""
    if ". " in name or "\n" in name:
        return False  # "GPU. The corpus": a sentence ended inside
    if _MIXED_CASE_NAME.search(name):
        return True  # "extended ManipalUAVid dataset": a name's own shape, whatever comes before it
    lex = lexicon()
    first = name.split()[0]
    sentence_start = not text[:start].strip() or text[:start].rstrip()[-1:] in ".!?:"
    if sentence_start and first[1:].islower() and lex.possible(first.lower()):
        return False
    if first.lower() in lex.closed:
        return False
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if before is None:
        return True
    word = before.group("word")
    if word.lower() in ("a", "an") or word[:1].isdigit():
        return False
    if word != word.lower():
        return True  # a capitalized word before: part of a longer name, or a sentence start
    cls, possible = lexical_class(word, word.lower(), False, lex)
    if cls == "VERB" and word.lower().endswith(("ed", "en")) and "ADJ" in (possible or ()) or "ADJ" in (possible or ()):
        return False  # "widely adopted XLS datasets": a describing word before
    return cls in ("DET", "ADP", "CCONJ", "SCONJ", "PRON", "AUX", "PART", "PUNCT", "VERB") and word.lower() not in (
        "several", "many", "multiple", "various", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        "ten", "some", "all", "both", "these", "those", "other", "such")


_AFTER_A_SCORE = ("scored_on", "raised_to")  # shapes read off a score, where a metric or model name can stand too
_NAME_PARTS = regex.compile(r"[-_]")
_SIZE_IN_NAME = regex.compile(r"[0-9][BbMm]\b")


def _shape_matches(text: str, pattern, near):
    """Matches of a shape, tried only around its cue words when it has them (most text has none)."""
    if near is None:
        yield from pattern.finditer(text)
        return
    seen = set()
    for cue in near.finditer(text):
        window_end = min(len(text), cue.end() + 60)  # room for what a shape looks ahead to ("X show that")
        for match in pattern.finditer(text, max(0, cue.start() - 80), window_end):
            if match.end() >= window_end - 2 and window_end < len(text):
                match = _match_at(pattern, text, match.start())  # the window's end may have cut it ("Ga" of "Gait3D")
            if match is not None and match.span("name") not in seen:
                seen.add(match.span("name"))
                yield match


def _match_at(pattern, text: str, start: int):
    """The pattern's match starting at `start` against the whole text, or None."""
    match = next(iter(pattern.finditer(text, start)), None)
    return match if match is not None and match.start() == start else None


def _word_bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before == "-") and not (after.isalnum() or after in "-+")


def _drop_nested(found: list[Found]) -> list[Found]:
    """Within one label, a mention inside a longer one goes ("MATH" inside "MATH500")."""
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    out: list[Found] = []
    reach: dict[str, int] = {}  # per label, the furthest end of a kept mention: all of them start earlier
    for item in found:
        if reach.get(item.label, -1) >= item.end:
            continue
        out.append(item)
        reach[item.label] = max(reach.get(item.label, -1), item.end)
    return out


ENTITY_COMPONENT = "claimbase_entities"


@Language.component(ENTITY_COMPONENT)
def mark_entities(doc):
    """doc._.entities: the benchmark, metric and model mentions."""
    state = state_of(doc)
    state.entities = find_entities(doc, state.text)
    if state.learned is not None:
        state.entities.extend(_learned_mentions(state.learned, state.text, state.entities))
    return doc


def _learned_mentions(learned, text: str, found: list[Found]) -> list[Found]:
    """Benchmarks the knowledge base learned from other papers (extract/storage/knowledge_base.py),
    where this text writes them and no other mention is."""
    taken = [(f.start, f.end) for f in found]
    return [Found("BENCHMARK", start, end, name, canonical_benchmark(name)[0], "knowledge_base")
            for start, end, name in whole_name_occurrences(learned, text)
            if not any(a < end and start < b for a, b in taken)]
