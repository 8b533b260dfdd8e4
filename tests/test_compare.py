"""Comparison tables through the library and the CLI, on a small database built in the test."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest
import sqlite_utils
from click.testing import CliRunner

from claimbase.cli import cli
from claimbase.compare import Filters, load_claims, pivot

from .conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "comparison.jsonl"


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory):
    db_path = tmp_path_factory.mktemp("compare") / "compare.db"
    result = CliRunner().invoke(cli, ["add", str(FIXTURE), "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    return db_path


def run(db_path, *args):
    result = CliRunner().invoke(cli, ["compare", "--db", str(db_path), *args])
    assert result.exit_code == 0, result.output
    return result.output


def markdown_rows(output: str) -> dict[str, list[str]]:
    lines = [l for l in output.splitlines() if l.startswith("|")]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    rows = {}
    for line in lines[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        rows[cells[0]] = dict(zip(header, cells))
    return rows


def test_markdown_pivot_merges_aliases_and_picks_the_best(fixture_db):
    rows = markdown_rows(run(fixture_db, "--benchmark", "GSM8K", "--benchmark", "MATH", "--benchmark", "HumanEval"))
    alpha = next(v for k, v in rows.items() if k.startswith("Alpha-7B"))
    beta = next(v for k, v in rows.items() if k.startswith("Beta-13B"))
    assert re.fullmatch(r"47\.5% \[\d\]", alpha["GSM8K"])  # the better of 45.2% and 47.5% (GSM8K, GSM-8K)
    assert re.fullmatch(r"52\.0% \[\d\]", beta["GSM8K"])  # "52.0" keeps the precision it was claimed with
    assert alpha["MATH"].startswith("20.1%") and beta["MATH"].startswith("18.5%")
    assert alpha["HumanEval"] == "–" and beta["HumanEval"].startswith("31.7%")
    assert "7B" in next(k for k in rows if k.startswith("Alpha-7B"))


def test_pick_all_and_latest(fixture_db):
    everything = markdown_rows(run(fixture_db, "--benchmark", "GSM8K", "--pick", "all"))
    alpha = next(v for k, v in everything.items() if k.startswith("Alpha-7B"))
    assert "45.2%" in alpha["GSM8K"] and "47.5%" in alpha["GSM8K"]
    latest = markdown_rows(run(fixture_db, "--benchmark", "GSM8K", "--pick", "latest"))
    assert next(v for k, v in latest.items() if k.startswith("Alpha-7B"))["GSM8K"].startswith("47.5%")


def test_best_honours_lower_is_better(fixture_db):
    rows = markdown_rows(run(fixture_db, "--benchmark", "WikiText-103", "--metric", "perplexity"))
    gamma = next(v for k, v in rows.items() if k.startswith("Gamma-1B"))
    assert gamma["WikiText-103"].startswith("10.9")


def test_size_family_and_paper_filters(fixture_db):
    small = markdown_rows(run(fixture_db, "--benchmark", "GSM8K", "--max-params", "10B"))
    assert any(k.startswith("Alpha-7B") for k in small) and not any(k.startswith("Beta") for k in small)
    large = markdown_rows(run(fixture_db, "--benchmark", "GSM8K", "--min-params", "10B"))
    assert list(large) and all(k.startswith("Beta-13B") for k in large)
    family = markdown_rows(run(fixture_db, "--family", "Beta"))
    assert all(k.startswith("Beta") for k in family)
    paper = markdown_rows(run(fixture_db, "--paper", "Alpha Revisited"))
    assert list(paper) == [k for k in paper if k.startswith("Alpha-7B")] and len(paper) == 1


def test_min_papers_keeps_benchmarks_claimed_by_several_papers(fixture_db):
    rows = markdown_rows(run(fixture_db, "--min-papers", "2"))
    columns = set(next(iter(rows.values())))
    assert {"GSM8K", "MATH", "WikiText-103"} <= columns and "HumanEval" not in columns
    deltas = markdown_rows(run(fixture_db, "--min-papers", "3"))
    assert set(next(iter(deltas.values()))) == {"System", "GSM8K"}  # only GSM8K is claimed by three papers


def test_other_formats(fixture_db):
    latex = run(fixture_db, "--benchmark", "GSM8K", "--format", "latex")
    assert "\\toprule" in latex and "47.5\\%" in latex
    html = run(fixture_db, "--benchmark", "GSM8K", "--format", "html")
    assert "<table>" in html and "<td>" in html and "47.5%" in html
    table = list(csv.reader(io.StringIO(run(fixture_db, "--benchmark", "GSM8K", "--format", "csv"))))
    assert table[0][:2] == ["System", "GSM8K"] and any(r[1].startswith("52.0%") for r in table[1:])
    data = json.loads(run(fixture_db, "--benchmark", "GSM8K", "--format", "json"))
    assert data["columns"] == ["GSM8K"] and len(data["references"]) >= 2
    cells = [c for row in data["rows"] for c in row["cells"]["GSM8K"]]
    assert {c["display"] for c in cells} >= {"47.5%", "52.0%"}


def test_speedups_table_keeps_qualifiers(fixture_db):
    output = run(fixture_db, "--speedups")
    assert "up to 3.5×" in output and "FlashAttention" in output and "vLLM" in output
    rows = json.loads(run(fixture_db, "--speedups", "--format", "json"))
    latency = next(r for r in rows if r["value"] == 2.0)
    assert latency["direction"] == "down" and latency["metric"] == "latency"


def test_plots_are_drawn(fixture_db, tmp_path):
    scores = tmp_path / "gsm8k.svg"
    run(fixture_db, "--benchmark", "GSM8K", "--plot", str(scores))
    assert scores.read_text().lstrip().startswith("<?xml") and "Alpha-7B" in scores.read_text()
    bars = tmp_path / "speedups.png"
    run(fixture_db, "--speedups", "--plot", str(bars))
    assert bars.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_no_match_is_one_clear_line(fixture_db):
    result = CliRunner().invoke(cli, ["compare", "--db", str(fixture_db), "--benchmark", "ImageNet"])
    assert result.exit_code == 1 and result.output.strip() == "Error: no claims match these filters"


def test_every_seed_cell_traces_to_its_evidence(seeds_db):
    db = sqlite_utils.Database(seeds_db)
    comparison = pivot(load_claims(db, Filters(min_papers=2)), "best")
    assert comparison.rows and comparison.columns
    for (system, column), cells in comparison.cells.items():
        for cell in cells:
            claim = db["claims"].get(cell.claim_id)
            assert cell.number in claim["text"], (system, column, cell.number, claim["text"])
