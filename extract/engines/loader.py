"""One place where a rule of data/ becomes something that matches text.

A rule author declares what a rule is in data/; the loader picks the engine:
- a list of words (`words`): one alternation, a trie of the words so that the engine walks
  each prefix once, whole words only, case-blind where asked (alternation.word_trie);
- a pattern (`regex`): compiled as written;
- a pattern with `lead` words: one pattern per word, each found by its literal, their matches
  merged in text order (alternation.Alternatives) — an alternation at the front of a pattern
  gives the engine no literal to look for;
- cue patterns (`near`): the places worth trying a costly shape, scanned the same way, and
  only in a text that holds one of the plain strings of `needs` when the rule has them;
- a list of words scanned across whole abstracts (`scan_words`), or a pattern written around a
  list (`scan`): case-blind on the lowercased text, and where every match begins with one of
  the words, tried only where an Aho-Corasick pass finds one (alternation.CaseBlind);
- a list written into a larger pattern (`alternation`): the trie of its words;
- named patterns of a rule file (`named_patterns`): each compiled as written, or read from the
  end (engines.backward), case-blind where asked.
"""
from __future__ import annotations

from typing import Iterable, Optional, Union

import regex

from claimbase.engines.alternation import Alternatives, CaseBlind, case_aware, longest_first, word_trie
from claimbase.engines.backward import Backward


def words(items: Iterable[str], ignore_case: bool = True):
    """Any of the words, whole."""
    flags = regex.I if ignore_case else 0
    return regex.compile(r"\b(?:" + word_trie(list(items), ignore_case=ignore_case) + r")\b", flags)


def rule_pattern(spec: dict):
    """A shape rule's pattern: its `regex`, or one pattern per `lead` word when it has them."""
    if "lead" not in spec:
        return regex.compile(spec["regex"])
    return Alternatives(regex.compile(spec["regex"].replace("{lead}", regex.escape(word))) for word in spec["lead"])


def cue_patterns(spec: Union[None, str, list], needs: Iterable[str] = ()) -> Optional[Alternatives]:
    """A rule's cue patterns (one, or a list scanned one by one), or None; with `needs`, scanned
    only in a text that holds one of those strings (every cue match holds one)."""
    if not spec:
        return None
    return Alternatives((regex.compile(p) for p in ([spec] if isinstance(spec, str) else spec)), needs)


def alternation(items: Iterable[str], ignore_case: bool = True, acronyms_as_written: bool = False,
                trie: bool = True) -> str:
    """The words as one alternation to write into a larger pattern (compiled with regex.I, or
    scanned case-blind, when `ignore_case`): a trie of the words, or with `trie=False` the
    words longest first (what a pattern read from the end needs: engines.backward). With
    `acronyms_as_written`, words written without a lowercase letter ("IS", "EM") match only
    as written."""
    items = list(items)
    if acronyms_as_written:
        return case_aware(items, trie=trie)
    return word_trie(items, ignore_case=ignore_case) if trie else longest_first(items)


def scan_words(items: Iterable[str]) -> CaseBlind:
    """Any of the words, whole, found case-blind across a whole abstract."""
    items = list(items)
    return CaseBlind(r"\b(?:" + alternation(items) + r")\b", starts=items)


def scan(pattern: str, starts: Iterable[str] = ()) -> CaseBlind:
    """A pattern written in lowercase around word lists, matched case-blind across a whole
    abstract (tried only where one of `starts` begins, when every match begins with one)."""
    return CaseBlind(pattern, starts=starts)


def named_patterns(spec: dict, shapes: Optional[dict] = None) -> dict:
    """A rule file's `patterns`, compiled by name: each a regex written as a string, or a mapping
    with `regex` (or `backward`: a pattern read from the end, engines.backward) and
    `ignore_case`; a list is a set of words. `shapes` fill the {placeholders} the patterns
    write ({"system_name": ...}: one shape of a name, written once)."""
    def filled(pattern: str) -> str:
        for key, shape in (shapes or {}).items():
            pattern = pattern.replace("{" + key + "}", shape)
        return pattern

    compiled = {}
    for name, rule in spec.items():
        if isinstance(rule, list):
            compiled[name] = frozenset(rule)
        elif isinstance(rule, str):
            compiled[name] = regex.compile(filled(rule))
        else:
            flags = regex.I if rule.get("ignore_case") else 0
            compiled[name] = Backward(filled(rule["backward"]), flags) if "backward" in rule \
                else regex.compile(filled(rule["regex"]), flags)
    return compiled
