"""Finding every number an abstract writes, with its qualifier, range and unit.

Works on the plain view of extract/stages/textmap.py (LaTeX already read), and returns
`Quantity` spans in that view. What the number *is* (score, delta, ratio, ...) is the
claim rules' job (extract/stages/claims.py); this module only reads how it is written:
decimals, thousands separators, magnitudes (7B, 1.5-billion, 128K), word numbers and
multipliers (five, twice, an order of magnitude), ranges (2-4x, between 16% and 32%,
from 650M to 34B), lists (2.7%/4.3%) and qualifiers (up to, over, nearly, ~, ≥).
"""
from __future__ import annotations

from claimbase.stages.doc_fields import state_of

import functools
import re
from dataclasses import dataclass, field
from typing import Optional

import regex

from claimbase.engines import loader
from claimbase.engines.backward import Backward
from claimbase.engines.resources import load_yaml
from spacy.language import Language

_MAGNITUDE_WORDS = "thousand|million|billion|trillion"  # written after a number ("five million", "2.5 billion")
# ASCII digits: float() reads them. A comma before one or two digits and a percent sign is a decimal
# comma ("a BLEU-4 of 72,64%"); before three, it groups thousands ("1,832 clips").
NUMBER = r"[0-9]{1,3},[0-9]{1,2}(?=\s?\\?%)|[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|\.[0-9]+"
_UNCERTAINTY = regex.compile(r"\s*(?:±|\+/-|\bpm\b)\s*(?:\d+(?:\.\d+)?)")


@dataclass
class Quantity:
    """A number as written: value(s), qualifier, unit, and where it stands (plain offsets)."""

    start: int
    end: int
    value: float
    value_high: Optional[float] = None
    baseline_value: Optional[float] = None
    qualifier: str = "="
    unit: str = ""
    unit_type: str = "plain"  # percent | points | times | measure | magnitude | multiplier | plain
    unit_metric: Optional[str] = None
    unit_kind: Optional[str] = None
    magnitude: float = 1.0
    signed: bool = False
    word: bool = False  # written in words ("five", "twice")
    in_name: bool = False  # glued into a name ("GPT-4", "OPT-6.7B")
    number_start: int = 0
    number_end: int = 0
    notes: list = field(default_factory=list)


@functools.lru_cache(maxsize=1)
def _grammar():
    numbers = load_yaml("numbers.yml")
    units = load_yaml("units.yml")
    mag = rf"(?:[\s-]?(?i:{_MAGNITUDE_WORDS})\b|[KkMBbT](?![\w]))"
    # the lookahead names the characters a number can start with: the engine skips everything
    # else at C speed instead of trying the optional sign at every position (four times faster)
    atom = (rf"(?=[-+±.0-9])(?P<sign>[+±-])?(?P<num>{NUMBER})(?P<mag>{mag})?")
    # one alternation tried in the file's order, each unit its own named group: one match per number
    unit_re = regex.compile("|".join(rf"(?P<u{i}>\s?(?:{u['pattern']}))" for i, u in enumerate(units["units"])))
    qualifiers = sorted(numbers["qualifiers"].items(), key=lambda kv: -len(kv[0]))
    # ends where the number starts: read from the end, longest first, so the longest
    # qualifier that ends there wins, as the leftmost match would
    qualifier_re = Backward(r"(?:^|(?<=[\s(]))(?P<q>" + "|".join(regex.escape(q) for q, _ in qualifiers) + r")\s*$",
                            regex.I)
    words, multipliers = numbers["word_numbers"], numbers["multipliers"]

    # one scan for both: a multiplier where one starts ("two times"), else a word number ("two")
    words_re = loader.scan(rf"(?<![\w-])(?:(?P<multiplier>{loader.alternation(multipliers)})(?![\w-])"
                           rf"|(?P<number>{loader.alternation(words)})(?![\w]))",
                           starts=[*multipliers, *words])
    return {
        "atom": re.compile(atom),  # the standard library's engine finds plain digits about twice as fast
        "unit_re": unit_re,
        "units": {f"u{i}": u for i, u in enumerate(units["units"])},
        "qualifiers": dict((q.lower(), v) for q, v in qualifiers),
        "qualifier_re": qualifier_re,
        "trailing_qualifiers": {q.lower(): v for q, v in numbers["trailing_qualifiers"].items()},
        "trailing_qualifier_re": regex.compile(r"\s+(?P<q>" + loader.alternation(numbers["trailing_qualifiers"])
                                               + r")(?![\w-])", regex.I),
        "range_from": Backward(r"\b(?:" + loader.alternation(numbers["range_from_words"]) + r")\s+from\s*$", regex.I),
        "magnitudes": numbers["magnitudes"],
        "words": {k.lower(): v for k, v in words.items()},
        "multipliers": {k.lower(): v for k, v in multipliers.items()},
        "words_re": words_re,
        "fraction_re": regex.compile(r"\b(?<![/.])1/(?P<d>[1-9][0-9]*)(?![\w/%.])"),
        "ordinals": {k.lower(): v for k, v in numbers["ordinals"].items()},
        "rank_re": regex.compile(numbers["rank_places"].replace("{ordinal}", loader.alternation(numbers["ordinals"])),
                                 regex.I),
    }


