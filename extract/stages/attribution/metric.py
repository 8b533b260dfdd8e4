"""The metric slot: what a number measures, as the sentence names it.

In order of evidence: the words right after the number ("31.5 ROUGE-L"), a change named
around it ("a 13% improvement in X", "by 30.4% in X"), the phrase before a bracket, a measure
that changes or ranges by itself, the object of a verb of change ("reduces latency by 2x"),
the noun phrase before "of"/"="; then the metric vocabulary near the number.
"""
from __future__ import annotations

import functools
from typing import Optional
import regex

from claimbase.engines.alternation import is_acronym
from claimbase.engines.backward import Backward
from claimbase.engines.resources import load_yaml
from claimbase.stages.attribution.patterns import CAPITAL, DIGIT, PLURAL_IES, rules
from claimbase.stages.entities import canonical_metric, metric_acronyms
from claimbase.stages.mentions import Found


_BEFORE_BRACKET = Backward(r"(?P<np>(?:[\w@.+/-]+\s){0,2}[\w@.+/-]+)\s*\(\s*$")
_SLASH_NUMBER = regex.compile(r"\s*/\s*\d")
_NUMBER_WORD = regex.compile(r"(?<![\w@.:,-]|@\s)\d+(?:\.\d+)?(?:%|x\b)?(?![\w.-])")
_LETTER = regex.compile(r"[A-Za-z]")


def metric_phrase(sentence: str, start: int, end: int, beside: Optional[str], entities: list[Found] = (),
                  offset: int = 0) -> Optional[str]:
    """The measured quantity as the text names it next to the number; `beside` is the metric
    named right after it (metric_beside), which the caller also keeps."""
    spec = rules()
    found = _metric_near(sentence, start, end, beside)
    if found is None or found in spec["bare"]:
        # _metric_near answers None only after the phrase before a bracket gave nothing
        bracketed = _before_bracket(sentence[max(0, start - 120):start]) if found is not None else None
        named = bracketed or _vocabulary_metric(entities, offset, start, end, sentence) or _in_terms_of(sentence)
        return named or found
    return found


def _before_bracket(left: str) -> Optional[str]:
    """"on plot coherence (22.5% absolute gain)": the lowercase phrase right before the bracket."""
    spec = rules()
    bracketed = _BEFORE_BRACKET.search(left)
    if not bracketed:
        return None
    phrase = _trailing_noun_phrase(bracketed.group("np"))
    if phrase and (phrase == phrase.lower() or is_metric_word(phrase)) and not spec["not_metric_head"].search(phrase) \
            and not DIGIT.search(phrase):
        return _clean_metric(phrase)
    return None


