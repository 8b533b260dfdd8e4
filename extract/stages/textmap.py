"""A plain view of a text with a map back to the original characters.

Abstracts write numbers in LaTeX and Unicode (`29$\\times$`, `$33\\%$`, `$\\sim$`): the rules
read one plain form, and every span they find is mapped back so that the stored evidence
is the original text, character for character.
"""
from __future__ import annotations

import functools

from claimbase.engines.resources import load_yaml


@functools.lru_cache(maxsize=1)
def _replacements() -> tuple[tuple[str, str], ...]:
    pairs = load_yaml("latex.yml")["replacements"]
    return tuple(sorted(((a, b) for a, b in pairs), key=lambda p: -len(p[0])))


@functools.lru_cache(maxsize=1)
def _targets() -> dict[str, str]:
    """What each literal rewrite becomes, looked up once per match."""
    return dict(_replacements())


@functools.lru_cache(maxsize=1)
def _line_breaks() -> tuple[tuple[str, str], ...]:
    return tuple((a, b) for a, b in load_yaml("latex.yml").get("line_breaks", []))


@functools.lru_cache(maxsize=1)
def _pattern():
    """Line-break rules first (named groups), then the literal rewrites, longest first."""
    import regex

    breaks = [f"(?P<b{i}>{pattern})" for i, (pattern, _) in enumerate(_line_breaks())]
    literals = [regex.escape(a) for a, _ in _replacements()]
    return regex.compile("|".join(breaks + literals))


@functools.lru_cache(maxsize=1)
def _anything_to_rewrite():
    """Every literal rewrite and every line break in one alternation of plain strings: one scan
    decides the fast path. The standard library's `re` scans literal alternations several times
    faster than `regex`, and line-break rules all need a line break to match."""
    import re

    literals = [re.escape(a) for a, _ in _replacements()]  # longest first, as _replacements() keeps them
    return re.compile("|".join(literals + [r"\r", r"\n"]))


@functools.lru_cache(maxsize=1)
def _ascii_needles() -> tuple[str, ...]:
    """Substrings an ASCII text holds whenever a rewrite or line break applies to it: a literal's
    backslash or dollar sign, else the literal itself (`{,}`, `--`). Testing a few of them with
    `in` costs a fraction of one scan of the alternation, and most abstracts hold none."""
    needles = {"\\" if "\\" in a else "$" if "$" in a else a for a, _ in _replacements() if a.isascii()}
    needles |= {"\r", "\n"}
    return tuple(n for n in sorted(needles) if not any(o != n and o in n for o in needles))


class PlainText:
    """`text` is the plain view; `origin[i]` is where its character i starts in the original."""

    __slots__ = ("original", "text", "origin")

    def __init__(self, original: str):
        self.original = original
        literals = _anything_to_rewrite()
        if (original.isascii() and not any(needle in original for needle in _ascii_needles())) \
                or not literals.search(original):  # most abstracts: nothing to rewrite, offsets are the identity
            self.text = original
            self.origin = None
            return
        # without a line break only the literal rewrites can match: the standard library's scan
        # of them finds the same rewrites as the full pattern, at a tenth of its cost
        pattern = _pattern() if "\n" in original or "\r" in original else literals
        out, origin, last = [], [], 0
        for match in pattern.finditer(original):
            out.append(original[last:match.start()])
            origin.extend(range(last, match.start()))
            group = match.lastgroup
            target = _line_breaks()[int(group[1:])][1] if group else _targets()[match.group(0)]
            out.append(target)
            origin.extend([match.start()] * len(target))
            last = match.end()
        out.append(original[last:])
        origin.extend(range(last, len(original)))
        self.text = "".join(out)
        origin.append(len(original))
        self.origin = origin

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of plain [start, end), widened to whole replaced sequences."""
        if self.origin is None:
            return start, end
        if end <= start:
            return self.origin[start], self.origin[start]
        first = self.origin[start]
        last = self.origin[end - 1]
        # the end is where the next plain character's source begins (covers a whole `$\\times$`)
        stop = self.origin[end] if end < len(self.origin) else len(self.original)
        stop = max(stop, last + 1)
        trimmed = None
        while trimmed != stop:  # until nothing is left to trim: "$\\texttt{CV-Bench}$." ends in "$", then "}"
            trimmed = stop
            while stop > last + 1 and self.original[stop - 1] == "}" and \
                    self.original.count("}", first, stop) > self.original.count("{", first, stop):
                stop -= 1  # "\\textbf{ShotQA}," : a brace closed after the span is not in it
            while stop > first + 1 and self.original[stop - 1].isspace():
                stop -= 1
            if self.original.count("$", first, stop) % 2:  # keep math mode balanced: "$33\\%$"
                if first > 0 and self.original[first - 1] == "$":
                    first -= 1
                elif self.original[stop - 1] == "$":
                    stop -= 1
        return first, stop
