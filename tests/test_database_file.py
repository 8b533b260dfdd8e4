"""The database file under real conditions: a build replaces it with nothing of the old one's
journal left to touch it, a live server follows the new file, writers take turns, a full disk
is named, and nothing is left behind by a run that was killed."""
from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
import sqlite_utils
from click.testing import CliRunner
from datasette.app import Datasette

from claimbase.cli import cli

from .conftest import SEEDS


def run(*args):
    return CliRunner().invoke(cli, [*map(str, args)])


def papers(db_path) -> int:
    with contextlib.closing(sqlite3.connect(db_path)) as connection:
        return connection.execute("select count(*) from papers").fetchone()[0]


def intact(db_path) -> bool:
    with contextlib.closing(sqlite3.connect(db_path)) as connection:
        return connection.execute("pragma integrity_check").fetchone() == ("ok",)


def journals(db_path) -> list[str]:
    return sorted(p.name for p in db_path.parent.iterdir() if p.name != db_path.name and db_path.name in p.name)


def _records(path, n: int, prefix: str = "Paper") -> None:
    with open(path, "w") as handle:
        for i in range(n):
            handle.write(json.dumps({"title": f"{prefix} {i} on sparse routing",
                                     "abstract": f"Our model reaches {50 + i % 40}.{i % 10}% accuracy on GSM8K, "
                                                 f"{1 + i % 9}x faster than the dense baseline."}) + "\n")


DYING_WRITER = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("pragma journal_mode = wal")
conn.execute("pragma wal_autocheckpoint = 0")
conn.execute("begin")
for i in range(1000):
    conn.execute("insert into papers (id, title, abstract) values (?, ?, ?)", (f"x{i}", f"Extra {i}", "An abstract."))