def _metric_near(sentence: str, start: int, end: int, beside: Optional[str]) -> Optional[str]:
    spec = rules()
    right = sentence[end:end + 160]
    of_phrase = spec["change_of"].match(right.split(",")[0].strip())
    if of_phrase:  # "13% improvement in FLOPs reduction", "53 times reduction in parameters"
        inner = spec["np_stop"].search(of_phrase.group("np"))
        cleaned = _clean_metric(of_phrase.group("np")[:inner.start()] if inner else of_phrase.group("np"),
                                keep_change=True)
        if cleaned:
            return cleaned
    change_in = spec["change_of_before"].search(sentence[max(0, start - 80):start]) and rules()["in_after"].match(right)
    if change_in:  # "an average reduction of 71% in beam steering overhead": the metric follows "in"
        inner = spec["np_stop"].search(change_in.group("np"))
        cleaned = _clean_metric(change_in.group("np")[:inner.start()] if inner else change_in.group("np"))
        if cleaned:
            return cleaned
    difference = rules()["difference_before"].search(sentence, max(0, start - 80), start)
    by_in = rules()["in_after"].match(right) if difference else None
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
    on_metric = rules()["on_after"].match(right)
    if on_metric and not beside:  # "up to 38% on category F1": a metric after "on" is what was measured
        inner = spec["np_stop"].search(on_metric.group("np"))
        phrase = on_metric.group("np")[:inner.start()] if inner else on_metric.group("np")
        if phrase.split() and is_metric_word(phrase.split()[-1].strip(".,")) and not _CAPITALIZED_LEAD.match(phrase):
            cleaned = _clean_metric(phrase)
            if cleaned:
                return cleaned
    as_adjective = rules()["as_adjective"].match(right)
    if as_adjective and as_adjective.group("adj").lower() in spec["comparatives"]:
        return spec["comparatives"][as_adjective.group("adj").lower()]  # "half as slow as"
    if beside:
        return beside
    left = sentence[max(0, start - 300):start]
    cleaned = _before_bracket(left[-120:])
    if cleaned:
        return cleaned
    ranging = rules()["ranging"].search(left)
    if ranging and is_metric_word(PLURAL_IES.sub("y", ranging.group("head").lower())):
        cleaned = _clean_metric(_trailing_noun_phrase(ranging.group("np")))  # "test accuracies ranging from 80% to over 99%"
        if cleaned:
            return cleaned
    # verbs in running text are lowercase: "Hugging Face Accelerate" is a name, not "accelerate"
    measured = rules()["measure_changes"].search(left)
    if measured and measured.group("head").lower() in _measure_heads():
        cleaned = _clean_metric(measured.group("np"))  # "the average response length decreases by up to 71%"
        if cleaned:
            return cleaned
    boundary = None  # a verb of change in another clause ("X reduces time ..., while Y achieves 82.2%") is not this number's
    for boundary in rules()["other_clause"].finditer(left):
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
            if _LOWERCASE_WORD.search(phrase) or any(is_metric_word(word) for word in phrase.split()) \
                    or _system_then_in(rest.lstrip()):  # "... and BIOMEDICA in cross-modal retrieval by"
                after = rest
        after = spec["determiners"].sub("", after.lstrip())
        compared = spec["compared_then_in"].match(after) or _system_then_in(after)
        if compared:  # "improving upon BiomedCLIP in phenotype classification accuracy by 8.85%": what changed follows "in"
            after = after[compared.end():]
        stop = spec["np_stop"].search(after)
        counted = rules()["count_of"].match(after)
        if counted:  # "reducing the number of LLM queries by 77.7%": the count of what
            stop = spec["np_stop"].search(after, counted.end())
            cleaned = _clean_metric(after[counted.end():stop.start()] if stop else after[counted.end():])
            if cleaned:  # what is counted may take four words: "number of effective optimization steps"
                cleaned = f"{' '.join(counted.group(0).split()).lower()} {cleaned}"
        if not counted or not cleaned:  # ("tokens" alone is no metric; "number of tokens" is)
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
        if cleaned and not DIGIT.search(cleaned) and not spec["not_metric_head"].search(cleaned) \
                and not (cleaned.endswith("ing") and not is_metric_word(cleaned)) and not _SCORED_BY.search(cleaned):
            return cleaned
    if left_of and left_of.group("abbr") and len(CAPITAL.findall(left_of.group("abbr"))) >= 2:
        return _clean_metric(left_of.group("abbr"))  # "mean absolute percentage error (MAPE) = 4.37%": the short name
    if left_of:
        cleaned = _phrase_of(left_of)
        if cleaned:
            return cleaned
    return None


def _phrase_of(left_of) -> Optional[str]:
    """The measure named before "of" or "=" (a `left_of` match), from after its last cut word."""
    spec = rules()
    words = left_of.group("np").split()
    while words and words[0].lower() not in spec["cut_words"] and len(words) > 1 and \
            any(w.lower() in spec["cut_words"] for w in words[1:]):
        words = words[1:]
    tail = []
    for word in reversed(words):
        if word.lower() in spec["cut_words"]:
            break
        tail.insert(0, word)
    return _clean_metric(" ".join(tail))


