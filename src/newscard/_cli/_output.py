"""Output safety in one place: what reaches a terminal, a spreadsheet or a JSON parser.

Cards and file names come from third parties. A title holding ``ESC [2J`` would clear the
screen it is printed on, a file name holding a newline would forge a line of ``validate``'s
report, a cell starting with ``=`` is a formula to a spreadsheet, and a file name that is
not UTF-8 cannot be written as JSON text. Every line of text, CSV cell and JSON document
the command line writes goes through one of the functions here.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["csv_cell", "csv_text", "json_text", "path_text", "safe"]

_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
"""Controls (C0, DEL, C1), bidirectional overrides, Unicode line breaks, lone surrogates."""

_FORMULA = tuple("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
"""What makes a spreadsheet read a cell as a formula (OWASP), full-width forms included."""


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name, as Python keeps it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def safe(text: str) -> str:
    """Text with every character that could act on a terminal shown as an escape."""
    return _UNSAFE.sub(_escape, text)


def path_text(path: str | os.PathLike[str]) -> str:
    """A file name for people: undecodable bytes and control characters escaped."""
    return safe(os.fspath(path))


def json_text(value: Any, *, indent: int | None = 2) -> str:
    """JSON text that is valid UTF-8 whatever the value holds.

    Non-ASCII text is written as is, but lone surrogates (undecodable bytes of file
    names) are escaped: ``json.loads`` gives the same strings back, ``os.fsencode`` the
    same file names. So are U+0085, U+2028 and U+2029, which tools that split lines the
    Unicode way (Python's ``splitlines``, JavaScript) take for line breaks (one JSON Lines
    record stays one line), and the C1 controls and bidirectional overrides that act on a
    terminal showing the JSON (C0 controls JSON escapes itself). The data is the same.
    """
    text = json.dumps(value, ensure_ascii=False, indent=indent, allow_nan=False)
    return _JSON_ESCAPED.sub(_json_escape, text) + ("\n" if indent is not None else "")


_SURROGATE = re.compile("[\ud800-\udfff]")
_JSON_ESCAPED = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def csv_cell(value: Any) -> Any:
    """A value for a spreadsheet: numbers as they are, text that cannot start a formula."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if not isinstance(value, str):
        return value
    if value.startswith(_FORMULA):
        value = "'" + value
    if _SURROGATE.search(value) is not None:
        value = os.fsencode(value).decode("utf-8", "backslashreplace")
    return value


def csv_text(rows: Iterable[dict[str, Any]], columns: Sequence[str], *, header: bool = True) -> str:
    """CSV (RFC 4180: CRLF line ends) with safe cells.

    Every text cell is quoted, so that no line break (Unicode's included) can split a row;
    numbers are not.
    """
    out = io.StringIO()
    if header:  # column names are ours: plain
        csv.writer(out, lineterminator="\r\n").writerow(columns)
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC)
    for row in rows:
        writer.writerow([csv_cell(row.get(column)) for column in columns])
    return out.getvalue()
