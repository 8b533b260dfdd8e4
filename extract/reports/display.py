"""Numbers and text as people read them, for pages and tables: `7B` rather than
`70000000000.0`, `≤ 50%` rather than `<=` and `50.0`, `H₂O` rather than `H$_2$O`.

Only what is shown changes: the database keeps the values and the evidence exactly as the
abstract wrote them (the offsets point into that text).
"""
from __future__ import annotations

import functools
from typing import Optional

import regex

from claimbase.engines.resources import load_yaml

QUALIFIER_SIGNS = {"=": "", "<=": "≤ ", ">=": "≥ ", "<": "< ", ">": "> ", "~": "~"}
UNIT_SUFFIXES = {"%": "%", "x": "×", "pp": " pp", "": ""}
SIZE_SUFFIXES = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K"))


def number(value: Optional[float]) -> str:
    """A value without float noise: 71.2, not 71.20000000000002; 3, not 3.0."""
    if value is None:
        return ""
    return f"{value:.6g}" if abs(value) < 1e15 else f"{value:.3g}"


def size(value: Optional[float]) -> str:
    """A parameter or token count the way papers write it: 7B, 208M, 1.5T, 350K."""
    if value is None:
        return ""
    for scale, suffix in SIZE_SUFFIXES:
        if abs(value) >= scale:
            return f"{value / scale:.3g}{suffix}"
    return number(value)


def claim_value(value: Optional[float], unit: Optional[str] = "", qualifier: Optional[str] = "=",
                value_high: Optional[float] = None, kind: Optional[str] = None,
                direction: Optional[str] = None) -> str:
    """A claimed value as a reader writes it: `≤ 50%`, `2.9×`, `+3.1 pp`, `7B params`, `12–15%`."""
    if value is None:
        return ""
    unit = unit or ""
    sized = kind == "model_size" or unit in ("params", "tokens", "parameters")
    shown = size(value) if sized else number(value)
    if value_high is not None:
        shown += "–" + (size(value_high) if sized else number(value_high))
    sign = "+" if kind == "delta" and direction == "up" and unit in ("pp", "%", "points") else \
        "−" if kind == "delta" and direction == "down" and unit in ("pp", "%", "points") else ""
    suffix = UNIT_SUFFIXES.get(unit, f" {unit}")
    return f"{QUALIFIER_SIGNS.get(qualifier or '=', '')}{sign}{shown}{suffix}"


@functools.lru_cache(maxsize=1)
def _readable_rules():
    spec = load_yaml("display.yml")
    literals = sorted(spec["symbols"].items(), key=lambda pair: -len(pair[0]))
    pattern = regex.compile("|".join(regex.escape(a) for a, _ in literals))
    return dict(literals), pattern, spec["subscripts"], spec["superscripts"]


_SCRIPT = regex.compile(r"([_^])\{([0-9a-z+\-=()]{1,8})\}|([_^])([0-9a-z+\-=()])", regex.I)
_MATH = regex.compile(r"\$([^$]{0,120})\$")


def readable(text: Optional[str]) -> str:
    """LaTeX of titles and evidence as Unicode: `H$_2$O` -> H₂O, `29$\\times$` -> 29×,
    `30\\%` -> 30%. Anything it does not know is left as written."""
    if not text or ("$" not in text and "\\" not in text and "_" not in text and "^" not in text):
        return text or ""
    symbols, pattern, subscripts, superscripts = _readable_rules()
    text = pattern.sub(lambda m: symbols[m.group(0)], text)

    def scripts(match):
        mark, body = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        table = subscripts if mark == "_" else superscripts
        return "".join(table.get(c, c) for c in body) if all(c in table for c in body) else match.group(0)

    return _MATH.sub(lambda m: _SCRIPT.sub(scripts, m.group(1)), text)
