"""Datasette plugin: what a read-only knowledge base refuses, politely.

claimbase serves its database for reading. A request that would write (POST, PUT, ...) to a
table or a query page is answered 405 instead of reaching Datasette's table view, which
answers it with a 500; and no value a query makes may be larger than MOST_BYTES, so that
`select randomblob(1e9)` is an error message rather than a gigabyte per request.
"""
from __future__ import annotations

import sqlite3

from datasette import hookimpl
from datasette.utils.asgi import Response

READING = {"GET", "HEAD", "OPTIONS"}
MOST_BYTES = 10_000_000  # a string or blob a query may make: far beyond any abstract or page


@hookimpl
def prepare_connection(conn):
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MOST_BYTES)


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def read_only(scope, receive, send):
            if scope["type"] == "http" and scope["method"] not in READING and not scope["path"].startswith("/-/"):
                response = Response.text("claimbase serves this knowledge base read-only: use GET\n", status=405,
                                         headers={"Allow": ", ".join(sorted(READING))})
                await response.asgi_send(send)
                return
            await app(scope, receive, send)

        return read_only

    return wrap
