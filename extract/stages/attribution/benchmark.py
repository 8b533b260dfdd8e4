"""The benchmark slot: which of a sentence's benchmark mentions a number is reached on.

The nearest mention after the number in the same statement, else the last before it, with
the cues that say a mention owns the next number ("COCO val set with 58.0%", "ImageNet:")
and those that say it is another statement's (a new "on" phrase, a closed bracket, ";").
"""
from __future__ import annotations

from typing import Optional
import regex

from claimbase.engines.backward import Backward
from claimbase.stages.attribution.patterns import DIGIT, rules
from claimbase.stages.mentions import Found


_NUMBER_BEFORE_BRACKET = Backward(r"(?<![\w./-])(?P<number>\d[\d.,]*(?:\s?(?:\\?%|points?|pp|x))?)\s*$")


def benchmark_of(benchmarks: list[Found], offset: int, start: int, end: int, sentence: str = "") -> Optional[str]:
    after = [b for b in benchmarks if b.start >= offset + end]
    before = [b for b in benchmarks if b.end <= offset + start]
    opening = sentence.rfind("(", 0, start)
    if opening >= 0 and ")" not in sentence[opening:start] and not DIGIT.search(sentence, opening, start):
        level = _NUMBER_BEFORE_BRACKET.search(sentence, 0, opening)
        if level:  # "BC4CHEMD to 93.72% (4.1% gain)": the change in brackets is on the level's benchmark
            return benchmark_of(benchmarks, offset, level.start("number"), level.end("number"), sentence)
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
                 and not rules()["new_on_phrase"].search(sentence, end, b.start - offset)]
    in_clause = [b for b in before if ";" not in sentence[b.end - offset:start]]
    before = in_clause or before
    owned = before and rules()["owns_next"].search(sentence, before[-1].end - offset, start)
    if before and not owned and not (after and rules()["reached_on"].fullmatch(sentence, end, after[0].start - offset)):
        # "Cityscapes val set with 68.4% PQ, 44.0% AP": listed after a number the name owns, unless
        # the number says where it was reached ("improvements of 13.67% and 50.66% on DOVER")
        owned = rules()["owns_listed"].search(sentence, before[-1].end - offset, start)
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
