"""Datasette plugin: a database served live (`claimbase serve --live`) follows its file when
`build` replaces it.

Datasette keeps a connection open per thread for the life of the server; a connection reads
the file it opened, so after `build` moves a new file into place the server would go on
serving the old one until restarted. Before each query this checks which file the path names
now (device and inode, one stat) and, where that is not the file the thread's connection
opened, opens the new one in its place. Immutable databases never change, so they are left
alone.
"""
from __future__ import annotations

from datasette import hookimpl
from datasette.database import connections

from . import stat_or_none


def _identity(path: str):
    """Which file a path names (a replaced file is another one), or None."""
    found = stat_or_none(path)
    return (found.st_dev, found.st_ino) if found else None


def follow_replacements(db) -> None:
    """Wrap `db.execute_fn` so that every query runs on a connection to the file now at its path."""
    opened: dict[int, tuple] = {}  # id(connection) -> the file it opened
    run = db.execute_fn

    async def execute_fn(fn):
        def on_current_file(conn):
            now = _identity(db.path)
            if opened.setdefault(id(conn), now) != now and now is not None:
                conn = _reopen(db, conn)
                opened[id(conn)] = now
            return fn(conn)

        return await run(on_current_file)

    db.execute_fn = execute_fn


def _reopen(db, stale):
    """A new connection for this thread (or for Datasette's single-thread mode), the stale one closed."""
    fresh = db.connect()
    db.ds._prepare_connection(fresh, db.name)
    if db._read_connection is stale:
        db._read_connection = fresh
    else:
        setattr(connections, db.name, fresh)
    stale.close()
    return fresh


@hookimpl
def startup(datasette):
    for db in datasette.databases.values():
        if db.is_mutable and db.path and not db.is_memory:
            follow_replacements(db)
