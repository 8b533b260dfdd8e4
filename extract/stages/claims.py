"""Claim rules: what each number of a sentence is, and what it is about.

Reads `Quantity` spans (extract/stages/numbers.py) and entity mentions (extract/stages/entities.py) of
one sentence and decides, with the cue lists of data/claim_rules.yml, the claim's kind
(score, delta, ratio, model_size, quantity), metric, benchmark, subject, baseline and
direction. Each decision names the rule that made it, so a wrong claim traces to a rule.
"""
from __future__ import annotations

from claimbase.stages.doc_fields import state_of

import functools
from dataclasses import dataclass, field
from typing import Optional

import regex

from claimbase.engines.backward import Backward
from claimbase.engines import loader
from claimbase.stages.numbers import Quantity
from claimbase.engines.resources import load_yaml, surfaces
from claimbase.stages import doc_fields  # noqa: F401  (the Doc's fields)
from spacy.language import Language
import bisect


@dataclass
class Draft:
    """A claim before it is mapped back to the original text and validated."""

    quantity: Quantity
    kind: str
    rule: str
    unit: str = ""
    metric: Optional[str] = None
    benchmark: Optional[str] = None
    subject: Optional[str] = None
    baseline: Optional[str] = None
    direction: Optional[str] = None
    confidence: float = 0.8
    extras: dict = field(default_factory=dict)


# What ends right before a number ("... by", "(", "parameters of"): read from the end (extract/engines/backward.py).
_OPEN_BRACKET_BEFORE = Backward(r"\(\s*$")
_CLOSE_BRACKET_AFTER = regex.compile(r"\s*\)")
_BY_BEFORE = Backward(r"\bby\s+(?:up\s+to\s+|over\s+|about\s+|nearly\s+|around\s+)?$")
# A difference named by its measure: "by a Dice Similarity Coefficient of 3.75%", "by an average of 2%".
_BY_A_MEASURE_OF = Backward(r"\bby\s+(?:a|an)\s+(?:[\w-]+\s+){1,4}?of\s+(?:up\s+to\s+|over\s+|about\s+|nearly\s+|around\s+)?$")
_QUOTED_LEVEL_BEFORE = Backward(r"\((?:[^()]{0,25}=\s*)?$")
_COMPARED_AFTER = regex.compile(r"^\s*(?:as\b|the\b|more\b|fewer\b|less\b|faster\b|slower\b|smaller\b|larger\b|"
                                r"higher\b|lower\b|computation\b|memory\b|speed|throughput|improvement|reduction|increase|gain|boost|"
                                r"decrease|acceleration)", regex.I)
_BY_TO_AT_BEFORE = Backward(r"\b(?:by|to|at)\s+$")
_PARAMS_WORD = regex.compile(r"\bparam", regex.I)
_PARAMS_AFTER = regex.compile(r"^\s*(?:of\s+)?(?:the\s+)?(?:model'?s?\s+)?(?:trainable\s+|activated\s+)?param", regex.I)
_SIZE_WRITTEN = regex.compile(r"\d\s?[BM]\b|billion|million")
_ONE_MODEL_BEFORE = Backward(r"\b(?:a|an|our|one)\s+$", regex.I)
_OF_THESE_AFTER = regex.compile(r"^\s*of\s+these\b")
_TRAINING_WORD = regex.compile(r"\b(?:train|trained|pre-?train)", regex.I)
_QUALITY_AFTER = regex.compile(r"^\s*(?:performance|quality)", regex.I)
_FIRST_WORD = regex.compile(r"^\s*(\w+)")


