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
from claimbase.reports.compare import Filters, load_claims, pivot

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
        rows[cells[0]].update(zip((re.sub(r" \(.*\)$", "", h) for h in header), cells))  # "MATH (accuracy)" as "MATH" too
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
    assert result.exit_code == 1
    assert result.output.strip() == "Error: no claims match these filters: ImageNet has no claims"


def test_every_seed_cell_traces_to_its_evidence(seeds_db):
    db = sqlite_utils.Database(seeds_db)
    comparison = pivot(load_claims(db, Filters(min_papers=2)), "best")
    assert comparison.rows and comparison.columns
    for (system, column), cells in comparison.cells.items():
        for cell in cells:
            claim = db["claims"].get(cell.claim_id)
            assert cell.number in claim["text"], (system, column, cell.number, claim["text"])


DISAGREEING = [
    {"id": "d1", "title": "Paper One", "abstract": "We study small models. LLaMA-2-7B achieves 45.2% accuracy on GSM8K."},
    {"id": "d2", "title": "Paper Two", "abstract": "We study small models. Llama-2-7b achieves 41.0% accuracy on GSM8K."},
    {"id": "d3", "title": "Paper Three", "abstract": "We study small models. Mistral-7B reaches 52.5% accuracy on MMLU. "
                                                     "It improves accuracy on GSM8K by 3.1 points over Llama-2-7B."},
]


@pytest.fixture(scope="module")
def disagreeing_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("disagree")
    records = folder / "papers.jsonl"
    records.write_text("".join(json.dumps(r) + "\n" for r in DISAGREEING))
    db_path = folder / "kb.db"
    assert CliRunner().invoke(cli, ["add", str(records), "--db", str(db_path)]).exit_code == 0
    return db_path


def test_one_system_written_two_ways_is_one_row_and_its_disagreement_is_flagged(disagreeing_db):
    output = run(disagreeing_db, "--pick", "all")
    rows = markdown_rows(output)
    llama = [name for name in rows if name.lower().startswith("llama-2-7b")]
    assert len(llama) == 1, output
    assert rows[llama[0]]["GSM8K (accuracy)"] == "45.2%‼ [1]; 41.0%‼ [2]"
    assert "‼ other papers claim a different value for the same system, benchmark and metric" in output
    conflicts = run(disagreeing_db, "--conflicts")
    assert "on GSM8K (accuracy):" in conflicts
    assert '45.2% in "Paper One": We study small models. LLaMA-2-7B achieves 45.2% accuracy on GSM8K.' not in conflicts
    assert '45.2% in "Paper One": LLaMA-2-7B achieves 45.2% accuracy on GSM8K.' in conflicts
    assert '41.0% in "Paper Two": Llama-2-7b achieves 41.0% accuracy on GSM8K.' in conflicts


def test_columns_name_their_metric_and_differences_say_against_what(disagreeing_db):
    output = run(disagreeing_db, "--kind", "delta")
    assert "| GSM8K (accuracy)" in output and "+3.1 pp vs. Llama-2-7B" in output
    scores = run(disagreeing_db, "--pick", "all")
    assert "| GSM8K (accuracy)" in scores and "| MMLU (accuracy)" in scores


def test_an_empty_comparison_says_why_and_what_would_match(disagreeing_db):
    result = CliRunner().invoke(cli, ["compare", "--db", str(disagreeing_db), "--benchmark", "GSM8K",
                                      "--benchmark", "NoSuchBench", "--kind", "ratio"])
    assert result.exit_code == 1
    assert result.output.strip() == ("Error: no claims match these filters: GSM8K has 2 score claims: try --kind score; "
                                     "NoSuchBench has no claims")


def test_a_plot_with_nothing_to_draw_is_an_error(fixture_db, tmp_path):
    target = tmp_path / "nothing.png"
    result = CliRunner().invoke(cli, ["compare", "--db", str(fixture_db), "--benchmark", "HumanEval",
                                      "--family", "Nope", "--plot", str(target)])
    assert result.exit_code == 1 and not target.exists()


def test_unsure_cells_are_marked_and_min_confidence_leaves_them_out(seeds_db):
    everything = run(seeds_db, "--pick", "all", "--kind", "delta", "--min-papers", "1")
    sure = run(seeds_db, "--pick", "all", "--kind", "delta", "--min-papers", "1", "--min-confidence", "0.7")
    assert "?" in everything and "? the rules were unsure of this claim's system" in everything
    assert "?" not in sure.replace("?)", "")
    assert len(sure) < len(everything)


def test_the_conflicts_page_shows_both_sentences(disagreeing_db):
    import asyncio

    from datasette.app import Datasette

    async def fetch():
        datasette = Datasette(immutables=[str(disagreeing_db)])
        return (await datasette.client.get("/-/conflicts")).text, (await datasette.client.get("/-/compare?pick=all")).text

    conflicts, compare = asyncio.run(fetch())
    assert "Conflicting claims (1)" in conflicts
    assert "LLaMA-2-7B achieves <mark>45.2%</mark> accuracy on GSM8K." in conflicts
    assert "Llama-2-7b achieves <mark>41.0%</mark> accuracy on GSM8K." in conflicts
    assert "GSM8K (accuracy)" in compare and "‼" in compare and "/-/conflicts" in compare
