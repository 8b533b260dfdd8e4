"""Patterns for what the text right before a number ends with: "accuracy of", "by", "(", "up to".

The rules keep asking whether the text before a number *ends* with something. Such a pattern
ends with `$` and is compiled right to left (regex.REVERSE); its `match()` is then anchored
at the end of the text, so the engine tries the one place where the pattern can match. A
search would also try every earlier position in vain: on a 150-character sentence start that
is 0.5 µs instead of 15 µs. The answer is the same because the rules read the plain view of
extract/stages/textmap.py, which has no line breaks (where `$` could also match before a final one).
"""
from __future__ import annotations

import regex


class Backward:
    """A pattern ending with `$`, matched from the end of the text (or of `endpos`)."""

    __slots__ = ("compiled", "search")

    def __init__(self, source: str, flags: int = 0):
        if not source.endswith("$") or source.endswith("\\$"):
            raise ValueError(f"a pattern read from the end must end with $: {source!r}")
        self.compiled = regex.compile(source, flags | regex.REVERSE)
        # search(text[, pos, endpos]): the match ending at the end of text[pos:endpos], if any.
        # The compiled match() itself, bound here: the rules call it tens of times per abstract.
        self.search = self.compiled.match

    @property
    def pattern(self) -> str:
        return self.compiled.pattern