@functools.lru_cache(maxsize=1)
def _rules():
    spec = load_yaml("claim_rules.yml")
    units = load_yaml("units.yml")

    words = loader.words  # a list of cue words, whole and case-blind

    nouns = units["count_nouns"]
    return {
        "delta": words(spec["delta_cues"]),
        "down": words(spec["down_cues"]),
        "up": words(spec["up_cues"]),
        "relative_of": regex.compile(spec["relative_of"], regex.I),
        "share_of_more": regex.compile(spec["share_of_more"]),
        "result_from_to": regex.compile(spec["result_from_to"], regex.I),
        "operating_point_before": Backward(spec["operating_point_before"]),
        "bound_after": regex.compile(spec["bound_after"]),
        "risen_from_before": Backward(spec["risen_from_before"], regex.I),
        "percent_compound_after": regex.compile(spec["percent_compound_after"]),
        "level_to_before": Backward(spec["level_to_before"], regex.I),
        "level_of_before": Backward(spec["level_of_before"]),
        "change_nouns": frozenset(w.lower() for w in load_yaml("attribution.yml")["change_nouns"]),
        "change_in_before": Backward(r"\b(?:" + loader.alternation(load_yaml("attribution.yml")["change_nouns"])
                                     + r")\s+in\s+(?:the\s+)?(?:[\w-]+\s+){0,3}$", regex.I),
        "share_of_not": frozenset(spec["share_of_not"]),
        "share_of_measured": frozenset(spec["share_of_measured"]),
        "setup_suffix": regex.compile(spec["setup_suffix"]),
        "confidence_after": regex.compile(spec["confidence_after"]),
        "setup_prefix": Backward(spec["setup_prefix"], regex.I),
        "ratio_setup_after": regex.compile(spec["ratio_setup_after"], regex.I),
        "uncertainty_prefix": Backward(spec["uncertainty_prefix"]),
        "year": regex.compile(spec["year"]),
        "param_nouns": regex.compile(spec["param_nouns"], regex.I),
        "param_before": Backward(spec["param_before"], regex.I),
        "model_nouns": regex.compile(spec["model_nouns"]),
        "context_after": regex.compile(spec["context_after"], regex.I),
        "context_before": Backward(spec["context_before"], regex.I),
        "sota_count": Backward(spec["sota_count"], regex.I),
        "count_nouns": nouns,
        "count_re": regex.compile(r"^\s*(?:[\w'/-]+\s+){0,3}?(?P<noun>" + loader.alternation(nouns, ignore_case=False) + r")\b"),
        "study_nouns": set(units["study_nouns"]),
        "accelerator_units": set(units["accelerators"]["units"]),
        "hardware_models": {noun for noun, unit in nouns.items()
                            if unit in units["accelerators"]["units"] and noun not in units["accelerators"]["generic"]},
        "metric_before": regex.compile(r"\b(?P<metric>" + loader.alternation(_unitless_metrics(), acronyms_as_written=True) + r")s?\s*(?:score\s*)?(?:(?:[a-z]+\s+){0,2}?(?:of|=|:|is|was|are|were|reaches|reached|exceeds|exceeded|remains|remained|stays|stayed|at|from))?\s*$", regex.I),
        # (a capitalized word may name the variant first: "68.4 Smatch F1 score")
        "metric_after": regex.compile(r"^\s*(?:(?-i:[A-Z][\w-]*)\s+)?(?P<metric>(?:" + loader.alternation(_unitless_metrics(), acronyms_as_written=True)
                                      + r")" + spec["metric_threshold"] + r"?)(?!\w)", regex.I),
        "metric_of": Backward(r"\b(?:" + loader.alternation(_unitless_metrics(), acronyms_as_written=True, trie=False)
                              + r")(?:\s*\([^()]{1,12}\))?\s*(?:of|=|:)\s*$", regex.I),
        "name_number_before": Backward(spec["name_number_before"]),
        "on_name_after": regex.compile(spec["on_name_after"]),
        "name_number_after": regex.compile(spec["name_number_after"], regex.I),
        "determiner_before": Backward(spec["determiner_before"]),
        "level_noun_after": regex.compile(spec["level_noun_after"]),
        "named_metric_before": Backward(_with_metrics(spec["named_metric_before"], spec), regex.I),
        "named_metric_after": regex.compile(_with_metrics(spec["named_metric_after"], spec), regex.I),
        "symbol_before": Backward(spec["symbol_before"].replace("{symbol}", loader.alternation(list(_symbols()), ignore_case=False))),
        "symbols": _symbols(),
        "symbol_context": regex.compile(spec["symbol_context"], regex.I),
    }


def _symbols() -> dict:
    """The letters statistics are written with, and the metric each names (data/metrics.yml symbols)."""
    return {symbol: entry["name"] for entry in load_yaml("metrics.yml")["metrics"] for symbol in entry.get("symbols", ())}


def _with_metrics(pattern: str, spec: dict) -> str:
    """A pattern of data/claim_rules.yml with {metric} (every metric name) and {threshold} filled in."""
    names = loader.alternation(_all_metrics(), acronyms_as_written=True, trie=False)
    return pattern.replace("{metric}", names).replace("{threshold}", spec["metric_threshold"])


