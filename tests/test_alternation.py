"""Word lists compiled as tries match exactly what the longest-first lists match; patterns
scanned one by one and merged find what their alternation finds."""
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.alternation import Alternatives, longest_first, word_trie
from extract.resources import load_yaml

ALPHABET = "abAB -."
words_lists = st.lists(st.text(ALPHABET, min_size=1, max_size=5), min_size=1, max_size=8)
texts = st.text(ALPHABET, max_size=30)


@settings(max_examples=400)
@given(words=words_lists, text=texts, ignore_case=st.booleans(), tail=st.sampled_from(["", r"\b", r"(?![\w-])", r"\s+b"]))
def test_trie_finds_the_same_matches_as_the_longest_first_list(words, text, ignore_case, tail):
    flags = regex.I if ignore_case else 0
    as_list = regex.compile("(?:" + longest_first(words) + ")" + tail, flags)
    as_trie = regex.compile("(?:" + word_trie(words, ignore_case=ignore_case) + ")" + tail, flags)
    assert [m.span() for m in as_trie.finditer(text)] == [m.span() for m in as_list.finditer(text)]


def test_trie_prefers_the_longest_word_and_folds_case_when_asked():
    pattern = regex.compile(word_trie(["introduce", "introduced", "GPU", "gpus"], ignore_case=True), regex.I)
    assert [m.group() for m in pattern.finditer("We introduced GPUs and introduce a gpu")] == \
        ["introduced", "GPUs", "introduce", "gpu"]


whole_words = st.lists(st.text("abAB", min_size=1, max_size=4), min_size=1, max_size=6, unique=True)


@settings(max_examples=400)
@given(words=whole_words, text=st.text("abAB -.", max_size=40), optional_end=st.booleans())
def test_whole_words_scanned_one_by_one_find_what_their_alternation_finds(words, text, optional_end):
    end = "s?" if optional_end else ""
    parts = [regex.escape(w) + end for w in words]
    alternation = regex.compile(r"\b(?:" + "|".join(parts) + r")\b")
    merged = Alternatives(regex.compile(r"\b" + p + r"\b") for p in parts)
    assert [m.span() for m in merged.finditer(text)] == [m.span() for m in alternation.finditer(text)]
    assert [m.span() for m in merged.finditer(text, 3, 30)] == [m.span() for m in alternation.finditer(text, 3, 30)]


def test_overlapping_patterns_break_the_contract_so_data_lists_are_checked():
    """Why the lists in data/ are checked: "a b" and "b" overlap, and merging reports both."""
    merged = Alternatives([regex.compile(r"\ba b\b"), regex.compile(r"\bb\b")])
    assert [m.group() for m in merged.finditer("a b")] == ["a b", "b"]
    assert [m.group() for m in regex.compile(r"\b(?:a b|b)\b").finditer("a b")] == ["a b"]


def test_cue_lists_in_the_data_find_what_their_alternations_find(gold):
    """Every list of `near` patterns in data/benchmark_patterns.yml, on the dev abstracts and
    on text made to crowd the cues together."""
    crowded = "Bench BENCHMARK benchmark benchmarks dataset-datasets corpus corpora suite" \
              " MT-Bench LLaVA-BENCH leaderboard shared task shared tasks xbench benchmarking"
    texts = [doc["abstract"] for doc in gold] + [crowded, crowded.lower(), crowded.upper()]
    lists = [p["near"] for p in load_yaml("benchmark_patterns.yml")["patterns"] if isinstance(p.get("near"), list)]
    assert lists
    for near in lists:
        merged = Alternatives(regex.compile(p) for p in near)
        alternation = regex.compile("|".join(f"(?:{p})" for p in near))
        for text in texts:
            assert [m.span() for m in merged.finditer(text)] == [m.span() for m in alternation.finditer(text)]
