"""Paper identity: the normalized title that makes two listings one paper."""
from __future__ import annotations

import regex


def normalize_title(title: str) -> str:
    """Lowercase letters and digits separated by single spaces: punctuation and case do not count."""
    return regex.sub(r"[^\p{L}\p{N}]+", " ", title.lower()).strip()