def _all_metrics() -> list[str]:
    """Every metric name and alias of data/metrics.yml."""
    return [surface for surface, _ in surfaces("metrics.yml", "metrics")]


def _unitless_metrics() -> list[str]:
    """Metric names that score a bare number (BLEU, FID, perplexity), from data/metrics.yml."""
    return [surface for surface, entry in surfaces("metrics.yml", "metrics") if entry.get("unitless")]


def classify(sentence: str, q: Quantity, offset: int) -> Optional[Draft]:
    """The kind of claim a number makes in its sentence, or None when it is no claim.

    `offset` is where the sentence starts in the plain text; quantities carry plain offsets.
    """
    rules = _rules()
    start, end = q.start - offset, q.end - offset
    left, right = sentence[:start], sentence[end:]
    number_text = sentence[q.number_start - offset:q.number_end - offset]
    if q.in_name or rules["uncertainty_prefix"].search(left) or sentence[start:start + 1] == "±":
        return None  # "(±5%)": a spread around a result, not one
    if q.unit_type == "rank":
        return Draft(q, "score", "score_rank", unit="", metric="rank")  # "won second place"
    if q.unit_type == "plain" and not q.word and rules["year"].match(number_text) and q.value_high is None:
        return None
    if q.unit_type in ("plain", "magnitude") and (rules["setup_suffix"].match(right) or rules["setup_prefix"].search(left)):
        return None
    if rules["confidence_after"].match(right):
        return None  # "95% CI": how sure, not what was reached
    if q.unit_type == "magnitude" and rules["bound_after"].match(right):
        return None  # "1 billion parameters or fewer": a class of sizes bounded ("F1 of 0.8 or higher" is a result)
    if _OPEN_BRACKET_BEFORE.search(left) and _CLOSE_BRACKET_AFTER.match(right) and q.unit_type == "plain":
        if "." in number_text and not q.word and _NAME_BEFORE_BRACKET.search(left):
            return Draft(q, "score", "score_bracketed", unit="")  # "on GenEval (0.86), DPG-Bench (86.4)"
        return None  # "(1)", "(2)": enumerations
    if "." not in number_text and not q.word and rules["name_number_before"].search(left) \
            and rules["name_number_after"].match(sentence[q.number_end - offset:]):
        return None  # "the BraTS 2020 dataset": the number is part of the name
    clause = _Clause(left, right)

    if q.unit_type in ("times", "multiplier"):
        if rules["ratio_setup_after"].match(right):
            return None
        if (q.unit_type == "multiplier" or q.word) and not _comparative_multiplier(left, right, q):
            return None
        direction, cue = _direction_and_cue(clause.left, clause.near_right, q)
        return Draft(q, "ratio", "ratio_factor", unit="x", direction=direction, extras={"direction_cue": cue})

    if q.unit_type == "magnitude" or (q.unit_type == "plain" and q.magnitude == 1.0):
        draft = _sized_or_counted(left, right, q, rules, number_text)
        if draft:
            return draft

    if q.unit_type == "points":
        return Draft(q, "delta", "delta_points", unit="pp", metric=q.unit_metric,
                     direction=_direction(clause.left, clause.near_right, q))

    if q.unit_type == "percent":
        if rules["operating_point_before"].search(left):
            return None  # "TPR @ 1% FPR": where the metric is read, not what it reached
        if ("from-to" not in q.notes and rules["risen_from_before"].search(left)) \
                or rules["percent_compound_after"].match(right):
            return None  # "69.3%, up from 58.8%": the other's starting point; "the 50%-success horizon"
        if "from-to" in q.notes:
            return Draft(q, "score", "score_from_to", unit="%")
        relative = rules["relative_of"].match(right)
        if relative:
            what = relative.group("what").strip()
            if _PARAMS_WORD.search(what):
                return Draft(q, "quantity", "quantity_percent_of_params", unit="%", metric="trainable parameters")
            if _share_of_items(relative, what, rules):
                more = rules["share_of_more"].match(right, relative.end())
                return Draft(q, "score", "score_share_of", unit="%",
                             metric=what + (more.group(0) if more else ""))
            return Draft(q, "score", "score_relative_of", unit="%", baseline=what,
                         metric=_relative_metric(right, what))
        if _PARAMS_AFTER.match(right):
            return Draft(q, "quantity", "quantity_percent_params", unit="%", metric="parameters")
        if _parenthesized(left, right):
            if q.signed and q.value > 0 and sentence[start:end].lstrip()[:1] == "+":  # "80.2% (+3.1%)": its gain ("(±3%)": a spread)
                return Draft(q, "delta", "delta_signed_bracket", unit="%", direction="up")
            return Draft(q, "score", "score_parenthesized", unit="%")
        if _BY_A_MEASURE_OF.search(left):  # "outperforming ... by a Dice Similarity Coefficient of 3.75%"
            direction, cue = _direction_and_cue(clause.left, clause.near_right, q)
            return Draft(q, "delta", "delta_percent", unit="%", direction=direction, extras={"direction_cue": cue})
        if not q.signed and not _BY_BEFORE.search(left) and _names_a_level(left, rules):
            return Draft(q, "score", "score_level", unit="%")  # "drops to 35.9%", "a higher accuracy of 94%"
        noun = rules["level_noun_after"].match(right) if rules["determiner_before"].search(left) else None
        if noun and not q.signed and not _BY_BEFORE.search(left) \
                and not rules["delta"].search(" ".join(right[noun.start("noun"):].split()[:4])):
            return Draft(q, "score", "score_level", unit="%")  # "surpassing the 72% ceiling": a level the noun has
        if rules["delta"].search(clause.near_right) or rules["delta"].search(clause.near_left) \
                or _BY_BEFORE.search(left) or q.signed:
            direction, cue = _direction_and_cue(clause.left, clause.near_right, q)
            return Draft(q, "delta", "delta_percent", unit="%", direction=direction, extras={"direction_cue": cue})
        return Draft(q, "score", "score_percent", unit="%")

    if q.unit_type == "measure":
        if _BY_BEFORE.search(left) or q.signed \
                or rules["delta"].search(clause.near_right):  # "improves PSNR by 0.42 dB", "+1.2 dB", "30 ms lower"
            direction, cue = _direction_and_cue(clause.left, clause.near_right, q)
            return Draft(q, "delta", "delta_measure", unit=q.unit, metric=q.unit_metric, direction=direction,
                         extras={"direction_cue": cue})
        kind = q.unit_kind or "quantity"
        if kind == "quantity" and rules["named_metric_before"].search(left):
            kind = "score"  # "an accuracy of 3.92°", "error of 2.1 GB": a measure a metric names is what was reached
        return Draft(q, kind, f"{kind}_measure", unit=q.unit, metric=q.unit_metric)

    if q.signed and q.value > 0 and q.unit_type == "plain":
        return Draft(q, "delta", "delta_signed", unit="", direction="up")
    if q.unit_type == "plain" and not q.word and ("." in number_text or "from-to" in q.notes
                                                 or rules["metric_of"].search(left)):
        named = _unitless_metric(left, right)
        if named and _BY_BEFORE.search(left):
            direction, cue = _direction_and_cue(clause.left, clause.near_right, q)  # "outperforms X by 1.8 AP"
            return Draft(q, "delta", "delta_unitless_metric", unit="", metric=named, direction=direction,
                         extras={"direction_cue": cue})
        if named:  # "perplexity of 10.9", "BLEU 30.1", "FID of 2.1"
            return Draft(q, "score", "score_unitless_metric", unit="", metric=named)
    if q.unit_type == "plain" and not q.word and "." in number_text and q.value_high is None:
        symbol = rules["symbol_before"].search(left)
        if symbol and -1 <= q.value <= 1 and rules["symbol_context"].search(sentence):
            # "correlates with human ratings (r = 0.93)": a coefficient written as its letter
            return Draft(q, "score", "score_symbol_metric", unit="", metric=rules["symbols"][symbol.group("symbol")])
        named = _named_metric(left, right)
        if named and not _BY_BEFORE.search(left):  # "dice of 0.975", "R^2 = 0.91", "0.509 accuracy"
            return Draft(q, "score", "score_named_metric", unit="", metric=named)
        if rules["on_name_after"].match(right) and not _BY_BEFORE.search(left):
            return Draft(q, "score", "score_on_name", unit="")  # "achieves 78.6 on COCO test-dev"
        if "from-to" in q.notes and rules["result_from_to"].search(left[-200:]):
            return Draft(q, "score", "score_from_to", unit="")  # "improves receipt understanding (from 94.02 to 95.24)"
    return None