def _magnitude(text: Optional[str]) -> float:
    if not text:
        return 1.0
    key = text.strip(" -")
    key = key.lower() if len(key) > 1 else key
    table = _grammar()["magnitudes"]
    return float(table.get(key, table.get(key.lower(), 1.0)))


def _read_unit(text: str, pos: int):
    grammar = _grammar()
    match = grammar["unit_re"].match(text, pos)
    if match:
        return match.end(), grammar["units"][match.lastgroup]
    return pos, None


_TRAILING_CHUNK = Backward(r"[^\s(]*$")  # the run of text before a number
_LETTER = regex.compile(r"[^\W\d_]")
_THRESHOLD_CHUNK = regex.compile(r"@|[A-Za-z]\d+$")
_DECIMAL_COMMA = regex.compile(r"[0-9]{1,3},[0-9]{1,2}")
_PERCENT_NUMBER = regex.compile(r"[0-9]+(?:\.[0-9]+)?\s?\\?%")
_SIZE_SUFFIX = regex.compile(r"\d(?:[KkMBbT]|billion|million)\b")


def _glued_to_name(text: str, start: int) -> bool:
    """A number inside a name or token: "GPT-4", "W4A8", "Llama-3.1-8B", "v2", "A100".

    A hyphen after a plain number ("2.3-3.6x", "0.27%-0.35%") joins a range instead.
    """
    if start == 0:
        return False
    before = text[start - 1]
    if before.isalnum() or before in "._^@#\\":
        return True
    if before == ":" and _THRESHOLD_CHUNK.search(_TRAILING_CHUNK.search(text, 0, start - 1).group(0)):
        return True  # "mAP@0.5:0.95", "mAP50:95": the upper end of the thresholds a metric is averaged over
    if before in "-/" and start >= 2 and not text[start - 2].isspace():
        # "Llama-3.1-8B", "FABP5/11" are names; "2.7%/4.3%", "125M/350M", "2.3-3.6x" are lists and ranges
        chunk = _TRAILING_CHUNK.search(text, 0, start - 1).group(0)
        if before == "-" and chunk.isalpha() and chunk.islower() and _PERCENT_NUMBER.match(text, start):
            return False  # "tasks--57.5%" (a dash, made a hyphen by the plain view): no name ends in a percentage
        return bool(_LETTER.search(_SIZE_SUFFIX.sub("", chunk)))
    return False


_POINTS_WORDS = regex.compile(r"(?i)\b(?:absolute|percentage|points?|pp)\b|%")


