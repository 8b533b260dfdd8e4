"""The baseline slot: what a difference or factor is compared against.

The phrase after a comparison cue to the number's right ("over X", "than X"), the phrase
before "by N" ("outperforms X by 3%"), else the sentence's cue outside other brackets; a
phrase that names its systems ("models like Mistral-7B") gives the names.
"""
from __future__ import annotations

from typing import Optional
import regex

from claimbase.stages.attribution.patterns import CAPITAL, DIGIT, rules


_BRACKET_LIST = regex.compile(r"^\s*\((?P<names>[^()]{2,120})\)")
_CAPITAL_OR_DIGIT = regex.compile(r"[A-Z0-9]")
_NAME_IN_LIST = regex.compile(r"^(?:and\s+|or\s+)?(?:[A-Z]|\d+[A-Za-z])")
_TRAILING_CONJUNCTION = regex.compile(r"\s+(?:and|or)$")


def _tidy_baseline(phrase: str, after: str) -> str:
    """Name the compared-against system where the phrase does: "similar models like Mistral-7B" ->
    "Mistral-7B", "the state-of-the-art method EDVR-M" -> "EDVR-M", "numerous systems (vLLM,
    Ollama)" -> the list. A name before its kind stays as printed with it: "a BF16 baseline",
    "the vanilla ST-GCN baseline" (GUIDELINES: "the sliding window recomputation baseline")."""
    examples = rules()["examples"].match(phrase)
    if examples and _CAPITAL_OR_DIGIT.search(examples.group("names")):
        return examples.group("names").strip()
    named = rules()["head_then_name"].match(phrase)
    if named:
        return named.group("name")
    listed = _BRACKET_LIST.match(after)
    if listed and CAPITAL.search(listed.group("names")) and "," in listed.group("names"):
        return listed.group("names").strip()
    return phrase


def _phrase(text: str) -> str:
    """A compared-against phrase: up to a hard stop; a comma list of names is kept whole."""
    spec = rules()
    examples = rules()["such_as"].search(text[:60])
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


_BY_LISTED = regex.compile(r"\bby\s+[^,;]*?\d[^,;]*?(?:,\s*(?:and\s+)?|\s+and\s+)")
_LEADING_CONJUNCTION = regex.compile(r"^(?:and|or)\s+")
_NAME_LIST = regex.compile(r",\s*(?:and\s+)?[A-Z]")
_PARTICIPLE = regex.compile(r"[a-z]+ing\b")
_CLAUSE_AFTER_NAMES = regex.compile(r",\s+(?!(?:and|or)\b)[a-z]")  # "A, B, and C, improving X": the list ends
CUE_REACH = 400  # characters either side of a number where a comparison cue can be its baseline's
PHRASE_REACH = 300  # characters after a cue that can hold the phrase (at most twelve words)


def baseline_phrase(sentence: str, start: int, end: int) -> Optional[str]:
    """What a difference or factor is compared against: after a cue to its right, before
    "by N" ("outperforms X by 3%"), or the sentence's comparison cue outside other brackets."""
    spec = rules()
    right = sentence[end:]
    cue = spec["baseline_cue"].search(right)
    if cue and cue.start() < 45:
        phrase = _phrase(right[cue.end():])
        if phrase and not phrase[:1].isdecimal():
            return phrase
    left = sentence[:start]
    by = rules()["by_before"].search(left)
    if by:
        before = left[:by.start()]
        cues = list(spec["compare_before_by"].finditer(before))
        clause = _CLAUSE_AFTER_NAMES.search(before, cues[-1].end()) if cues else None
        if cues and not (clause and _PARTICIPLE.match(before, clause.end() - 1)):
            # (a cue before ", improving X by 30%" is another clause's: "such as A, B, and C, improving ...")
            what = before[cues[-1].end():]
            listed = list(_BY_LISTED.finditer(what))
            if listed and DIGIT.match(what, listed[-1].end()) and rules()["and_by_before"].search(left):
                # "over the strongest baseline by 12.2% and 4.7% on X, and by 21.4% in Y": a second "by"
                # of the same comparison, whose numbers follow the first's; what is compared is before it
                what = what[:listed[0].start()]
            elif listed:  # "outperforms A by 3%, B by 4%": each difference has its own
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
    return sentence[at:at + 1].isdecimal() and not rules()["such_as"].search(sentence[at:at + 60])


def _inside_other_brackets(sentence: str, position: int, claim_start: int) -> bool:
    """A cue inside a parenthesis that does not hold the claim belongs to something else."""
    opening = sentence.rfind("(", 0, position)
    if opening < 0 or ")" in sentence[opening:position]:
        return False
    closing = sentence.find(")", position)
    return not (opening <= claim_start <= (closing if closing >= 0 else len(sentence)))