LISTED_FROM = {"score_unitless_metric", "score_named_metric", "score_symbol_metric", "score_on_name", "score_listed", "score_bracketed"}
# A name right before a bracketed decimal: the system or benchmark the number is written for.
_NAME_BEFORE_BRACKET = Backward(r"(?<![\w-])(?:[A-Z][\w.+-]*[A-Z0-9][\w.+-]*|[A-Z][a-z][\w.+-]*)\s*\(\s*$")


def listed_score(q: Quantity, number_text: str, neighbour: Draft, before: str = "") -> Optional[Draft]:
    """A bare decimal listed with a score read without unit ("FIDs of 37.50, 91.98 and 59.23",
    "80.02 and 80.73 mAP") is a score on the same metric; one that is a setting ("mAP@0.5",
    `before` the text before it) is not."""
    if q.unit_type != "plain" or q.word or q.value_high is not None:
        return None
    if before and _rules()["setup_prefix"].search(before[-40:]):
        return None
    if "from-to" in q.notes and neighbour.rule == "score_from_to":
        return Draft(q, "score", "score_from_to", unit="")  # a from-to listed with one read as a result
    if "." in number_text and neighbour.kind == "score" and neighbour.unit == "" and neighbour.rule in LISTED_FROM:
        return Draft(q, "score", "score_listed", unit="", metric=neighbour.metric)
    if neighbour.kind == "delta" and neighbour.unit == "pp" and neighbour.quantity.start > q.start:
        # "gains of 18.4 and 4.1 points", "by 12.5 and 10.3 percentage points": the unit after the last
        return Draft(q, "delta", "delta_listed", unit="pp", metric=neighbour.metric, direction=neighbour.direction)
    return None


