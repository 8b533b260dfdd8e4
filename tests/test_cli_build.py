"""The build command: counts, atomic replacement, idempotence, one-line errors."""
from __future__ import annotations

import sqlite3

from click.testing import CliRunner

from claimbase.cli import cli

from .conftest import SEEDS


def dump(path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())


def test_stats_reports_papers_and_listings(seeds_db):
    result = CliRunner().invoke(cli, ["stats", "--db", str(seeds_db)])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "papers: 303" in lines and "listings: 311" in lines and "sources: 5" in lines
    claims = int(next(l for l in lines if l.startswith("claims:")).split()[1])
    assert claims > 300


def test_rebuild_is_idempotent(tmp_path):
    runner = CliRunner()
    db = tmp_path / "a.db"
    assert runner.invoke(cli, ["build", *map(str, SEEDS[:2]), "--db", str(db)]).exit_code == 0
    first = dump(db)
    assert runner.invoke(cli, ["build", *map(str, SEEDS[:2]), "--db", str(db)]).exit_code == 0
    assert dump(db) == first


def test_failed_build_keeps_previous_database(tmp_path):
    runner = CliRunner()
    db = tmp_path / "kb.db"
    assert runner.invoke(cli, ["build", str(SEEDS[1]), "--db", str(db)]).exit_code == 0
    before = dump(db)
    bad = tmp_path / "broken.txt"
    bad.write_text("LGOct 1, 2023\nA TitleJane Doe\n", encoding="utf-8")
    result = runner.invoke(cli, ["build", str(SEEDS[1]), str(bad), "--db", str(db)])
    assert result.exit_code == 1
    error_lines = [l for l in result.output.splitlines() if l.strip()]
    assert len(error_lines) == 1 and f"{bad}:1:" in error_lines[0]
    assert dump(db) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_unreadable_file_is_one_line(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "missing.txt"), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert "missing.txt: cannot read" in result.output
    assert not (tmp_path / "x.db").exists()


def test_every_command_has_help():
    runner = CliRunner()
    for name, command in cli.commands.items():
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0 and command.help and "Example" in command.help, name


def test_an_unsplittable_entry_is_reported_and_strict_fails(tmp_path):
    seed = tmp_path / "list.txt"
    seed.write_text("CLSep 11, 2023Code\n"
                    "a title and author list that cannot be told apart\n"
                    "We introduce a method that reaches 41.2% on MATH and improves accuracy by 3 points.\n",
                    encoding="utf-8")
    db = tmp_path / "kb.db"
    result = CliRunner().invoke(cli, ["build", str(seed), "--db", str(db)])
    assert result.exit_code == 0  # the warning goes to standard error, which click's runner reports in output
    assert f"warning: {seed}:2: could not split the title from the author list" in result.output
    strict = CliRunner().invoke(cli, ["build", str(seed), "--db", str(tmp_path / "strict.db"), "--strict"])
    assert strict.exit_code == 1 and "could not split the title" in strict.output
    assert not (tmp_path / "strict.db").exists()
