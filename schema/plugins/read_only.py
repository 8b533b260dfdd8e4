"""Datasette plugin: what a read-only knowledge base refuses, politely.

claimbase serves its database for reading. A request that would write (POST, PUT, ...) to a
table or a query page of a claimbase database is answered 405 instead of reaching Datasette's table view, which
answers it with a 500; and no value a query makes may be larger than MOST_BYTES, so that
`select randomblob(1e9)` is an error message rather than a gigabyte per request.
"""
from __future__ import annotations

import sqlite3

from datasette import hookimpl
from datasette.utils.asgi import Response

from . import knowledge_bases

READING = {"GET", "HEAD", "OPTIONS"}
MOST_BYTES = 10_000_000  # a string or blob a query may make: far beyond any abstract or page


@hookimpl
def prepare_connection(conn):
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MOST_BYTES)


def _of_a_knowledge_base(datasette, scope) -> bool:
    """Whether a request is for a claimbase database's pages (other databases keep Datasette's ways)."""
    first = scope["path"].strip("/").split("/", 1)[0].split(".", 1)[0]
    return bool(first) and not first.startswith("-") and first in knowledge_bases(datasette)


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def read_only(scope, receive, send):
            if scope["type"] == "http" and scope["method"] not in READING and _of_a_knowledge_base(datasette, scope):
                response = Response.text("claimbase serves this knowledge base read-only: use GET\n", status=405,
                                         headers={"Allow": ", ".join(sorted(READING))})
                await response.asgi_send(send)
                return
            await app(scope, receive, send)

        return read_only

    return wrap