def find_quantities(text: str) -> list[Quantity]:
    """Every number in `text` (a plain view), in order, ranges and lists joined."""
    grammar = _grammar()
    found: list[Quantity] = []
    pos = 0
    atom_re = grammar["atom"]
    while True:
        match = atom_re.search(text, pos)
        if not match:
            break
        pos = match.end()
        sign = match.group("sign") or ""
        glued_sign = bool(sign) and sign in "+±" and _glued_to_name(text, match.start())
        start = match.start("num") if glued_sign else match.start()
        if sign == "-" and match.start() > 0 and not text[match.start() - 1].isspace() and text[match.start() - 1] not in "([":
            start = match.start("num")  # a hyphen after a word or number is not a minus sign
            sign = ""
        # "R(2+1)D", "(n+1)-class": a "+" after a letter or digit joins a term, it signs no gain
        in_name = _glued_to_name(text, start) or (glued_sign and sign == "+" and text[match.start() - 1].isalnum())
        if glued_sign:
            sign = ""
        end = match.end()
        number = match.group("num")
        value = float(number.replace(",", ".") if _DECIMAL_COMMA.fullmatch(number) else number.replace(",", ""))
        magnitude = _magnitude(match.group("mag"))
        quantity = Quantity(start=start, end=end, value=value * magnitude, magnitude=magnitude,
                            signed=sign in ("+", "-", "±") and bool(sign), in_name=in_name,
                            number_start=match.start("num"), number_end=match.end("num"))
        if sign == "-":
            quantity.value = -quantity.value
        if match.group("mag"):
            quantity.unit_type = "magnitude"
        uncertainty = _UNCERTAINTY.match(text, end)
        if uncertainty:  # "11.0 ± 1.3 points": the spread belongs to the number, the unit follows it
            end = uncertainty.end()
            quantity.end = end
            pos = end
        unit_end, spec = _read_unit(text, end)
        if spec:
            _apply_unit(quantity, spec, text)
            quantity.end = unit_end
            if spec["type"] == "points":  # "6.22 accuracy points", "6 average performance points"
                named = _POINTS_WORDS.sub(" ", text[end:unit_end]).split()
                if named:
                    quantity.unit_metric = " ".join(named).lower()
        elif text[end:end + 1].isalpha() and not match.group("mag"):
            quantity.in_name = True  # "4o", "3D", "2nd": a token, not a number
        if quantity.unit_type == "plain" and (_version_after_name(text, start, match.group("num"))
                                              or _model_number(text, start, match.group("num"))):
            quantity.in_name = True  # "AlpacaEval 2", "Llama 3", "Claude 3.5": a version in a name
        if _in_brackets(text, start):
            quantity.in_name = True  # "7.22 [6.30-8.07]": an interval around a number, not a claim
        found.append(quantity)
        pos = max(pos, quantity.end)
    found = _powers(text, found)
    found.extend(_word_quantities(text, found))
    found.extend(_ranks(text, found))
    found.sort(key=lambda q: q.start)
    found = _join_ranges(text, found)
    for quantity in found:
        _qualify(text, quantity)
    return found


# the words right before a number, read from the end
_NAME_BEFORE = Backward(r"(?<![\w-])(?:[A-Z][\w-]*[A-Z][\w-]*|[A-Z][a-z]+(?:-[\w]+)*)\s$")
_SHORT_VERSION = regex.compile(r"\d{1,2}(?:\.\d)?")
_FUNCTION_WORD_BEFORE = Backward(r"(?i)\b(?:of|on|in|at|by|from|to|than|for|with|top|and|or|the)\s$")


def _version_after_name(text: str, start: int, number: str) -> bool:
    """A short number right after a capitalized name, with no unit: "AlpacaEval 2", "Qwen 3"."""
    return bool(_SHORT_VERSION.fullmatch(number)) and bool(_NAME_BEFORE.search(text[max(0, start - 30):start])) \
        and not _FUNCTION_WORD_BEFORE.search(text[max(0, start - 6):start])


_CAPS_BEFORE = Backward(r"(?<![\w-])[A-Z]{2,}\s$")
_PRODUCT_NUMBER = regex.compile(r"[0-9]{3,5}")


def _model_number(text: str, start: int, number: str) -> bool:
    """A product number after an all-caps name: "RTX 4090", "GTX 1080", "TPU 4"."""
    return bool(_PRODUCT_NUMBER.fullmatch(number)) and bool(_CAPS_BEFORE.search(text[max(0, start - 12):start]))


_POWER = regex.compile(r"\b(?<!\.)(?:(?P<mantissa>[0-9]+(?:\.[0-9]+)?)\s*[×x]\s*)?(?P<base>[0-9]+)\^\{?(?P<exp>-?[0-9]{1,3})\}?")


