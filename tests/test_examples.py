"""Every `claimbase` (and `datasette`) example in the README and in each command's --help runs
as written, in a folder holding the files the examples name (seeds/, papers.jsonl, ...).

Servers (`claimbase serve`, `datasette`) are started, asked for a page and stopped. The
`make` commands are the README's two commands, which CI runs itself; the benchmark scripts
are run by hand and print figures, so they are not examples run here.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimbase.cli import cli

from .conftest import GOLD, ROOT

INPUTS = ROOT / "tests" / "fixtures" / "inputs"
BIN = Path(sys.executable).parent


def readme_examples() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```bash\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            line = line.strip().removeprefix("$ ")
            if re.match(r"(?:claimbase|datasette|cat \S+ \| claimbase)\b", line):
                commands.append(line)
    return commands


def help_examples() -> list[str]:
    commands = []
    for name in cli.commands:
        text = CliRunner().invoke(cli, [name, "--help"]).output
        block = re.search(r"Examples?:\n((?:\s{4,}\S.*\n)+)", text)
        assert block, f"claimbase {name} --help shows no example"
        commands.extend(line.strip() for line in block.group(1).splitlines())
    return commands


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A folder where the examples' files exist, under the names the examples use."""
    here = tmp_path_factory.mktemp("examples")
    shutil.copytree(ROOT / "seeds", here / "seeds")
    for name, source in {"papers.jsonl": "papers.jsonl", "arxiv_query.xml": "arxiv_query.xml",
                         "s2_export.json": "s2_papers.json", "reading_list.csv": "papers.csv"}.items():
        shutil.copy(INPUTS / source, here / name)
    (here / "exports").mkdir()
    shutil.copy(INPUTS / "arxiv_snapshot.jsonl", here / "exports" / "snapshot.jsonl")
    (here / "tests" / "gold").mkdir(parents=True)
    shutil.copy(GOLD, here / "tests" / "gold" / "dev.jsonl")
    shutil.copy(GOLD, here / "gold.jsonl")
    (here / "docs").mkdir()
    environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    for setup in ("claimbase build --quiet", "claimbase build --quiet --db mine.db"):
        subprocess.run(setup, shell=True, cwd=here, env=environment, check=True, capture_output=True)
    return here, environment


def run_example(command: str, workdir) -> None:
    here, environment = workdir
    if re.match(r"(claimbase serve|datasette)\b", command):
        return serve_example(command, here, environment)
    done = subprocess.run(["bash", "-c", command], cwd=here, env=environment, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, f"{command}\n{done.stdout[-1500:]}\n{done.stderr[-1500:]}"
    assert "Traceback" not in done.stderr, done.stderr


def serve_example(command: str, here: Path, environment: dict) -> None:
    port = int(re.search(r"--port (\d+)", command).group(1)) if "--port" in command else 8001
    process = subprocess.Popen(["bash", "-c", f"exec {command}"], cwd=here, env=environment, start_new_session=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        for _ in range(150):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/compare", timeout=1) as response:
                    assert response.status == 200 and b"Benchmark comparison" in response.read()
                    return
            except OSError:
                if process.poll() is not None:
                    pytest.fail(f"{command} stopped: {process.stdout.read().decode()[-1500:]}")
                time.sleep(0.2)
        pytest.fail(f"{command} served nothing on port {port}")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)


@pytest.mark.parametrize("command", readme_examples())
def test_a_readme_example_runs_as_written(command, workdir):
    run_example(command, workdir)


@pytest.mark.parametrize("command", help_examples())
def test_a_help_example_runs_as_written(command, workdir):
    run_example(command, workdir)


def test_help_keeps_each_example_on_its_own_line():
    text = CliRunner().invoke(cli, ["compare", "--help"]).output
    assert "  claimbase compare --min-papers 2 --format latex\n" in text
    assert "  claimbase compare --conflicts\n" in text