def _named_metric(left: str, right: str) -> Optional[str]:
    """Any metric of the vocabulary named right before a decimal number ("specificity of 0.988",
    "intersection over union = 0.98") or right after it ("0.455 average overlap")."""
    rules = _rules()
    before = rules["named_metric_before"].search(left)
    if before:
        return before.group("metric")
    after = rules["named_metric_after"].match(right)
    return after.group("metric") if after else None


def _unitless_metric(left: str, right: str) -> Optional[str]:
    """A metric named right before ("perplexity of 10.9") or right after ("30.1 BLEU") a bare number."""
    rules = _rules()
    before = rules["metric_before"].search(left)
    if before:
        return before.group("metric").lower()
    after = rules["metric_after"].match(right)
    return after.group("metric").lower() if after else None


_CLAUSE_BEFORE = regex.compile(r"[,;:()\[\]]|\s(?:while|whereas|but)\s")
_CLAUSE_AFTER = regex.compile(r"[,;:()\[\]]|\s(?:and|while|with|on|in|compared|over|than|for|at|across)\s")


class _Clause:
    """The words next to a number that stay within its clause (no comma, semicolon or bracket):
    up to 40 before it (`left`), the 8 nearest of them (`near_left`) and 4 after it (`near_right`).
    Read when a rule first asks: most numbers are settled without them."""

    def __init__(self, left: str, right: str):
        self._left, self._right = left, right

    @functools.cached_property
    def _left_words(self) -> list[str]:
        text = self._left[-300:]
        cuts = list(_CLAUSE_BEFORE.finditer(text))
        clause = text[cuts[-1].end():] if cuts else text
        return clause.split()[-40:]

    @property
    def left(self) -> str:
        return " ".join(self._left_words)

    @property
    def near_left(self) -> str:
        return " ".join(self._left_words[-8:])

    @functools.cached_property
    def near_right(self) -> str:
        cut = _CLAUSE_AFTER.search(self._right, 0, 200)
        clause = self._right[:cut.start()] if cut else self._right[:200]
        return " ".join(clause.split()[:4])


def _parenthesized(left: str, right: str) -> bool:
    """"surpassing the baseline (93.3%)", "(pass@1 = 41.4%)": a level quoted in brackets."""
    return bool(_QUOTED_LEVEL_BEFORE.search(left) and _CLOSE_BRACKET_AFTER.match(right))