def named_measure(sentence: str, start: int, implied: str) -> Optional[str]:
    """The measure a sentence names right before "of" and a number in a unit ("a transmission
    distance of 450 km", "an end-to-end inference time of 13.4 ms"): more telling than the dimension
    the unit implies. A lowercase noun phrase only, not a vague one ("real-time performance of 37
    FPS": the unit's speed says more), and not the implied measure with words around it ("an average
    PSNR of 38.96 dB" measures PSNR)."""
    left_of = rules()["left_of"].search(sentence[max(0, start - 120):start])
    if not left_of or not _OF_END.search(left_of.group(0)):
        return None
    cleaned = _phrase_of(left_of)
    if not cleaned or cleaned != cleaned.lower() or DIGIT.search(cleaned) or rules()["not_metric_head"].search(cleaned) \
            or cleaned.split()[-1] in rules()["vague_measures"]:
        return None
    around = [word for word in cleaned.split() if word != implied.lower()]
    if len(around) < len(cleaned.split()) and all(word in rules()["not_metric_alone"] for word in around):
        return None  # "an average PSNR of 38.96 dB": PSNR
    return cleaned


# "human experts score 92.1%", "frontier models score below 60%": a plural, then "score" used as its verb
_SCORED_BY = regex.compile(r"\b[a-z]+[^su\W]s\s+(?:score|scored)$", regex.I)
_ATTACHED = regex.compile(r"[\s(:,-]*(?:just|only|about|approximately|by)?[\s(:,-]*")  # a number right after a metric
_OF_END = regex.compile(r"\bof\s+(?:\S+\s+)?$")



@functools.lru_cache(maxsize=1)
def _measure_heads() -> frozenset:
    """Heads of phrases that name what is measured ("length", "latency", "accuracy"), from
    data/word_classes.yml not_system_heads and the metric vocabulary."""
    heads = set(load_yaml("word_classes.yml")["not_system_heads"]) - {"results", "result", "we", "it", "this", "they",
                                                                       "which", "that", "there", "one", "ones"}
    return frozenset(heads)


# An earlier "by N" the verb's next object is joined to: what follows it is this number's.
_BY_NUMBER_AND = regex.compile(r"\bby\s+(?:[^\s,;]+\s+){0,2}?[^\s,;]*\d[^\s,;]*(?:\s*,\s*(?:and\s+)?|\s+and\s+)")
_LOWERCASE_WORD = regex.compile(r"\b[a-z]{2,}")
_CAPITALIZED_LEAD = regex.compile(r"[A-Z][a-z]+[A-Z0-9]|[A-Z][\w-]*\s+[A-Z]")  # "MS-COCO AP", "ScanNet mIoU": a name first
_BRACKET = regex.compile(r"[()]")


def _system_then_in(text: str):
    """A system named, then "in" what of it changed ("BIOMEDICA in cross-modal retrieval"); a
    metric before "in" is what changed itself ("F1-score in selecting the protocol")."""
    named = rules()["named_then_in"].match(text)
    return named if named and not is_metric_word(named.group("name")) else None


def metric_beside(sentence: str, end: int) -> Optional[str]:
    """The metric named right after the number, if any (the strongest evidence)."""
    right = sentence[end:end + 160]
    if rules()["state_of_the_art"].match(right):
        return None  # "the 94.1% state of the art": who reached it, not what was measured
    stop = rules()["np_stop"].search(right)
    phrase = right[:stop.start()].strip() if stop else ""
    paired = _SLASH_NUMBER.search(phrase)
    if paired:  # "83.9% top-1 / 96.6% top-5": the next number's words are not this one's
        phrase = phrase[:paired.start()]
    return _clean_metric(phrase) if phrase and len(phrase.split()) <= 5 else None


