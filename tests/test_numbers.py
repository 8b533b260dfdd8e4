"""How numbers are written: each case is a form the guidelines name."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimbase.stages.numbers import find_quantities
from claimbase.stages.textmap import PlainText, _anything_to_rewrite, _ascii_needles, _replacements


def read(text: str):
    plain = PlainText(text)
    out = []
    for q in find_quantities(plain.text):
        if q.in_name:
            continue
        start, end = plain.span(q.start, q.end)
        out.append((text[start:end], q.value, q.value_high, q.qualifier, q.unit))
    return out


@pytest.mark.parametrize("text, expected", [
    ("reaches 33% on MATH", [("33%", 33.0, None, "=", "%")]),
    ("by up to 29$\\times$, 29$\\times$, and 3$\\times$", [("up to 29$\\times$", 29.0, None, "<=", "x"),
                                                       ("29$\\times$", 29.0, None, "=", "x"), ("3$\\times$", 3.0, None, "=", "x")]),
    ("achieves $97.6\\%$ optimal", [("$97.6\\%$", 97.6, None, "=", "%")]),
    ("gain between 16% and 32%", [("16% and 32%", 16.0, 32.0, "=", "%")]),
    ("2.3-3.6x speedup", [("2.3-3.6x", 2.3, 3.6, "=", "x")]),
    ("models from 650M to 34B parameters", [("650M to 34B", 6.5e8, 3.4e10, "=", "")]),
    ("up to over 1T tokens", [("up to over 1T", 1e12, None, ">", "")]),
    ("at least $\\sim 600 \\times$ smaller", [("$\\sim 600 \\times$", 600.0, None, "~", "x")]),
    ("a 5-fold speedup", [("5-fold", 5.0, None, "=", "x")]),
    ("a five-fold reduction", [("five-fold", 5.0, None, "=", "x")]),
    ("improves by 28.4% points", [("28.4% points", 28.4, None, "=", "pp")]),
    ("uses 1/100 of the parameters", [("1/100", 0.01, None, "=", "x")]),
    ("a 1.5-billion parameter model", [("1.5-billion", 1.5e9, None, "=", "")]),
    ("over 10,000 words", [("over 10,000", 10000.0, None, ">", "")]),
    ("nearly 99% masking", [("nearly 99%", 99.0, None, "~", "%")]),
    ("\\textless2MB storage", [("\\textless2MB", 2.0, None, "<", "MB")]),
])
def test_number_forms(text, expected):
    assert read(text) == expected


@pytest.mark.parametrize("text", ["GPT-4 and Llama-3.1-8B-Instruct", "W4A8 quantization", "FABP5/11", "7.22 [6.30-8.07]"])
def test_numbers_inside_names_are_not_claims(text):
    assert [v for v in read(text) if v[1] not in (7.22,)] == []


def test_shared_from_and_versions_in_names():
    got = read("the win rate from 22.9% to 39.4% on AlpacaEval 2, and 20.6% to 29.1% on Arena-Hard with Llama 3")
    assert got == [("22.9% to 39.4%", 39.4, None, "=", "%"), ("20.6% to 29.1%", 29.1, None, "=", "%")]
    assert read("a gain of 10% to 25% overall") == [("10% to 25%", 10.0, 25.0, "=", "%")]


def test_word_numbers_keep_their_offsets_when_lowercasing_changes_length():
    """Word numbers are matched on the lowercased text; "İ" lowercases to two characters, so such a
    text is scanned ignoring case instead and the offsets still point into the original."""
    text = "İzmir-Net is Twice as fast and uses Five layers."
    found = {q.value: text[q.start:q.end] for q in find_quantities(text)}
    assert found == {2.0: "Twice", 5.0: "Five"}


# The pieces the plain view rewrites, cut and crowded together: a text holds a rewrite only
# where it holds one of the needles the fast path looks for.
PIECES = ["$\\times$", "\\sim", "{,}", "---", "--", "-", "$", "\\", "{", ",", "}", "\n", "\r", "times", "x", " ", "3"]


@settings(max_examples=500)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_an_ascii_text_without_the_needles_has_nothing_to_rewrite(text):
    if not any(needle in text for needle in _ascii_needles()):
        assert not _anything_to_rewrite().search(text)
        assert PlainText(text).text == text


def test_every_ascii_rewrite_holds_a_needle():
    for literal, _ in _replacements():
        if literal.isascii():
            assert any(needle in literal for needle in _ascii_needles()), literal
