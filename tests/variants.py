"""Byte-level variants of a card's text that any valid style must survive."""

from __future__ import annotations

from collections.abc import Callable


def crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def bom(text: str) -> str:
    return "\ufeff" + text


def extra_blank_lines(text: str) -> str:
    return text + "\n\n\n"


def no_final_newline(text: str) -> str:
    return text.rstrip("\n")


def body_with_fences(text: str) -> str:
    return text + "Some body.\n---\nA line that looks like a fence.\n---\n"


VARIANTS: dict[str, Callable[[str], str]] = {
    "as-is": lambda t: t,
    "crlf": crlf,
    "bom": bom,
    "bom-crlf": lambda t: bom(crlf(t)),
    "blank-lines-at-end": extra_blank_lines,
    "no-final-newline": no_final_newline,
    "body-with-fences": body_with_fences,
}