def _comparative_multiplier(left: str, right: str, q: Quantity) -> bool:
    """"twice as many", "half the computation", "an order of magnitude": a multiplier compares."""
    if q.value >= 10 or q.value < 0.1:
        return True
    return bool(_COMPARED_AFTER.match(right) or _BY_TO_AT_BEFORE.search(left))


def _sized_or_counted(left: str, right: str, q: Quantity, rules, number_text: str) -> Optional[Draft]:
    if q.magnitude >= 1e6 or q.unit_type == "magnitude":
        if (rules["param_nouns"].match(right) or rules["param_before"].search(left)) and q.magnitude >= 1e6:
            return Draft(q, "model_size", "model_size_params", unit="params", metric="parameters")
        if q.value_high is not None and q.magnitude >= 1e6 and not rules["count_re"].match(right) \
                and _SIZE_WRITTEN.search(number_text):
            return Draft(q, "model_size", "model_size_range", unit="params", metric="parameters")  # "from 7B to 70B"
        if q.magnitude >= 1e6 and rules["model_nouns"].match(right) and _ONE_MODEL_BEFORE.search(left):
            return Draft(q, "model_size", "model_size_model", unit="params", metric="parameters")
    if rules["context_after"].match(right) or (q.value >= 512 and rules["context_before"].search(left)):
        return Draft(q, "quantity", "quantity_context", unit="tokens", metric="context length")
    count = rules["count_re"].match(right) if not (q.magnitude == 1.0 and q.value < 1) else None  # "0.99 across
    # all model pairs": a fraction counts nothing
    if count and q.magnitude == 1.0 and q.value != int(q.value) and _FUNCTION_WORD.search(count.group(0)):
        count = None  # "a PSNR of 26.978 on the test images": a fraction counts no noun further on ("2.5 hours" does)
    if count and count.group("noun") in rules["hardware_models"]:
        later = rules["count_re"].match(right[count.end():])  # "23,000 A100 hours": the hours are counted
        if later and len(later.group(0).split()) <= 2:
            count = later
    if count:
        noun = count.group("noun")
        if noun in rules["study_nouns"] and not (rules["sota_count"].search(left) or _OF_THESE_AFTER.match(right)):
            return None
        unit = rules["count_nouns"][noun]
        sota = bool(rules["sota_count"].search(left))
        if q.word and not sota and unit not in rules["accelerator_units"] and q.value != 1:
            return None  # "three leading systems", "two problems": counts that describe the study ("a single X" stays)
        metric = "tasks with SOTA" if sota else None
        if unit == "tokens" and metric is None:
            metric = "training tokens" if _TRAINING_WORD.search(left + right) else "tokens"
        if unit == "GPUs":
            metric = "GPUs"
        return Draft(q, "quantity", "quantity_count", unit=unit, metric=metric, confidence=0.6)
    if _OF_THESE_AFTER.match(right) and rules["sota_count"].search(left):
        return Draft(q, "quantity", "quantity_sota_count", unit="tasks", metric="tasks with SOTA", confidence=0.6)
    return None


_FUNCTION_WORD = regex.compile(r"\b(?:on|in|of|the|a|an|for|at|with|across|over|to)\s")


def _names_a_level(left: str, rules) -> bool:
    """Whether the words before a percentage make it a level reached, not a change: the end point
    of a change ("drops to 35.9%") or a measure named with "of" that is no change ("accuracy of
    94%", not "an improvement of 5%")."""
    if rules["level_to_before"].search(left):
        return True
    of = rules["level_of_before"].search(left)
    if not of or of.group("noun").lower() not in _metric_words():
        return False
    return not rules["change_in_before"].search(left, 0, of.start("noun"))  # "a reduction in toxicity of 28%"


@functools.lru_cache(maxsize=1)
def _metric_words() -> frozenset:
    """The vocabulary's metric names, lowercased ("accuracy", "f1", "recall")."""
    return frozenset(m.lower() for m in _all_metrics())


def _share_of_items(relative, what: str, rules) -> bool:
    """"58.7% of tools", "20.2% of evaluation instances": a share of items counted, written
    without a determiner, a possessive or a name, whereas "40% of the original budget", "99%
    of Transformer quality" and "10.6% of its FLOPs" are measured against something."""
    words = what.split()
    return bool(words) and relative.group("det") is None and relative.group("level") is None \
        and what[:1].islower() and words[0].lower() not in rules["share_of_not"] and "'s" not in what \
        and words[-1].lower() not in rules["share_of_measured"]


