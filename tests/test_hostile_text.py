"""Abstract text that breaks naive number reading: numbers too long to be numbers, characters
that do not show, and LaTeX that leaves math mode open; and abstracts far longer than any
abstract is."""
from __future__ import annotations

import json
import math
import random

import pytest
import sqlite_utils
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from claimbase.cli import cli
from claimbase.pipeline import Extractor

EXTRACTOR = Extractor()


def claims(text: str):
    return EXTRACTOR.extract(text, "A title")[0]


def test_a_number_of_hundreds_of_digits_is_no_claim_and_the_export_stays_json(tmp_path):
    huge = "1" * 400
    text = f"Our model is {huge}% better than the baseline and reaches 71.2% on GSM8K. We train Llama-{huge}B."
    found = claims(text)
    assert [c.text for c in found] == ["71.2%"]
    records = tmp_path / "papers.jsonl"
    records.write_text(json.dumps({"title": "Huge", "abstract": text}) + "\n")
    db = tmp_path / "kb.db"
    assert CliRunner().invoke(cli, ["add", str(records), "--db", str(db)]).exit_code == 0
    exported = CliRunner().invoke(cli, ["export", "--db", str(db), "--format", "jsonl"]).output
    record = json.loads(exported, parse_constant=lambda name: pytest.fail(f"{name} in the export"))
    assert all(math.isfinite(c["value"]) for c in record["claims"])
    params = [r["params"] for r in sqlite_utils.Database(db).query("select params from models")]
    assert all(p is None or math.isfinite(p) for p in params)


@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])
def test_a_character_that_does_not_show_does_not_split_a_number(invisible):
    text = f"Decoding is 1{invisible}0{invisible}0x faster than the autoregressive baseline."
    (claim,) = claims(text)
    assert (claim.value, claim.kind, claim.text) == (100.0, "ratio", f"1{invisible}0{invisible}0x")
    assert text[claim.start:claim.end] == claim.text


PIECES = ["We", " ", "reach", "$", "33", "\\%", "%", ".", "\n", "x", "$\\times$", "\\times", "1.5", "on GSM8K",
          "(", ")", "\u200b", "-", "accuracy", "by", "3", "points", "\\,", "{,}", "000", "e.g.", "5", "×", "  ",
          "\r\n", "$\\sim$", "up to", "faster than", "GPT-4", "7B"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=3, max_size=25))
def test_every_claim_lies_inside_its_stored_sentence(pieces):
    text = "".join(pieces)
    for claim in claims(text):
        assert claim.sentence_start <= claim.start and claim.end <= claim.sentence_start + len(claim.sentence)
        assert text[claim.start:claim.end] == claim.text
        assert text[claim.sentence_start:claim.sentence_start + len(claim.sentence)] == claim.sentence


def test_an_unbalanced_dollar_sign_keeps_the_claim_in_its_sentence():
    text = "It runs on GSM8K 3 $\\times$"  # the sentence's "$" count is odd: its span is cut before the last
    (claim,) = claims(text)
    assert claim.end <= claim.sentence_start + len(claim.sentence)


def test_an_abstract_of_megabytes_is_cut_with_a_warning_and_the_paper_kept(tmp_path):
    records = tmp_path / "papers.jsonl"
    random.seed(3)
    long_abstract = " ".join(f"We reach {random.randint(1, 99)}.{random.randint(0, 9)}% on task {n}."
                             for n in range(60_000))
    records.write_text(json.dumps({"title": "Whole paper pasted", "abstract": long_abstract}) + "\n"
                       + json.dumps({"title": "Short", "abstract": "We reach 71.2% on GSM8K."}) + "\n")
    db = tmp_path / "kb.db"
    result = CliRunner().invoke(cli, ["add", str(records), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert f"warning: {records}:1: the abstract has {len(long_abstract):,} characters; kept the first" in result.output
    stored = {r["title"]: r["abstract"] for r in sqlite_utils.Database(db).query("select title, abstract from papers")}
    assert set(stored) == {"Whole paper pasted", "Short"}
    assert 10_000 < len(stored["Whole paper pasted"]) <= 20_000 and long_abstract.startswith(stored["Whole paper pasted"])
