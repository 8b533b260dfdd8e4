"""Patterns read from the end find what a right-to-left search finds, trying one position."""
import gc

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

import claimbase.stages.attribution.patterns
import claimbase.stages.claims
import claimbase.stages.numbers
from claimbase.engines.backward import Backward
from claimbase.pipeline import Extractor
from claimbase.stages.textmap import PlainText

WORDS = ["by", "up to", "of", "(", ")", "=", "accuracy", "BLEU", "Llama", "7B", "a", "an", "the", "±", "pm", "top",
         "layer", "context length", "parameters", "SOTA", "on", "than", "93.3", "%", ",", " ", "  ", "-"]
texts = st.lists(st.sampled_from(WORDS), max_size=14).map(" ".join)


def all_backward_patterns() -> list[Backward]:
    Extractor()  # builds every rule table
    claimbase.stages.attribution.patterns.rules(), claimbase.stages.claims._rules(), claimbase.stages.numbers._grammar()
    return [o for o in gc.get_objects() if isinstance(o, Backward)]


PATTERNS = all_backward_patterns()


def test_the_rules_use_backward_patterns():
    assert len(PATTERNS) >= 20


@settings(max_examples=300)
@given(text=texts)
def test_anchored_at_the_end_equals_a_right_to_left_search(text):
    for pattern in PATTERNS:
        searched, anchored = pattern.compiled.search(text), pattern.search(text)
        assert (searched and (searched.span(), searched.groupdict())) == \
            (anchored and (anchored.span(), anchored.groupdict())), pattern.pattern


def test_a_pattern_that_does_not_end_the_text_is_refused():
    with pytest.raises(ValueError):
        Backward(r"\bby\s+")
    with pytest.raises(ValueError):
        Backward(r"costs \$")
    assert Backward(r"\bby\s+$", regex.I).search("improves accuracy BY ").group(0) == "BY "


@settings(max_examples=300)
@given(text=st.text(alphabet=st.sampled_from(list("ab-. \t\r\n$%\\")), max_size=40))
def test_the_plain_view_the_rules_read_has_no_line_break(text):
    """Why matching at the end equals searching: `$` could also match before a final newline,
    and the plain view of extract/stages/textmap.py never has one."""
    assert "\n" not in PlainText(text).text
