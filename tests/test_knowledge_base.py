"""The knowledge-base pass: a benchmark name recognized in a strong context in one paper is a
benchmark in every paper of the knowledge base, including papers added before it."""
import json

import sqlite_utils
from click.testing import CliRunner

from claimbase.cli import cli

INTRODUCES = {"id": "a", "title": "Grounded charts",
              "abstract": "We release the ChartMaze-7 dataset of 4,000 chart questions. Humans answer 97% of them."}
USES = {"id": "b", "title": "A small chart reader",
        "abstract": "ChartMaze-7 remains hard: our reader answers only 61% of its questions correctly."}
KIND = {"id": "c", "title": "Prompts", "abstract": "We collect the T2I dataset of 900 prompts. T2I is widely used."}


def _add(path, db, *papers):
    path.write_text("".join(json.dumps(p) + "\n" for p in papers))
    result = CliRunner().invoke(cli, ["add", str(path), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    return result.output


def _benchmarks(db, paper):
    return sorted(sqlite_utils.Database(db).execute(
        "select text, rule from mentions join papers on papers.id = mentions.paper_id "
        "where papers.title = ? and label = 'BENCHMARK'", [paper["title"]]).fetchall())


def test_a_name_one_paper_introduces_is_known_in_another(tmp_path):
    db = tmp_path / "kb.db"
    _add(tmp_path / "uses.jsonl", db, USES)
    assert _benchmarks(db, USES) == []  # alone, nothing says ChartMaze-7 is a benchmark
    output = _add(tmp_path / "introduces.jsonl", db, INTRODUCES)
    assert "1 papers read again" in output
    assert _benchmarks(db, INTRODUCES) == [("ChartMaze-7", "named_dataset")]
    assert _benchmarks(db, USES) == [("ChartMaze-7", "knowledge_base")]
    claim = sqlite_utils.Database(db).execute(
        "select benchmarks.name from claims join benchmarks on benchmarks.id = claims.benchmark_id "
        "join papers on papers.id = claims.paper_id where papers.title = ? and claims.value = 61",
        [USES["title"]]).fetchall()
    assert claim == [("ChartMaze-7",)]
    again = _add(tmp_path / "introduces.jsonl", db, INTRODUCES)  # idempotent: nothing new to learn or read
    assert "read again" not in again and "1 unchanged" in again
    assert _benchmarks(db, USES) == [("ChartMaze-7", "knowledge_base")]


def test_a_kind_most_papers_write_otherwise_is_not_learned(tmp_path):
    db = tmp_path / "kb.db"
    others = [{"id": f"m{i}", "title": f"Paper {i}", "abstract": f"T2I models of {i} kinds were tried."}
              for i in range(6)]
    _add(tmp_path / "all.jsonl", db, KIND, *others)
    assert _benchmarks(db, others[1]) == []
