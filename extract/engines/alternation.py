"""Regular-expression alternations built from word lists (the cue and vocabulary lists of data/).

A list written as `longest|longer|long` makes the engine try every word at every position of
the text. The same words folded into a trie (`long(?:er|est)?`) are tried a character at a
time, so a position that starts no word is left after one test: the abstract-wide scans for
cue words take about half the time. The match is the same: at a given position only one path
of the trie follows the text, and its greedy optional endings try the longest word first, as
the longest-first list does.

Patterns read right to left (regex.REVERSE) keep the longest-first list: there the engine
meets a trie from its far end, and nothing here was checked for that direction.

A whole-text scan costs the engine about as much whatever the pattern (7-15 µs for an
abstract), unless the pattern holds a literal it can look for first (about 1.5 µs). So a
few words are scanned one pattern each and merged (`Alternatives`), ignore-case lists run
on the lowercased text (`CaseBlind`), and a long list whose words begin every match is
looked for with an Aho-Corasick automaton, the pattern tried only where a word starts.
Each of them finds exactly what the one pattern finds (tests/test_alternation.py).
"""
from __future__ import annotations

import re
import sys
from typing import Iterable, Optional

import ahocorasick
import regex


def is_acronym(word: str) -> bool:
    """A word written without a lowercase letter (IS, EM, FID, ROUGE-L): an acronym, which a
    rule matches only as written, since lowercased some are ordinary words ("is", "em")."""
    return word == word.upper() and any(c.isalpha() for c in word)


def written_as_is(word: str) -> bool:
    """An acronym, or one lowercase letter before an acronym of three capitals ("rFID", a variant
    of FID): a vocabulary word matched only as written ("RFID" tags are no metric)."""
    return is_acronym(word) or (len(word) >= 4 and word[0].islower() and word[1:].isupper() and word[1:].isalpha())


def case_aware(words: Iterable[str], trie: bool = False) -> str:
    """An alternation for a pattern compiled ignoring case (regex.I) in which the acronyms
    among `words` match only as written: they come first, each longest first, case kept
    ((?-i:...)); the other words follow, folded (as a trie with `trie`)."""
    words = list(words)
    acronyms = [w for w in words if written_as_is(w)]
    others = [w for w in words if not written_as_is(w)]
    parts = ["(?-i:" + longest_first(acronyms) + ")"] if acronyms else []
    if others:
        parts.append(word_trie(others, ignore_case=True) if trie else longest_first(others))
    return "|".join(parts)


def longest_first(words: Iterable[str]) -> str:
    """`a|b|c` with the longest word first, so that a longer word wins over its prefix."""
    return "|".join(regex.escape(word) for word in sorted(words, key=len, reverse=True))


