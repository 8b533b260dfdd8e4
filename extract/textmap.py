"""A plain view of a text with a map back to the original characters.

Abstracts write numbers in LaTeX and Unicode (`29$\\times$`, `$33\\%$`, `$\\sim$`): the rules
read one plain form, and every span they find is mapped back so that the stored evidence
is the original text, character for character.
"""
from __future__ import annotations

import functools

from .resources import load_yaml


@functools.lru_cache(maxsize=1)
def _replacements() -> tuple[tuple[str, str], ...]:
    pairs = load_yaml("latex.yml")["replacements"]
    return tuple(sorted(((a, b) for a, b in pairs), key=lambda p: -len(p[0])))


class PlainText:
    """`text` is the plain view; `origin[i]` is where its character i starts in the original."""

    __slots__ = ("original", "text", "origin")

    def __init__(self, original: str):
        self.original = original
        pairs = _replacements()
        firsts = {a[0] for a, _ in pairs}
        out, origin = [], []
        i, n = 0, len(original)
        while i < n:
            char = original[i]
            if char in firsts:
                for source, target in pairs:
                    if original.startswith(source, i):
                        out.append(target)
                        origin.extend([i] * len(target))
                        i += len(source)
                        break
                else:
                    out.append(char)
                    origin.append(i)
                    i += 1
            else:
                out.append(char)
                origin.append(i)
                i += 1
        self.text = "".join(out)
        origin.append(n)
        self.origin = origin

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of plain [start, end), widened to whole replaced sequences."""
        if end <= start:
            return self.origin[start], self.origin[start]
        first = self.origin[start]
        last = self.origin[end - 1]
        # the end is where the next plain character's source begins (covers a whole `$\\times$`)
        stop = self.origin[end] if end < len(self.origin) else len(self.original)
        stop = max(stop, last + 1)
        while stop > first + 1 and self.original[stop - 1].isspace():
            stop -= 1
        if self.original.count("$", first, stop) % 2:  # keep math mode balanced: "$33\\%$"
            if first > 0 and self.original[first - 1] == "$":
                first -= 1
            elif self.original[stop - 1] == "$":
                stop -= 1
        return first, stop