def _relative_metric(right: str, what: str) -> str:
    if _QUALITY_AFTER.match(right):
        return "relative " + _FIRST_WORD.match(right).group(1).lower()
    head = what.split()[-1].lower() if what.split() else ""
    return f"relative {head}" if head else "relative performance"


def _direction(near_left: str, near_right: str, q: Quantity) -> str:
    """Which way the measured quantity moved: the cue nearest the number decides."""
    return _direction_and_cue(near_left, near_right, q)[0]


def _direction_and_cue(near_left: str, near_right: str, q: Quantity) -> tuple[str, Optional[str]]:
    rules = _rules()
    for word in near_right.split()[:4]:
        if rules["down"].fullmatch(word.strip(".,;:").lower()):
            return "down", word.lower()
        if rules["up"].fullmatch(word.strip(".,;:").lower()):
            return "up", word.lower()
    cues = [(m.start(), "down", m.group(0)) for m in rules["down"].finditer(near_left)]
    cues += [(m.start(), "up", m.group(0)) for m in rules["up"].finditer(near_left)]
    if cues:
        _, direction, word = max(cues)
        return direction, word.lower()
    if q.value < 1 and q.unit == "x":
        return "down", None
    return "up", None


CLAIM_COMPONENT = "claimbase_claims"

# How far either side of a number its rules read (characters). A sentence is the context of
# its numbers, but one of thousands of characters (a list of hundreds of numbers, text
# without full stops) is not read whole for each of them: that made extraction time grow
# with the square of the sentence. A sentence shorter than twice this is read whole, as all
# but 125 of 155,000 in the arXiv corpus are (the longest has 1,823 characters).
CONTEXT = 400


@dataclass
class Read:
    """A number of a sentence with what its rules read: the window of text (the sentence, or
    CONTEXT characters either side in a long one), where the window starts, and the entity
    mentions inside it. `draft` is its claim, or None when no rule made one of it."""

    quantity: Quantity
    window: str
    offset: int
    near: list
    draft: Optional[Draft] = None


@dataclass
class SentenceClaims:
    start: int
    end: int
    read: list[Read]
    near: list  # the sentence's entity mentions

    @property
    def drafts(self) -> list[Draft]:
        return [r.draft for r in self.read if r.draft]


class Nearby:
    """The entities of an abstract, found by position: those within a stretch of text are a
    slice of the sorted list (two bisections), not a pass over all of them for every number."""

    def __init__(self, entities):
        self.entities = sorted(entities, key=lambda e: e.start)
        self.starts = [e.start for e in self.entities]

    def between(self, start: int, end: int) -> list:
        low = bisect.bisect_left(self.starts, start)
        high = bisect.bisect_right(self.starts, end)
        return [e for e in self.entities[low:high] if e.end <= end]


@Language.component(CLAIM_COMPONENT)
def mark_claims(doc):
    """doc._.sentence_claims: for each sentence with numbers, each number with the window its
    rules read and the claim they made of it (classify: kind, unit, rule and the cues beside it)."""
    state = state_of(doc)
    text = state.text
    quantities = state.quantities
    nearby = Nearby(state.entities)
    out: list[SentenceClaims] = []
    next_quantity = 0
    for s_start, s_end in state.sentences:
        while next_quantity < len(quantities) and quantities[next_quantity].start < s_start:
            next_quantity += 1
        whole = s_end - s_start <= 2 * CONTEXT
        sentence = text[s_start:s_end] if whole else None
        in_sentence = None
        read = []
        for q in quantities[next_quantity:]:
            if q.start >= s_end:
                break
            if q.end > s_end:
                continue
            if whole:
                if in_sentence is None:
                    in_sentence = nearby.between(s_start, s_end)
                item = Read(q, sentence, s_start, in_sentence)
            else:
                w_start, w_end = max(s_start, q.start - CONTEXT), min(s_end, q.end + CONTEXT)
                item = Read(q, text[w_start:w_end], w_start, nearby.between(w_start, w_end))
            item.draft = classify(item.window, q, item.offset)
            read.append(item)
        if read:
            out.append(SentenceClaims(s_start, s_end, read, in_sentence if in_sentence is not None
                                      else nearby.between(s_start, s_end)))
    state.sentence_claims = out
    return doc
