"""The database file: written aside and swapped in whole, written by one writer at a time, and
its failures told in one line naming it.

A new database (a build, a first add) is written into a temporary file beside the target and
moved over it only when complete. Moving a file over a SQLite database is not enough on its
own: the old file's journal (`-wal`, `-shm`, or a hot `-journal` left by a writer that died)
stays beside it under the same name, and SQLite applies a journal it finds to whatever file it
opens next — the new one. So the old database is closed down first (checkpointed, its WAL
removed) and whatever journal remains is removed before the new file takes its place.
"""
from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import stat
import tempfile
from pathlib import Path
from typing import Iterator

import sqlite_utils

from claimbase.errors import DatabaseFailure

JOURNALS = ("-wal", "-shm", "-journal")
WAIT_SECONDS = 60.0  # how long a writer waits for another one to finish before it gives up


def target_of(db_path: Path) -> Path:
    """The file a --db path names: a symbolic link is followed, so that the link stays a link
    and the file it points to is the one replaced."""
    db_path = Path(db_path)
    return Path(os.path.realpath(db_path)) if db_path.is_symlink() else db_path


def _temporary_name(target: Path) -> str:
    """A new file's temporary name carries the writing process's id, so that one abandoned by a
    process killed outright can be told from one still being written, and removed."""
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    return name


def remove_abandoned(target: Path) -> list[Path]:
    """Temporary files (and their journals) beside `target` whose writing process is gone."""
    removed = []
    for path in target.parent.glob(f".{target.name}.*.tmp*"):
        pid = path.name[len(target.name) + 2:].split(".", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _mode_for(target: Path) -> tuple[int, tuple[int, int] | None]:
    """The permissions (and owner) the new file gets: the old file's, else a new file's."""
    try:
        old = target.stat()
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask, None
    return stat.S_IMODE(old.st_mode), (old.st_uid, old.st_gid)


@contextlib.contextmanager
def written_aside(db_path: Path) -> Iterator[sqlite_utils.Database]:
    """A new database written into a temporary file beside `db_path` and moved into place only
    when the block completes; on any failure the temporary file goes and `db_path` is untouched."""
    target = target_of(db_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned(target)
    tmp_name = _temporary_name(target)
    try:
        db = sqlite_utils.Database(tmp_name)
        yield db
        db.close()
        mode, owner = _mode_for(target)
        os.chmod(tmp_name, mode)
        if owner is not None and os.geteuid() == 0:
            os.chown(tmp_name, *owner)
        _swap_in(tmp_name, target)
    except BaseException:
        for suffix in ("", *JOURNALS):
            Path(tmp_name + suffix).unlink(missing_ok=True)
        raise


def _swap_in(new: str, target: Path) -> None:
    """Move `new` over `target`, leaving none of the old database's journal to touch it."""
    if target.exists():
        _close_down(target)
    for suffix in JOURNALS:
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(new, target)


def _close_down(target: Path) -> None:
    """Wait for a writer of the old database to finish (its write lock, BEGIN IMMEDIATE), then
    fold its WAL back and remove it: journal_mode=DELETE does both when no one else has the
    file open, and is not waited for when a reader (a live server) keeps it open. A file that
    is not a database is left as it is; the caller removes whatever journal remains."""
    try:
        connection = sqlite3.connect(target, timeout=WAIT_SECONDS, isolation_level=None)
        try:
            connection.execute("begin immediate")
            connection.execute("rollback")
            connection.execute("pragma busy_timeout = 0")
            connection.execute("pragma journal_mode = delete")
        finally:
            connection.close()
    except sqlite3.Error:
        pass


def open_for_writing(db_path: Path, wait: float = WAIT_SECONDS) -> sqlite_utils.Database:
    """An existing database, opened to be written: a writer that finds another one at work waits
    up to `wait` seconds for it (SQLite's busy timeout), then fails in one line."""
    connection = sqlite3.connect(target_of(db_path), timeout=wait)
    return sqlite_utils.Database(connection)


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One transaction that takes the write lock at its start (BEGIN IMMEDIATE): a second writer
    waits its turn there, instead of reading first and then failing at once with "database is
    locked" when it tries to write what it read (SQLite cannot wait on a lock upgrade)."""
    db.conn.execute("begin immediate")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("rollback")
        raise
    db.conn.execute("commit")


def failure(db_path: Path, error: BaseException, wait: float = WAIT_SECONDS) -> DatabaseFailure:
    """A SQLite or file system error while writing `db_path`, as one line saying what happened."""
    text = str(error)
    if isinstance(error, OSError) and error.errno == errno.ENOSPC or "disk is full" in text:
        what = "the disk is full"
    elif "database is locked" in text or "database is busy" in text:
        what = f"another process kept it locked for {wait:g} s (another add writing to it?)"
    elif "file is not a database" in text:
        what = "not a SQLite database"
    elif "readonly" in text or isinstance(error, PermissionError):
        what = "cannot be written (read-only file, folder or disk)"
    elif "malformed" in text:
        what = "the database file is damaged (restore it, or build anew)"
    else:
        what = text or type(error).__name__
    return DatabaseFailure(str(db_path), what)
