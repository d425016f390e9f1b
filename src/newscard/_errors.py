"""One exception family for every kind of bad input."""

from __future__ import annotations

__all__ = ["ConflictError", "LimitError", "NewscardError", "ParseError", "ValidationError"]


class NewscardError(ValueError):
    """Bad input: where it is (file, line, column, YAML key path) and what is wrong.

    ``str(error)`` reads ``file:line:col: key.path: message``, leaving out the parts that
    are not known.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str = "",
        line: int | None = None,
        column: int | None = None,
        filename: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        """The YAML key path as written in the file, e.g. ``related[3].provider.domain``."""
        self.line = line
        """1-based line in the whole file (the opening ``---`` is line 1)."""
        self.column = column
        """1-based column."""
        self.filename = filename

    def __str__(self) -> str:
        where = [str(p) for p in (self.filename, self.line, self.column) if p is not None]
        parts = [":".join(where)] if where else []
        if self.path:
            parts.append(self.path)
        parts.append(self.message)
        return ": ".join(parts)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"

    def __reduce__(self) -> tuple[object, ...]:
        kwargs = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "filename": self.filename,
        }
        return (_rebuild, (type(self), self.message, kwargs))

    def in_file(self, filename: str) -> NewscardError:
        """Name the file this error came from (set once the caller knows it)."""
        self.filename = filename
        return self


def _rebuild(cls: type[NewscardError], message: str, kwargs: dict[str, object]) -> NewscardError:
    return cls(message, **kwargs)  # type: ignore[arg-type]


class ParseError(NewscardError):
    """The text is not a card: bad encoding, missing fences, or broken YAML."""


class ValidationError(NewscardError):
    """The YAML is fine but a value is not what the card format allows."""


class LimitError(NewscardError):
    """The input exceeds a safety limit (size, nesting depth, aliases)."""


class ConflictError(NewscardError):
    """A write that would lose a change it did not see; nothing was written.

    The file changed since it was read, appeared meanwhile, or has other names (hard
    links) that would keep the old text. Read the file again and redo the change, or pass
    ``overwrite=True`` to replace it anyway.
    """
