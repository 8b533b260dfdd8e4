"""One place where a rule of data/ becomes something that matches text.

A rule author declares what a rule is in data/; the loader picks the engine:
- a list of words (`words`): one alternation, a trie of the words so that the engine walks
  each prefix once, whole words only, case-blind where asked (alternation.word_trie);
- a pattern (`regex`): compiled as written;
- a pattern with `lead` words: one pattern per word, each found by its literal, their matches
  merged in text order (alternation.Alternatives) — an alternation at the front of a pattern
  gives the engine no literal to look for;
- cue patterns (`near`): the places worth trying a costly shape, scanned the same way.
"""
from __future__ import annotations

from typing import Iterable, Optional, Union

import regex

from claimbase.engines.alternation import Alternatives, word_trie


def words(items: Iterable[str], ignore_case: bool = True):
    """Any of the words, whole."""
    flags = regex.I if ignore_case else 0
    return regex.compile(r"\b(?:" + word_trie(list(items), ignore_case=ignore_case) + r")\b", flags)


def rule_pattern(spec: dict):
    """A shape rule's pattern: its `regex`, or one pattern per `lead` word when it has them."""
    if "lead" not in spec:
        return regex.compile(spec["regex"])
    return Alternatives(regex.compile(spec["regex"].replace("{lead}", regex.escape(word))) for word in spec["lead"])


def cue_patterns(spec: Union[None, str, list]) -> Optional[Alternatives]:
    """A rule's cue patterns (one, or a list scanned one by one), or None."""
    if not spec:
        return None
    return Alternatives(regex.compile(p) for p in ([spec] if isinstance(spec, str) else spec))
