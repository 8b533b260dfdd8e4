"""Word lists compiled as tries match exactly what the longest-first lists match."""
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.alternation import longest_first, word_trie

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
