"""Abbreviations a text defines: "Sparse Routing Attention (SRA)" makes SRA and its long form
one name.

The long form is found as Schwartz and Hearst (2003) describe: the abbreviation's letters and
digits are matched, right to left, against the words before the bracket, its first letter at
the start of a word, within as many words as the abbreviation has characters, plus five. Only
abbreviations that look like one are read (a capital letter, 2 to 12 characters, no space):
"(ours)", "(2023)" and "(see below)" define nothing.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

_BRACKETED = regex.compile(r"\((?P<short>[\p{L}\d][\p{L}\d+&/.-]{0,10}[\p{L}\d+])(?:;[^()]{0,40})?\)")
_CAPITAL = regex.compile(r"\p{Lu}")


@dataclass(frozen=True)
class Definition:
    long: str
    short: str
    start: int  # where the long form starts
    end: int  # where the closing bracket ends

    @property
    def written(self) -> str:
        return f"{self.long} ({self.short})"


def definitions(text: str) -> list[Definition]:
    """Every abbreviation the text defines, in order."""
    out = []
    for match in _BRACKETED.finditer(text):
        short = match.group("short")
        if not _CAPITAL.search(short) or short.isdigit() or sum(c.isalnum() for c in short) < 2:
            continue
        window_start = max(0, match.start() - 200)
        words = text[window_start:match.start()].split()[-(min(len(short) + 5, 2 * len(short))):]
        if not words:
            continue
        candidate = " ".join(words)
        long_start = _long_form_start(short, candidate)
        if long_start is None:
            continue
        long = candidate[long_start:]
        if len(long.split()) < 2 and len(long) <= len(short) or long.lower() == short.lower():
            continue
        first_word = long.split()[0]
        start = text.rfind(first_word, window_start, match.start())
        while start > window_start and text[start - 1].isalnum():  # the word's own start, not inside another
            start = text.rfind(first_word, window_start, start - 1)
        if start < 0:
            continue
        long = text[start:match.start()].rstrip()
        out.append(Definition(long, short, start, match.end()))
    return out


def _long_form_start(short: str, long: str):
    """Where in `long` the long form of `short` starts, or None (Schwartz & Hearst's matching)."""
    s, l = len(short) - 1, len(long) - 1
    while s >= 0:
        c = short[s].lower()
        if not c.isalnum():
            s -= 1
            continue
        while l >= 0 and (long[l].lower() != c or (s == 0 and l > 0 and long[l - 1].isalnum())):
            l -= 1
        if l < 0:
            return None
        l -= 1
        s -= 1
    start = long.rfind(" ", 0, l + 1) + 1
    return start
