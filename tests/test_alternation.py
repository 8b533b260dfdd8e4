"""Word lists compiled as tries match exactly what the longest-first lists match; patterns
scanned one by one and merged find what their alternation finds; a case-blind scan of the
lowercased text finds what the ignore-case scan finds."""
import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from claimbase.engines.alternation import Alternatives, CaseBlind, longest_first, word_trie
from claimbase.engines.resources import load_yaml

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


def test_pattern_lists_in_the_data_find_what_their_alternations_find(gold):
    """Every list of `near` patterns and every `lead` list of data/benchmark_patterns.yml, on the
    dev abstracts and on text made to crowd their words together."""
    crowded = "Bench BENCHMARK benchmark benchmarks dataset-datasets corpus corpora suite" \
              " MT-Bench LLaVA-BENCH leaderboard shared task shared tasks xbench benchmarking" \
              " on MMLU, across GSM8K and over HumanEval. on the challenging ARC-Challenge (on Over-GSM)" \
              " over On over, across Across MMLU-Pro on MATH500 test"
    texts = [doc["abstract"] for doc in gold] + [crowded, crowded.lower(), crowded.upper()]
    cases = []
    for shape in load_yaml("benchmark_patterns.yml")["patterns"]:
        if isinstance(shape.get("near"), list):
            cases.append((Alternatives(regex.compile(p) for p in shape["near"]),
                          regex.compile("|".join(f"(?:{p})" for p in shape["near"]))))
        if "lead" in shape:
            words = [regex.escape(w) for w in shape["lead"]]
            cases.append((Alternatives(regex.compile(shape["regex"].replace("{lead}", w)) for w in words),
                          regex.compile(shape["regex"].replace("{lead}", "(?:" + "|".join(words) + ")"))))
    assert len(cases) >= 3
    for merged, alternation in cases:
        for text in texts:
            assert [m.span() for m in merged.finditer(text)] == [m.span() for m in alternation.finditer(text)]


def test_every_cue_match_holds_one_of_the_strings_its_shape_needs(gold):
    """`needs` lets a text without any of its strings skip the cue scan: that is only right while
    every cue match holds one of them, checked on real abstracts and on crowded text."""
    crowded = "Bench BENCHMARK Benchmark benchmark benchmarks Dataset dataset datasets Corpus corpus corpora suite" \
              " testbed leaderboard shared task Shared Task Challenge Competition Experiments evaluations Results" \
              " X, a new benchmark; Y, the open corpora"
    texts = [doc["abstract"] for doc in gold] + [crowded, crowded.lower(), crowded.upper()]
    checked = 0
    for shape in load_yaml("benchmark_patterns.yml")["patterns"]:
        if not shape.get("needs"):
            continue
        cues = [regex.compile(p) for p in ([shape["near"]] if isinstance(shape["near"], str) else shape["near"])]
        for text in texts:
            for cue in cues:
                for match in cue.finditer(text):
                    checked += 1
                    assert any(word in match.group(0) for word in shape["needs"]), (shape["rule"], match.group(0))
    assert checked > 300


# ASCII, letters that fold into ASCII ones ("İ", "ı", "ſ", the Kelvin sign), one that grows when
# lowercased ("İ"), other non-ASCII letters, and the punctuation the patterns look at
MIXED = "abkisKIS -.(\u0130\u0131\u017f\u212a\u00e9\u00c9\u03bc"


@settings(max_examples=500)
@example(words=["s"], text="a \u017f b", shape=r"\b(?:{})\b")  # "ſ" is an "s" when case is ignored
@example(words=["k"], text="\u212a", shape=r"\b(?:{})\b")  # so is the Kelvin sign a "k"
@example(words=["i"], text="\u0130 i", shape=r"\b(?:{})\b")  # "İ" lowercases to two characters
@given(words=st.lists(st.text("abkis", min_size=1, max_size=4), min_size=1, max_size=6),
       text=st.one_of(st.text("abkisKIS -.(", max_size=40), st.text(MIXED, max_size=40)),
       shape=st.sampled_from([r"\b(?:{})\b", r"(?<![\w-])(?P<w>{})(?![\w-])", r"(?:^|\s|\()(?P<cue>{})\s+", r"[.]\s|\b(?:{})"]))
def test_a_case_blind_scan_finds_what_the_ignore_case_scan_finds(words, text, shape):
    pattern = shape.format(word_trie(words, ignore_case=True))
    blind, ignore_case = CaseBlind(pattern), regex.compile(pattern, regex.I)
    assert [m.span() for m in blind.finditer(text)] == [m.span() for m in ignore_case.finditer(text)]
    found, expected = blind.search(text, 2), ignore_case.search(text, 2)
    assert (found and found.span()) == (expected and expected.span())
    if shape.startswith((r"\b(?:", "(?<!")):  # every match begins with one of the words
        from_starts = CaseBlind(pattern, starts=words)
        assert [m.span() for m in from_starts.finditer(text)] == [m.span() for m in ignore_case.finditer(text)]
        assert [m.span() for m in from_starts.finditer(text, 3, 25)] == \
            [m.span() for m in ignore_case.finditer(text, 3, 25)]
        found = from_starts.search(text, 2)
        assert (found and found.span()) == (expected and expected.span())


def test_a_case_blind_pattern_must_be_written_in_lowercase():
    CaseBlind(r"(?P<cue>\Sabc)\W")  # escapes and group syntax are not words
    try:
        CaseBlind(r"\bGPU\b")
    except ValueError as error:
        assert "lowercase" in str(error)
    else:
        raise AssertionError("an uppercase word would never match the lowercased text")


def test_the_loader_picks_the_engine_a_rule_declares():
    from claimbase.engines.alternation import Alternatives
    from claimbase.engines.loader import cue_patterns, rule_pattern, words

    assert [m.group(0) for m in words(["speedup", "speed-up"]).finditer("A Speed-up and a speedup")] == \
        ["Speed-up", "speedup"]
    led = rule_pattern({"lead": ["on", "On"], "regex": r"\b{lead}\s+(?P<name>[A-Z]\w+)"})
    assert isinstance(led, Alternatives)
    assert [m.group("name") for m in led.finditer("On COCO and on LVIS")] == ["COCO", "LVIS"]
    assert rule_pattern({"regex": r"(?P<name>X\d)"}).search("a X1").group("name") == "X1"
    assert cue_patterns(None) is None and isinstance(cue_patterns(["a", "b"]), Alternatives)


def test_the_loader_scans_word_lists_case_blind_and_writes_them_into_patterns():
    import regex as re_engine
    from claimbase.engines.alternation import CaseBlind
    from claimbase.engines.loader import alternation, scan, scan_words

    verbs = scan_words(["propose", "introduce", "present"])
    assert isinstance(verbs, CaseBlind)
    assert [m.start() for m in verbs.finditer("We Propose X and introduce Y; a presentation.")] == [3, 17]
    cue = scan(r"\s(?P<cue>" + alternation(["vs.", "versus"]) + r")\s")
    assert cue.search("61% VS. 58%").group("cue") == "vs."  # matched on the lowercased text
    # acronyms only as written ("IS" the inception score, "is" a verb), and longest first for a
    # pattern read from the end, as a trie would not serve it
    metric = re_engine.compile(r"\b(?:" + alternation(["IS", "inception score"], acronyms_as_written=True) + r")\b",
                               re_engine.I)
    assert [m.group(0) for m in metric.finditer("it is an Inception Score; IS 9")] == ["Inception Score", "IS"]
    assert alternation(["of", "of the"], trie=False) == r"of\ the|of"