def _trailing_noun_phrase(text: str) -> str:
    """The words at the end of `text` after its last verb or function word."""
    cut = rules()["cut_words"]
    words = []
    for word in reversed(text.split()):
        if word.lower() in cut:
            break
        words.insert(0, word)
    return " ".join(words)


def _in_terms_of(sentence: str) -> Optional[str]:
    match = rules()["in_terms_of"].search(sentence)
    return _clean_metric(match.group("np")) if match else None


# ("FLOPs", "GFLOPs", "OPs" count operations: the s is the word's own; "LLMs' performance" is a possessive)
_ACRONYM_PLURAL = regex.compile(r"(?<![\w-])(?![\w-]*OPs)([a-z]?[A-Z][\w-]*[A-Z0-9])s(?![\w'’-])")
_PERFORMANCE_OF = regex.compile(r"^(?P<metric>.+?)\s+performance$")


def _clean_metric(phrase: str, keep_change: bool = False) -> Optional[str]:
    spec = rules()
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
    phrase = rules()["leading_determiner"].sub("", phrase)
    phrase = spec["fillers"].sub("", phrase)
    if not keep_change:
        phrase = spec["trailing_change"].sub("", phrase)
    words = phrase.split()
    if not words or len(words) > 4:
        return None
    if words[0].lower() in spec["not_metric"] or not _LETTER.search(phrase):
        return None
    if len(words) == 1 and DIGIT.search(phrase) and CAPITAL.search(phrase) and not is_metric_word(phrase):
        return None  # "GPT-J-6B", "ViT-B/16": a model, not a metric
    phrase = _ACRONYM_PLURAL.sub(r"\1", phrase)  # "WERs of 1.5%/3.1%", "AUCs": an acronym in the plural
    lowered = PLURAL_IES.sub("y", phrase.lower())  # "accuracies" -> "accuracy"
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
    gap = rules()["listed_numbers"].sub("", gap, count=1)
    return not _NUMBER_WORD.search(gap) and not rules()["condition"].search(gap)


def _closes_bracket(sentence: str, end: int, start: int, stop: int) -> bool:
    """"(97.8% for detection and 97.7% for localization, AUROC)": a metric that closes the bracket
    its numbers stand in names them all."""
    return sentence[stop:stop + 2].lstrip()[:1] == ")" and not _BRACKET.search(sentence, end, start)


def _vocabulary_metric(entities, offset: int, start: int, end: int, sentence: str = "",
                       anywhere: bool = False) -> Optional[str]:
    """A metric from the vocabulary: right after the number, just before it, or (anywhere) the
    nearest; the one after never across another number, whose measure it names ("by 1.5% with
    0.72 times trainable parameters"), nor across "with" ("by 0.8% with fewer parameters": a condition)."""
    contrast = rules()["cost_contrast"]
    metrics = [e for e in entities if e.label == "METRIC"
               and not (offset <= e.start and contrast.search(sentence, max(0, e.start - offset - 40), e.start - offset)
                        and not _ATTACHED.fullmatch(sentence, e.end - offset, start))  # "fewer parameters (9.3%)": its own
               and not (offset <= e.start and _SCORED_BY.search(sentence, max(0, e.start - offset - 30), e.end - offset))]
    after = [m for m in metrics if 0 <= m.start - (offset + end) <= 25
             and (_metric_is_this_numbers(sentence[end:m.start - offset])
                  or _closes_bracket(sentence, end, m.start - offset, m.end - offset))]
    before = [m for m in metrics if 0 <= (offset + start) - m.end <= 40]
    pick = after[0] if after else (before[-1] if before else None)
    if pick is None and anywhere and metrics:
        pick = min(metrics, key=lambda m: min(abs(m.start - (offset + end)), abs((offset + start) - m.end)))
    return pick.text.lower() if pick else None


def is_bare_metric(name: str) -> bool:
    """"improvement", "gain", "margin": a change named without what changed."""
    return name.lower() in rules()["bare"]


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
