"""Paper identity: the normalized title that makes two listings one paper."""
from __future__ import annotations

import functools

import regex

_NOT_LETTER_OR_DIGIT = regex.compile(r"[^\p{L}\p{N}]+")


@functools.lru_cache(maxsize=4096)  # a listing's title is normalized when it is keyed and again when it is stored
def normalize_title(title: str) -> str:
    """Lowercase letters and digits separated by single spaces: punctuation and case do not count."""
    return _NOT_LETTER_OR_DIGIT.sub(" ", title.lower()).strip()
