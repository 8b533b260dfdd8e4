"""Reading records: white space is squeezed the same way whichever path a text takes."""
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.readers.records import _squeezed

# ASCII white space of every kind, a non-ASCII space and letter, and plain letters
WHITE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\xa0\u2003"


@settings(max_examples=500)
@given(st.text(WHITE + "abé", max_size=30))
def test_squeezed_text_has_single_spaces_and_no_ends(text):
    assert _squeezed(text) == " ".join(text.split())


def test_squeezing_keeps_a_clean_text_and_reads_empty_values_as_empty():
    assert _squeezed("A clean title: 7B models") == "A clean title: 7B models"
    assert _squeezed(" Two\n lines\t ") == "Two lines"
    assert _squeezed(None) == "" and _squeezed(3) == "3"
