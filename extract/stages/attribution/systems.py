"""The paper's own system and the resources it introduces.

A paper names its system in the title ("Name: ...") or as it introduces it ("we propose X",
"... (ACRONYM)", "which we call X"); a name the paper introduces as a benchmark or dataset
scores nothing itself: the scores in such a paper are the evaluated systems'.
"""
from __future__ import annotations

from typing import Optional
import regex

from claimbase.stages.attribution.patterns import rules
from claimbase.stages.entities import canonical_benchmark
from claimbase.stages.mentions import Found


_SENTENCE_GAP = regex.compile(r"[.!?]\K\s+")  # the white space after a sentence end (\K: the end stays)


def system_name(title: Optional[str], text: str) -> Optional[str]:
    """The name a paper gives its own system: the title's "Name:" when the abstract uses it,
    else how the abstract introduces it ("we propose X", "... (ACRONYM)", "which we call X")."""
    from_title = None
    if title and ":" in title:
        head = title.split(":", 1)[0].strip()
        words = head.split()
        looks_like_name = len(words) == 1 or all(w[:1].isupper() or w[:1].isdigit() for w in words)
        if 0 < len(words) <= 3 and looks_like_name and words[0] not in ("The", "A", "An", "On", "Towards"):
            from_title = head
    if from_title and from_title.lower() in text.lower():
        return from_title
    for sentence in _SENTENCE_GAP.split(text):
        name = introduced_name(sentence)
        if name:
            return name
    if from_title:
        return from_title
    named_as_titled = _introduced_as_titled(title, text)
    if named_as_titled:
        return named_as_titled
    described = rules()["described_as_own"].search(text)  # "The first is PoseRecover, a fully automatic ... pipeline"
    if described and described.group("name") not in rules()["not_subject"] \
            and not canonical_benchmark(described.group("name"))[1]:
        return described.group("name")
    return None


def names_a_resource(system: Optional[str], entities: list[Found], text: str, title: Optional[str] = None) -> bool:
    """Whether the paper's own name is a benchmark or dataset it introduces ("we introduce
    PhysTool-Bench, the first physical tool-use benchmark", a title "SAHM: A Benchmark for
    ..."): the scores in such a paper are the evaluated systems', never the benchmark's."""
    if not system:
        return False
    if any(e.label == "BENCHMARK" and system in (e.text, e.canonical) for e in entities):
        return True
    if rules()["resource_name"].search(system):
        return True  # "the Complexity Ceiling Benchmark (CCB)": the name says what it is
    if title and title.startswith(system) and rules()["resource_title"].match(title, len(system)):
        return True
    return any(rules()["resource_after"].match(text, at + len(system))
               or rules()["resource_before"].search(text[max(0, at - 120):at]) for at in whole_word_starts(system, text))


def resource_mention(system: str, entities: list[Found], text: str) -> Optional[Found]:
    """The first mention of a benchmark or dataset the paper introduces, when no rule found it."""
    if any(e.label == "BENCHMARK" and system in (e.text, e.canonical) for e in entities):
        return None
    starts = whole_word_starts(system, text)
    if not starts:
        return None
    at = starts[0]
    return Found("BENCHMARK", at, at + len(system), system, canonical_benchmark(system)[0], "introduced_resource")


_WORD_OR_HYPHEN = regex.compile(r"[\w-]")


def whole_word_starts(name: str, text: str) -> list[int]:
    r"""Where `name` stands whole in `text`, not inside a longer word or hyphenated name: what
    `(?<![\w-])NAME(?![\w-])` finds, without compiling a pattern for every paper's name
    (each paper names its own system, so a cache of compiled patterns rarely hits)."""
    starts, at = [], text.find(name) if name else -1
    while at >= 0:
        end = at + len(name)
        if not (at and _WORD_OR_HYPHEN.match(text, at - 1)) and not _WORD_OR_HYPHEN.match(text, end):
            starts.append(at)
            at = text.find(name, end)  # a match is not overlapped by the next one
        else:
            at = text.find(name, at + 1)
    return starts


def _introduced_as_titled(title: Optional[str], text: str) -> Optional[str]:
    """A system the abstract introduces in lowercase words the title opens with: "Test-time
    Sparsity for Extreme Fast Action Diffusion" and "We propose test-time sparsity to tackle
    ...": the method is "test-time sparsity". Two words or more, up to the title's first function
    word, and the whole phrase where the abstract writes it ("black-box adversarial attacks" is
    no "black-box adversarial"); not a kind of work ("A Study of ...", "we present a study")."""
    if not title:
        return None
    words = _TITLE_WORD.findall(title.split(":", 1)[0])
    while words and words[0].lower() in _TITLE_OPENERS:
        words = words[1:]
    cut = next((i for i, w in enumerate(words) if w.lower() in rules()["cut_words"]), len(words))
    words = [w.lower() for w in words[:min(cut, 4)]]
    if len(words) < 2 or words[0] not in text.lower():
        return None  # most titles open with words the abstract never introduces so
    for verb in rules()["introduce"].finditer(text):
        after = _TITLE_WORD.findall(text[verb.end():verb.end() + 120])[:len(words) + 1]
        for count in range(len(words), 1, -1):
            if [w.lower() for w in after[:count]] == words[:count]:
                at = text.index(after[count - 1], verb.end()) + len(after[count - 1])
                name = text[verb.end():at].strip()
                if not _PHRASE_ENDS.match(text, at):
                    return None  # "black-box adversarial" of "black-box adversarial patch attacks"
                return name if name.islower() and not rules()["generic_head"].search(name) else None
    return None


_TITLE_WORD = regex.compile(r"[\w-]+")
_TITLE_OPENERS = {"a", "an", "the", "on", "towards", "toward"}
_PHRASE_ENDS = regex.compile(r"\s*[,.;:(]|\s+(?:to|which|that|for|as|in|on)\b")


def introduced_name(sentence: str) -> Optional[str]:
    """The name a sentence introduces: "we propose X", "... (ACRONYM)", "which we call X"."""
    spec = rules()
    verb = spec["introduce"].search(sentence)
    if not verb:
        return None
    rest = sentence[verb.end():]
    found, by_acronym = None, False
    for pattern, reach in ((spec["acronym"], 110), (spec["named"], 200)):
        match = pattern.search(rest[:reach])
        if match and match.group("name") not in spec["not_subject"] and not canonical_benchmark(match.group("name"))[1]:
            found, by_acronym = match, pattern is spec["acronym"]
            break
    if found is None:
        match = spec["after_verb"].match(rest)
        if match and match.group("name") not in spec["not_subject"]:
            found = match
    if found is None:
        match = spec["lowercase_named"].match(rest)  # "we propose sense finetuning, which ..."
        if match and not spec["generic_head"].search(match.group("name")):
            return match.group("name")
    if found is None:
        return None
    acronym = None if by_acronym else spec["acronym"].search(rest[found.end():found.end() + 90])
    if acronym:
        return acronym.group("name")  # "namely Parallel spEculative ... Length (PEARL)"
    return found.group("name").rstrip(".,")