conn.execute("commit")
os._exit(0)  # committed, never checkpointed: the WAL stays beside the file, full of frames
"""


def test_a_build_leaves_nothing_of_the_old_databases_journal_to_replay(tmp_path):
    db = tmp_path / "claims.db"
    assert run("build", *SEEDS, "--db", db).exit_code == 0
    subprocess.run([sys.executable, "-c", DYING_WRITER, str(db)], check=True)
    assert (tmp_path / "claims.db-wal").stat().st_size > 500_000  # 1,000 papers committed there, not in the file

    result = run("build", *SEEDS, "--db", db)
    assert result.exit_code == 0, result.output
    assert journals(db) == []
    assert intact(db) and papers(db) == 303


def test_a_live_server_serves_the_new_file_after_a_build(tmp_path):
    db = tmp_path / "other-name.db"
    assert run("build", SEEDS[0], "--db", db).exit_code == 0
    first = papers(db)
    datasette = Datasette([str(db)])

    async def count():
        response = await datasette.client.get("/other-name.json?sql=select+count(*)+as+n+from+papers&_shape=array")
        return response.json()[0]["n"]

    async def scenario():
        await datasette.invoke_startup()
        before = await count()
        assert run("build", *SEEDS, "--db", db).exit_code == 0
        return before, await count(), await count()

    before, after, again = asyncio.run(scenario())
    assert (before, after, again) == (first, 303, 303) and first < 303


def test_a_second_writer_waits_its_turn(tmp_path):
    db = tmp_path / "kb.db"
    assert run("add", SEEDS[0], "--db", db).exit_code == 0
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    _records(first, 3000, "First")
    _records(second, 300, "Second")
    command = [sys.executable, "-m", "claimbase.cli", "add", "--quiet", "--db", str(db)]
    one = subprocess.Popen([*command, str(first)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.3)
    two = subprocess.Popen([*command, str(second)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    outputs = [process.communicate(timeout=120) for process in (one, two)]
    assert [one.returncode, two.returncode] == [0, 0], outputs
    assert all(err == "" for _, err in outputs), outputs
    assert papers(db) == papers_in(SEEDS[0], tmp_path) + 3300


def papers_in(seed, tmp_path) -> int:
    alone = tmp_path / "alone.db"
    run("add", seed, "--db", alone)
    return papers(alone)


def test_a_writer_kept_waiting_past_its_limit_fails_in_one_line(tmp_path):
    db = tmp_path / "kb.db"
    assert run("add", SEEDS[0], "--db", db).exit_code == 0
    before = hashlib.sha1(db.read_bytes()).hexdigest()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("begin immediate")
    try:
        started = time.monotonic()
        result = run("add", SEEDS[1], "--db", db, "--wait", "1")
        waited = time.monotonic() - started
    finally:
        holder.execute("rollback")
        holder.close()
    assert result.exit_code == 1
    assert result.output == f"Error: {db}: another process kept it locked for 1 s (another add writing to it?); " \
                            "nothing was written\n"
    assert 1 <= waited < 10
    assert hashlib.sha1(db.read_bytes()).hexdigest() == before


@pytest.fixture
def small_disk(tmp_path):
    """A small file system (tmpfs of 8 MB), to be filled up."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_is_named_and_the_previous_database_stays(small_disk, tmp_path):
    db = small_disk / "claims.db"
    assert run("build", *SEEDS, "--db", db).exit_code == 0
    before = hashlib.sha1(db.read_bytes()).hexdigest()
    filler = small_disk / "filler"
    free = os.statvfs(small_disk)
    filler.write_bytes(b"\0" * (free.f_bavail * free.f_frsize - db.stat().st_size // 2))  # room for half a database

    result = run("build", *SEEDS, "--db", db)
    assert result.exit_code == 1 and result.output == f"Error: {db}: the disk is full; nothing was written\n"
    assert hashlib.sha1(db.read_bytes()).hexdigest() == before and journals(db) == []

    many = tmp_path / "many.jsonl"
    _records(many, 5000)
    result = run("add", many, "--db", db)
    assert result.exit_code == 1 and result.output == f"Error: {db}: the disk is full; nothing was written\n"
    filler.unlink()
    assert papers(db) == 303 and intact(db)


def test_a_killed_build_leaves_a_file_that_the_next_run_removes(tmp_path):
    db = tmp_path / "claims.db"
    big = tmp_path / "big.jsonl"
    _records(big, 20000)
    process = subprocess.Popen([sys.executable, "-m", "claimbase.cli", "add", "--quiet", "--db", str(db), str(big)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while not list(tmp_path.glob(".claims.db.*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert list(tmp_path.glob(".claims.db.*.tmp")) and not db.exists()

    alive = tmp_path / f".claims.db.{os.getppid()}.abcd.tmp"  # a run still writing (its process lives) is left alone
    alive.write_bytes(b"")
    assert run("build", *SEEDS, "--db", db).exit_code == 0
    assert sorted(p.name for p in tmp_path.glob(".claims.db.*")) == [alive.name]


def test_a_failed_add_leaves_a_database_without_the_schema_as_it_was(tmp_path):
    db = tmp_path / "other.db"
    sqlite_utils.Database(db)["notes"].insert({"text": "mine"})
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"title": "A", "abstract": "B"}\n{"title": 5}\n')
    result = run("add", bad, "--db", db)
    assert result.exit_code == 1 and result.output.startswith(f"Error: {bad}:2: title: wrong type")
    assert sqlite_utils.Database(db).table_names() == ["notes"]


def test_a_file_that_is_not_a_database_is_named_in_one_line(tmp_path):
    db = tmp_path / "notes.db"
    db.write_text("these are my notes, not a database\n" * 100)
    good = tmp_path / "good.jsonl"
    _records(good, 2)
    result = run("add", good, "--db", db)
    assert result.exit_code == 1 and result.output == f"Error: {db}: not a SQLite database; nothing was written\n"
    assert db.read_text().startswith("these are my notes")


def test_a_build_keeps_the_files_permissions_and_its_symbolic_link(tmp_path):
    real = tmp_path / "store" / "claims.db"
    real.parent.mkdir()
    link = tmp_path / "claims.db"
    assert run("build", SEEDS[0], "--db", real).exit_code == 0
    real.chmod(0o600)
    link.symlink_to(real)
    assert run("build", *SEEDS, "--db", link).exit_code == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.stat().st_mode & 0o777 == 0o600
    assert papers(link) == 303
