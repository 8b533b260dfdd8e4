"""Hostile and broken input records: each is one rejected record naming file, line and field,
which --skip-invalid skips; never a traceback, never a value silently coerced."""
from __future__ import annotations

import json
import sys

import pytest
import sqlite_utils
from click.testing import CliRunner

from claimbase.cli import cli

GOOD = {"title": "Sparse Routing for Small Models", "abstract": "Our model reaches 71.2% accuracy on GSM8K."}


def add(db_path, *args):
    return CliRunner().invoke(cli, ["add", *map(str, args), "--db", str(db_path)])


def one_line_error(result) -> str:
    """The CLI's whole output on failure: exactly one line starting with Error:, no traceback."""
    assert result.exit_code == 1, result.output
    assert not isinstance(result.exception, (TypeError, AttributeError, KeyError, ValueError, RecursionError))
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return lines[0]


WRONG_TYPES = [
    ({**GOOD, "authors": 7}, "authors: wrong type (a number)"),
    ({**GOOD, "authors": [{"name": 3}]}, "authors.0.name: wrong type (a number)"),
    ({**GOOD, "categories": {}}, "categories: wrong type (an object)"),
    ({**GOOD, "title": {"text": "A title"}}, "title: wrong type (an object)"),
    ({**GOOD, "abstract": ["We reach", "71.2%."]}, "abstract: wrong type (a list)"),
    ({**GOOD, "id": "2401.00001", "versions": 5}, "versions: wrong type (a number)"),
    ({**GOOD, "id": "2401.00001", "versions": [{"created": 2024}]}, "versions.0.created: wrong type (a number)"),
    ({**GOOD, "paperId": "abc", "externalIds": "arXiv:2401.00001"}, "externalIds: wrong type (text)"),
    ({**GOOD, "doi": 10.1234}, "doi: wrong type (a number)"),
]


@pytest.mark.parametrize("record, message", WRONG_TYPES, ids=[m.split(":")[0] for _, m in WRONG_TYPES])
def test_a_wrong_type_is_a_rejected_record_naming_file_line_and_field(tmp_path, record, message):
    path = tmp_path / "papers.jsonl"
    path.write_text(json.dumps(GOOD | {"title": "First"}) + "\n" + json.dumps(record) + "\n")
    line = one_line_error(add(tmp_path / "kb.db", path))
    assert line.startswith(f"Error: {path}:2: {message}"), line
    assert not (tmp_path / "kb.db").exists()  # a failed first add leaves nothing

    skipped = add(tmp_path / "kb.db", path, "--skip-invalid")
    assert skipped.exit_code == 0, skipped.output
    assert "1 papers added" in skipped.output and f"{path}:2: {message}" in skipped.output
    titles = [r["title"] for r in sqlite_utils.Database(tmp_path / "kb.db").query("select title from papers")]
    assert titles == ["First"]


def _huge_integer() -> str:
    return "9" * 100_000


HOSTILE_JSON = {
    "nested 1,000 deep": ('{"title": ' + "[" * 1000 + "]" * 1000 + "}", "nested too deeply"),
    "an integer of 100,000 digits": ('{"title": "T", "abstract": "A", "n": ' + _huge_integer() + "}",
                                     "a JSON number too long to read"),
}


@pytest.mark.parametrize("name", HOSTILE_JSON)
@pytest.mark.parametrize("fmt", ["jsonl", "json array"])
def test_hostile_json_is_a_rejected_record(tmp_path, name, fmt):
    bad, message = HOSTILE_JSON[name]
    if fmt == "jsonl":
        path = tmp_path / "papers.jsonl"
        path.write_text(json.dumps(GOOD) + "\n" + bad + "\n")
    else:
        path = tmp_path / "papers.json"
        path.write_text("[" + json.dumps(GOOD) + ",\n" + bad + "]")
    assert message in one_line_error(add(tmp_path / "kb.db", path))
    assert sys.getrecursionlimit() < 10_000  # the decoder's own limit is what is hit, not a raised one


def test_a_json_lines_file_whose_first_line_is_broken_keeps_its_good_records(tmp_path):
    path = tmp_path / "papers.jsonl"
    good = [GOOD | {"title": f"Paper {n}"} for n in range(3)]
    path.write_text('{"title": "Broken", "abstract": \n' + "".join(json.dumps(r) + "\n" for r in good))
    assert one_line_error(add(tmp_path / "kb.db", path)).startswith(f"Error: {path}:1: not valid JSON")
    result = add(tmp_path / "kb.db", path, "--skip-invalid")
    assert result.exit_code == 0 and "3 papers added" in result.output, result.output


def test_a_run_that_rejects_every_record_fails_and_writes_nothing(tmp_path):
    path = tmp_path / "papers.jsonl"
    path.write_text('{"title": broken\n{"title": 5, "abstract": "x"}\n[1, 2]\n')
    db = tmp_path / "kb.db"
    assert add(db, _good_file(tmp_path)).exit_code == 0
    before = list(sqlite_utils.Database(db).query("select * from sources"))
    result = add(db, path, "--skip-invalid")
    assert result.exit_code == 1, result.output
    assert "every record was rejected (3), nothing was added" in result.output
    assert list(sqlite_utils.Database(db).query("select * from sources")) == before


def _good_file(tmp_path):
    path = tmp_path / "good.jsonl"
    path.write_text(json.dumps(GOOD) + "\n")
    return path


def test_an_empty_file_writes_nothing_and_says_so(tmp_path):
    db = tmp_path / "kb.db"
    add(db, _good_file(tmp_path))
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    result = add(db, empty)
    assert result.exit_code == 0 and "no records found" in result.output, result.output
    assert [r["file"] for r in sqlite_utils.Database(db).query("select file from sources")] == ["good.jsonl"]


def test_an_atom_summary_with_child_elements_is_read_whole(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry>'
        "<id>http://arxiv.org/abs/2401.00002v1</id><title>H<sub>2</sub>O cache</title>"
        "<summary>We cut the <i>KV</i> cache by 80% with no loss on LongBench.</summary>"
        "<published>2024-01-03T00:00:00Z</published></entry></feed>")
    assert add(tmp_path / "kb.db", feed).exit_code == 0
    paper = next(sqlite_utils.Database(tmp_path / "kb.db").query("select title, abstract from papers"))
    assert paper == {"title": "H2O cache", "abstract": "We cut the KV cache by 80% with no loss on LongBench."}
