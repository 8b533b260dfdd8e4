"""Paper identity: the normalized title that makes two listings one paper."""
from __future__ import annotations

import re

import regex

_NOT_LETTER_OR_DIGIT = regex.compile(r"[^\p{L}\p{N}]+")
# The same for lowercase ASCII, where letters and digits are a-z and 0-9: the standard library
# substitutes it several times faster than `regex` substitutes Unicode classes.
_NOT_ASCII_LETTER_OR_DIGIT = re.compile(r"[^a-z0-9]+")


def normalize_title(title: str) -> str:
    """Lowercase letters and digits separated by single spaces: punctuation and case do not count."""
    lowered = title.lower()
    separators = _NOT_ASCII_LETTER_OR_DIGIT if lowered.isascii() else _NOT_LETTER_OR_DIGIT
    return separators.sub(" ", lowered).strip()
