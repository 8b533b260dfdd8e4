"""Text files as users have them: UTF-8, with or without the byte-order mark that spreadsheet
programs put before a CSV ("CSV UTF-8" in Excel) and that Windows tools put before JSON; and,
for a file in another encoding, one clear line naming the line and the byte, instead of a
traceback from the codec somewhere in the middle of a stream."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from claimbase.errors import InputError

TEXT_ENCODING = "utf-8-sig"  # reads plain UTF-8 as it is, and drops a leading byte-order mark
BYTE_ORDER_MARK = "\ufeff"


def undecodable_line(raw: bytes) -> Optional[str]:
    """What is wrong with a line of a file that should be UTF-8, or None if it decodes."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return f"not UTF-8 text (byte 0x{raw[error.start]:02x} at column {error.start + 1}); save the file as UTF-8"
    return None


def not_utf8(path: Path, display: str) -> InputError:
    """The error for a file that failed to decode: the first line that is not UTF-8, found by
    reading the file again line by line (it only happens once, when the read has failed)."""
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):  # a newline byte never falls inside a UTF-8 character
            problem = undecodable_line(raw)
            if problem:
                return InputError(display, number, problem)
    return InputError(display, None, "not UTF-8 text; save the file as UTF-8")