def _powers(text: str, found: list[Quantity]) -> list[Quantity]:
    """Powers replace the numbers they are written with: "2^{14}" is 16384, "1.2 × 10^{9}" is 1.2e9."""
    powers = []
    for match in _POWER.finditer(text):
        try:
            value = float(match.group("base")) ** int(match.group("exp"))
        except OverflowError:
            continue
        if match.group("mantissa"):
            value *= float(match.group("mantissa"))
        if value != value or value in (float("inf"), float("-inf")):
            continue
        quantity = Quantity(start=match.start(), end=match.end(), value=value, magnitude=1.0,
                            number_start=match.start(), number_end=match.end())
        unit_end, spec = _read_unit(text, match.end())
        if spec:
            _apply_unit(quantity, spec, text)
            quantity.end = unit_end
        powers.append(quantity)
    if not powers:
        return found
    kept = [q for q in found if not any(p.start <= q.number_start < p.end for p in powers)]
    return sorted(kept + powers, key=lambda q: q.start)


def _in_brackets(text: str, start: int) -> bool:
    opening = text.rfind("[", max(0, start - 20), start)
    return opening >= 0 and "]" not in text[opening:start]


def _apply_unit(quantity: Quantity, spec: dict, text: str) -> None:
    quantity.unit = spec["unit"]
    quantity.unit_type = spec["type"]
    written = spec.get("metric_if_written")  # a dimension the unit serves several of: implied only where named
    quantity.unit_metric = spec.get("metric") if not written or any(word in text for word in written) else None
    quantity.unit_kind = spec.get("kind")


_MAGNITUDE_WORD = regex.compile(rf"[\s-]({_MAGNITUDE_WORDS})\b")


def _ranks(text: str, found: list[Quantity]) -> list[Quantity]:
    """Places won in a ranking: "first place", "ranks second" (data/numbers.yml rank_places)."""
    lowered = text.lower()
    if "plac" not in lowered and "rank" not in lowered and "positi" not in lowered:
        return []  # most abstracts name no place: the case-blind pattern would be tried at every position
    grammar = _grammar()
    out = []
    for match in grammar["rank_re"].finditer(text):
        if any(q.start < match.end() and match.start() < q.end for q in found):
            continue
        start, ordinal_end = match.span("ordinal")  # the claim's text runs on to "place" when it follows
        out.append(Quantity(start=start, end=match.end(), value=float(grammar["ordinals"][match.group("ordinal").lower()]),
                            unit_type="rank", word=True, number_start=start, number_end=ordinal_end))
    return out


def _word_quantities(text: str, numeric: list[Quantity]) -> list[Quantity]:
    """Numbers and multipliers written in words: "five", "a single", "twice", "half"."""
    grammar = _grammar()
    taken = [(q.start, q.end) for q in numeric]
    out = []
    written = list(grammar["words_re"].finditer(text))
    for match in written:
        if match.lastgroup != "multiplier" or any(a <= match.start() < b for a, b in taken):
            continue
        q = Quantity(start=match.start(), end=match.end(), value=float(grammar["multipliers"][match.group().lower()]),
                     unit="x", unit_type="multiplier", word=True,
                     number_start=match.start(), number_end=match.end())
        out.append(q)
        taken.append((q.start, q.end))
    for match in grammar["fraction_re"].finditer(text):  # "1/100 of the parameters"
        q = Quantity(start=match.start(), end=match.end(), value=1.0 / float(match.group("d")),
                     unit="x", unit_type="multiplier", number_start=match.start(), number_end=match.end())
        out.append(q)
        taken.append((q.start, q.end))
    numeric[:] = [q for q in numeric if not any(o.start <= q.start < o.end for o in out)]
    for match in written:
        if match.lastgroup != "number" or any(a <= match.start() < b for a, b in taken):
            continue
        value = float(grammar["words"][match.group().lower()])
        q = Quantity(start=match.start(), end=match.end(), value=value, word=True,
                     number_start=match.start(), number_end=match.end())
        if value >= 1e6:  # "a billion", "a million": the word is itself a magnitude
            q.magnitude, q.unit_type = value, "magnitude"
        unit_end, spec = _read_unit(text, match.end())
        if spec and spec["type"] == "times":
            _apply_unit(q, spec, text)
            q.end = unit_end
        elif mag := _MAGNITUDE_WORD.match(text, match.end()):  # "five million"
            q.magnitude = _magnitude(mag.group(1))
            q.value *= q.magnitude
            q.unit_type = "magnitude"
            q.end = mag.end()
        out.append(q)
    return out


_TO = regex.compile(r"\s*to\s*")
_RANGE_JOINER = regex.compile(r"\s*(-|to|and)\s*")
_SHARED_FROM = regex.compile(r"[^.;]{0,60}?,?\s*and\s+")


