"""Shared fixtures: the knowledge base built once from the real seeds, with the real CLI."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimbase.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
GOLD = ROOT / "tests" / "gold" / "dev.jsonl"


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory) -> Path:
    db_path = tmp_path_factory.mktemp("kb") / "claims.db"
    result = CliRunner().invoke(cli, ["build", *map(str, SEEDS), "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    return db_path


@pytest.fixture(scope="session")
def gold() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