def word_trie(words: Iterable[str], ignore_case: bool = False) -> str:
    """The words as one trie-shaped alternation (without an enclosing group).

    With `ignore_case`, for patterns compiled with regex.I, the words are folded to lowercase
    first: "GPU" and "gpu" would otherwise be two branches that both follow the text."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word.lower() if ignore_case else word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here
    return _branches(trie)


def _branches(node: dict) -> str:
    branches = [regex.escape(char) + _branches(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


class Alternatives:
    """Patterns scanned one at a time, their matches merged in text order.

    An alternation of words (`\\b(?:benchmarks?|datasets?|suite)\\b`) has no literal the engine
    can look for, so it is tried at every position of the text; each word alone
    (`\\bdatasets?\\b`) is found by its literal at C speed: several scans cost less than the one.
    Merged, the scans find what the alternation finds provided that no match of one pattern
    can overlap a match of another (whole words, say). That is the contract of a list of
    patterns in data/, checked on real abstracts by tests/test_alternation.py."""

    def __init__(self, patterns: Iterable, needs: Iterable[str] = ()):
        self.patterns = list(patterns)
        self.needs = tuple(needs)  # plain strings one of which a text holds wherever a pattern matches

    def finditer(self, text: str, pos: int = 0, endpos: Optional[int] = None):
        if self.needs and not any(word in text for word in self.needs):
            return iter(())  # a substring test costs a fraction of a scan; most texts hold none
        endpos = len(text) if endpos is None else endpos
        if len(self.patterns) == 1:
            return self.patterns[0].finditer(text, pos, endpos)
        # matches are few: all of them, sorted once, cost less than merging the scans lazily
        return iter(sorted([m for p in self.patterns for m in p.finditer(text, pos, endpos)], key=_start))


def _start(match) -> int:
    return match.start()


_SYNTAX = re.compile(r"\\.|\(\?P[<=]")  # escapes (\S, \W, \B) and group syntax, which lowercasing would change

# The characters that match an ASCII letter when case is ignored without being one: "İ" and "ı"
# (i), "ſ" (s), the Kelvin sign (k). A text without them lowercases letter for letter where
# matching is concerned.
_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")


class CaseBlind:
    """A case-insensitive pattern, matched as a case-sensitive one on the lowercased text.

    Where lowercasing keeps every offset and no character folds into an ASCII letter (almost
    every abstract; `str.isascii()` is a flag check), the matches are those of the ignore-case
    scan at the same offsets, at a third to half of its cost; any other text is scanned
    ignoring case, with the `regex` engine as before. The matches are made on the lowercased
    text: their offsets and group names serve, their text is lowercase. The pattern is written
    in lowercase (its words come from word_trie(..., ignore_case=True)); the standard
    library's engine runs it, faster here than `regex`."""

    def __init__(self, pattern: str, starts: Iterable[str] = ()):
        """`starts`: when every match of the pattern begins with one of these words, where they
        occur is found in one pass of an Aho-Corasick automaton and the pattern is tried there
        only: an alternation of many words ("one", "two", "twice", ...) has no literal to look
        for and costs the engine a test at every position of the text."""
        if _SYNTAX.sub("", pattern) != _SYNTAX.sub("", pattern).lower():
            raise ValueError(f"CaseBlind needs a pattern written in lowercase: {pattern[:60]!r}")
        self.pattern = pattern
        self.lowercase = re.compile(pattern)
        self.ignore_case = regex.compile(pattern, regex.I)
        self.starts = _automaton(word.lower() for word in starts)

    def _scan(self, text: str):
        if text.isascii() or not any(c in text for c in _FOLDS_TO_ASCII):
            lowered = text.lower()
            if len(lowered) == len(text):
                return self.lowercase, lowered
        return self.ignore_case, text

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize):
        pattern, scanned = self._scan(text)
        if self.starts is None or pattern is self.ignore_case:
            return pattern.search(scanned, pos, endpos)
        return next(self._at_starts(pattern, scanned, pos, min(endpos, len(scanned))), None)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize):
        pattern, scanned = self._scan(text)
        if self.starts is None or pattern is self.ignore_case:
            return pattern.finditer(scanned, pos, endpos)
        return self._at_starts(pattern, scanned, pos, min(endpos, len(scanned)))

    def _at_starts(self, pattern, text: str, pos: int, endpos: int):
        """What finditer yields, trying only the places where a start word begins."""
        places = sorted({end - length + 1 for end, length in self.starts.iter(text, pos, endpos)})
        reached = pos
        for place in places:
            if place >= reached:
                match = pattern.match(text, place, endpos)
                if match:
                    yield match
                    reached = match.end()


def _automaton(words: Iterable[str]):
    """An Aho-Corasick automaton of `words` whose value is each word's length, or None."""
    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word, len(word))
    if len(automaton) == 0:
        return None
    automaton.make_automaton()
    return automaton


_NAME_CHARACTER = regex.compile(r"[\w-]")  # a name ends where no word character or hyphen follows


def names_automaton(names: list[str]) -> ahocorasick.Automaton:
    """An Aho-Corasick automaton of names written as they are (case counts), for
    whole_name_occurrences: thousands of names found in one pass over a text."""
    found = ahocorasick.Automaton()
    for name in names:
        found.add_word(name, name)
    found.make_automaton()
    return found


def whole_name_occurrences(names: ahocorasick.Automaton, text: str) -> list[tuple[int, int, str]]:
    """Whole-word occurrences of the names in a text, longest first where they overlap."""
    out = []
    for end, name in names.iter(text):
        start, end = end - len(name) + 1, end + 1
        if (start and _NAME_CHARACTER.match(text[start - 1])) or (end < len(text) and _NAME_CHARACTER.match(text[end])):
            continue
        out.append((start, end, name))
    out.sort(key=lambda o: (o[0], -(o[1] - o[0])))
    kept, reach = [], -1
    for start, end, name in out:
        if start >= reach:
            kept.append((start, end, name))
            reach = end
    return kept
