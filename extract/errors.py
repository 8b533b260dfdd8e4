"""Errors that the CLI turns into one clear line naming the file and the line."""
from __future__ import annotations


class InputError(Exception):
    """Bad input: names the file and (where known) the line, and what is wrong."""

    def __init__(self, path: str, line: int | None, message: str):
        self.path, self.line, self.message = path, line, message
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")


class WorkerFailed(Exception):
    """An extraction process died mid-run (killed, out of memory): the run stops, writing nothing."""

    def __init__(self):
        super().__init__("an extraction worker stopped before it finished (killed, or out of memory?); "
                         "nothing was written")


class DatabaseFailure(Exception):
    """Writing the database failed (a full disk, another writer, a damaged file): the run is
    rolled back and the database is as it was before it."""

    def __init__(self, path: str, what: str):
        self.path, self.what = path, what
        super().__init__(f"{path}: {what}; nothing was written")