def joiner_is_to(gap: str) -> bool:
    return bool(_TO.fullmatch(gap))


def _join_ranges(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """Join "2-4x", "16% and 32%" (after "between"), "650M to 34B", "from A to B"."""
    out: list[Quantity] = []
    i = 0
    while i < len(quantities):
        q = quantities[i]
        if i + 1 < len(quantities) and not q.in_name:
            nxt = quantities[i + 1]
            gap = text[q.end:nxt.start]
            before = text[max(0, q.start - 12):q.start].lower()
            previous = next((o for o in reversed(out) if not o.in_name), None)
            if joiner_is_to(gap) and previous is not None and "from-to" in previous.notes \
                    and _SHARED_FROM.fullmatch(text, previous.end, q.start):
                before = "from "  # "from 22.9% to 39.4% on A, and 20.6% to 29.1% on B": the "from" is shared
            joiner = _RANGE_JOINER.fullmatch(gap)
            compatible = (not q.unit or not nxt.unit or q.unit == nxt.unit) and not nxt.in_name \
                and (not nxt.signed or (q.signed and joiner_is_to(gap)))  # "lifts of +0.086 to +0.096"
            if joiner and compatible and (joiner.group(1) != "and" or before.rstrip().endswith("between")):
                joined = _merge(q, nxt, text, before)
                if joined:
                    out.append(joined)
                    i += 2
                    continue
        out.append(q)
        i += 1
    return out


def _merge(low: Quantity, high: Quantity, text: str, before: str) -> Optional[Quantity]:
    if low.word != high.word and not (low.word and high.unit_type == "magnitude"):
        if low.word or high.word:
            return None
    unit, unit_type = high.unit or low.unit, high.unit_type if high.unit else low.unit_type
    if not unit and "magnitude" in (low.unit_type, high.unit_type):
        unit_type = "magnitude"  # "from 3 to 34 billion parameters": a range of sizes, not a from-to change
    low_value = low.value
    if low.magnitude == 1.0 and high.magnitude != 1.0:
        low_value = low.value * high.magnitude  # "from 3 to 34 billion"
    if high.value < low_value and not before.rstrip().endswith("from"):
        return None  # "2018-2023"-like or a descending pair: not a range
    merged = Quantity(start=low.start, end=high.end, value=low_value, value_high=high.value,
                      unit=unit, unit_type=unit_type, unit_metric=high.unit_metric or low.unit_metric,
                      unit_kind=high.unit_kind or low.unit_kind, magnitude=high.magnitude,
                      number_start=low.number_start, number_end=high.number_end, signed=low.signed and high.signed)
    if before.rstrip().endswith("from") and unit_type not in ("magnitude",) and unit != "params" \
            and not _grammar()["range_from"].search(text, max(0, low.start - 40), low.start):
        merged.baseline_value, merged.value, merged.value_high = low_value, high.value, None
        merged.notes.append("from-to")
    return merged


def _qualify(text: str, quantity: Quantity) -> None:
    """The qualifier words right before the number ("up to", "over", "~", "≥")."""
    window = text[max(0, quantity.start - 24):quantity.start]
    match = _grammar()["qualifier_re"].search(window)
    if match:
        word = match.group("q").lower()
        quantity.qualifier = _grammar()["qualifiers"][word]
        quantity.start -= len(window) - match.start("q")
    elif text[quantity.end:quantity.end + 1] == "+" and not text[quantity.end + 1:quantity.end + 2].isalnum():
        quantity.qualifier = ">="  # "10 billion+"
        quantity.end += 1
    elif text[quantity.end:quantity.end + 4] in (" or ", " Or "):
        after = _grammar()["trailing_qualifier_re"].match(text, quantity.end)
        if after:  # "0.8 or higher"
            quantity.qualifier = _grammar()["trailing_qualifiers"][" ".join(after.group("q").lower().split())]
            quantity.end = after.end()


NUMBER_COMPONENT = "claimbase_numbers"


@Language.component(NUMBER_COMPONENT)
def mark_numbers(doc):
    """state.quantities: every number of the Doc's text, read on the text (a number is not a
    token: "2.7%/4.3%" and "650M to 34B" are one quantity each)."""
    state = state_of(doc)
    state.quantities = find_quantities(state.text)
    return doc
