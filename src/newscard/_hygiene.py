"""Checks for data that loads fine but should not be trusted as is.

A card can be perfectly valid and still carry a ``javascript:`` link, an excerpt whose UTF-8
was once read as cp1252 (``Amazonâ€™s``), HTML entities a scraper left undecoded
(``it&#8217;s``), a misspelled key that is kept as an unknown one (``webURL``), a paywall
notice for a title or a URL cut short. ``check`` finds them, with the YAML key path of each;
``validate`` on the command line reports them as warnings.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Callable
from html.entities import html5
from typing import Any

import attrs

from ._model import Article
from ._schema import ARTICLE, Field, Kind, Spec

__all__ = [
    "UNSAFE_SCHEMES",
    "Finding",
    "check",
    "find_entities",
    "find_mojibake",
    "repair_entities",
    "repair_mojibake",
    "unsafe_scheme",
]

UNSAFE_SCHEMES = frozenset({"javascript", "data", "vbscript"})
"""URL schemes that run code or embed content instead of naming a page."""

_TEXT_KEYS = frozenset({"title", "excerpt", "name", "attribution"})
"""String keys holding prose, where mojibake shows (titles, excerpts, provider names)."""

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_IGNORED = str.maketrans("", "", "\t\n\r")
_LEADING = "".join(map(chr, range(33)))
"""Browsers drop tabs and newlines anywhere in a URL: ``java\\tscript:`` is ``javascript:``."""


@attrs.frozen(kw_only=True)
class Finding:
    """Something suspicious in a card: where (YAML key path), what, and the offending value."""

    path: str
    """The YAML key path, e.g. ``related[2].excerpt``."""
    code: str
    """``unsafe-url``, ``mojibake``, ``html-entities``, ``misspelled-key``, ``empty-title``,
    ``placeholder-title`` or ``truncated-url``."""
    message: str
    value: str
    """The offending string as the card holds it: the URL, or the whole garbled text."""
    repaired: str | None = None
    """For mojibake and entities, the whole string as it should probably read."""

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def unsafe_scheme(url: str) -> str | None:
    """The scheme of a URL if it is one of ``UNSAFE_SCHEMES`` (lower-cased), else None.

    Leading spaces and control characters are skipped, and tabs and newlines inside are
    dropped, as browsers do before they read a scheme.

        >>> unsafe_scheme(" JavaScript:alert(1)")
        'javascript'
        >>> unsafe_scheme("https://example.com/") is None
        True
    """
    if url.startswith(("https://", "http://")):  # nearly every URL: nothing to look at
        return None
    text = url.lstrip(_LEADING).translate(_IGNORED)
    match = _SCHEME.match(text)
    if match is None:
        return None
    scheme = match.group(1).lower()
    return scheme if scheme in UNSAFE_SCHEMES else None


def _byte_map() -> dict[str, int]:
    """The byte each character stands for when UTF-8 was shown as cp1252.

    The five bytes cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) are read as
    latin-1 does, as control characters, since decoders that replace them do so.
    """
    table: dict[str, int] = {}
    for byte in range(0x80, 0x100):
        char = bytes([byte]).decode("cp1252", errors="replace")
        table[chr(byte) if char == "\ufffd" else char] = byte
    return table


_BYTES = _byte_map()


def _chars(low: int, high: int) -> str:
    """A regex character class body for the characters of bytes ``low`` to ``high``."""
    return re.escape("".join(char for char, byte in _BYTES.items() if low <= byte <= high))


_CONT, _LEAD2, _LEAD3, _LEAD4 = (
    _chars(0x80, 0xBF),
    _chars(0xC2, 0xDF),
    _chars(0xE0, 0xEF),
    _chars(0xF0, 0xF4),
)
_SEQUENCE = f"[{_LEAD2}][{_CONT}]|[{_LEAD3}][{_CONT}]{{2}}|[{_LEAD4}][{_CONT}]{{3}}"
_ONE = re.compile(_SEQUENCE)
_RUN = re.compile(f"(?:{_SEQUENCE})+")
"""A run of characters that could be UTF-8 bytes shown one byte per character."""


def _plausible(char: str) -> bool:
    """Whether a lone repaired character is one that mojibake typically hides.

    Latin letters with accents, typographic punctuation, currency signs, ``™`` and
    emoji: a lone sequence decoding to anything else (``CAFÉ”`` would give ``ɔ``) is
    more likely real text than garbling.
    """
    code = ord(char)
    return (
        0xA0 <= code <= 0x17F
        or 0x2000 <= code <= 0x20CF
        or 0x2100 <= code <= 0x214F
        or code >= 0x10000
    )


def _as_bytes(run: str) -> bytes:
    """The bytes a run of garbled characters stood for (every one is in ``_BYTES``)."""
    return bytes(_BYTES[char] for char in run)


def _decoded(sequence: str) -> str | None:
    try:
        return _as_bytes(sequence).decode("utf-8")
    except UnicodeDecodeError:
        return None


def _repairs(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, repaired)`` for each garbled span of ``text``, in order.

    In a run of two or more sequences that decode, each is repaired (``ä¸­æ–‡``); a lone
    one only if it gives a plausible character (see ``_plausible``).
    """
    spans: list[tuple[int, int, str]] = []
    for run in _RUN.finditer(text):
        found: list[tuple[int, int, str]] = []
        for one in _ONE.finditer(text, run.start(), run.end()):
            fixed = _decoded(one.group(0))
            if fixed is not None:
                found.append((one.start(), one.end(), fixed))
        if len(found) == 1 and not _plausible(found[0][2]):
            continue
        spans.extend(found)
    return spans


def find_mojibake(text: str) -> str | None:
    """The text repaired if it holds UTF-8 that was decoded as cp1252 or latin-1, else None.

    A heuristic: each sequence of characters that maps back to bytes forming valid UTF-8
    is decoded again (a lone one only when it gives an accented letter, typographic
    punctuation, a currency sign or an emoji); real accented words such as ``Café`` are
    left alone, so text mixing both is repaired only where it is garbled.

    >>> find_mojibake("Amazonâ€™s facial recognition")
    'Amazon’s facial recognition'
    >>> find_mojibake("Café in Zürich") is None
    True
    """
    if text.isascii():
        return None
    spans = _repairs(text)
    if not spans:
        return None
    parts: list[str] = []
    last = 0
    for start, end, fixed in spans:
        parts.append(text[last:start])
        parts.append(fixed)
        last = end
    parts.append(text[last:])
    return "".join(parts)


def check(card: Article) -> list[Finding]:
    """Every suspicious value of a card, in file order.

    URL keys are those the schema names ``url`` or ``...Url``, at any depth (related
    items, images, logos): unsafe schemes and URLs cut short. Text keys are titles,
    excerpts, provider names and image attributions: mojibake and HTML entities. Titles:
    empty, or a paywall or error page's notice. Unknown keys that look like a known key of
    their mapping misspelled (``webURL``, ``qualtiy``): their values are not read.
    """
    findings: list[Finding] = []
    _walk(card, ARTICLE, "", findings)
    return findings


def _walk(obj: Any, spec: Spec, path: str, findings: list[Finding]) -> None:
    for key in obj.extra:
        known = _misspelled(key, spec)
        if known is not None:
            here = f"{path}.{key}" if path else key
            message = f"unknown key {key!r}: did you mean {known!r}? (its value is not read)"
            findings.append(Finding(path=here, code="misspelled-key", message=message, value=key))
    for field in spec.fields:
        value = getattr(obj, field.attr)
        if value is None:
            continue
        here = f"{path}.{field.key}" if path else field.key
        if field.kind is Kind.STR:
            _check_string(field, value, here, findings)
        elif field.kind is Kind.OBJ and field.spec is not None:
            _walk(value, field.spec, here, findings)
        elif field.kind is Kind.OBJS and field.spec is not None:
            for index, item in enumerate(value):
                _walk(item, field.spec, f"{here}[{index}]", findings)


def _is_url_key(field: Field) -> bool:
    return field.key == "url" or field.key.endswith("Url")


def _check_string(field: Field, value: str, path: str, findings: list[Finding]) -> None:
    if _is_url_key(field):
        scheme = unsafe_scheme(value)
        if scheme is not None:
            message = f"unsafe URL scheme '{scheme}:' (runs or embeds content; not a web page)"
            findings.append(Finding(path=path, code="unsafe-url", message=message, value=value))
        elif value[-1:] in _CUT_ENDS and _TRUNCATED.search(value[-3:]) is not None:
            message = "looks cut short: a URL does not end with '-', '_' or a broken escape"
            findings.append(Finding(path=path, code="truncated-url", message=message, value=value))
        return
    if field.key == "title":
        _check_title(value, path, findings)
    if field.key in _TEXT_KEYS:
        decoded = find_entities(value)
        if decoded is not None:
            entity = _ENTITY.search(value).group()  # type: ignore[union-attr]
            message = f"holds HTML entities ({entity}...): it should probably read {decoded!r:.80}"
            findings.append(
                Finding(
                    path=path, code="html-entities", message=message, value=value, repaired=decoded
                )
            )
        repaired = find_mojibake(value)
        if repaired is not None:
            start, end, fixed = _repairs(value)[0]
            garbled = value[start:end]  # the first garbled run, shown in its word
            word_start = max(value.rfind(" ", 0, start) + 1, start - 20)
            word_end = value.find(" ", end)
            word_end = min(len(value) if word_end < 0 else word_end, end + 20)
            word = value[word_start:word_end]
            shown = find_mojibake(word) or word.replace(garbled, fixed)
            message = (
                f"looks like mojibake (UTF-8 read as cp1252): {word!r} should probably "
                f"read {shown!r}"
            )
            findings.append(
                Finding(path=path, code="mojibake", message=message, value=value, repaired=repaired)
            )


# --- HTML entities, titles, URLs and keys ----------------------------------------------------

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_PLACEHOLDER = re.compile(
    r"\s*(?:become an? .{1,40} subscriber to read|subscribe (?:now )?to (?:read|continue)"
    r"|(?:sign|log) (?:in|up) to (?:read|continue)|register to (?:read|continue)"
    r"|please enable (?:javascript|cookies)|access denied|are you a robot\??|just a moment"
    r"|attention required|page not found|404 not found|403 forbidden|not found)\W*\Z",
    re.IGNORECASE,
)
"""Titles a paywall, a bot check or an error page gives instead of the article's."""
_TRUNCATED = re.compile(r"[^/?#=&]/?[-_]\Z|%[0-9A-Fa-f]?\Z")
_CUT_ENDS = frozenset("-_%0123456789ABCDEFabcdef")
"""The last characters a URL cut short can have: the pattern runs only on those."""
"""A path or query cut mid-word (``...intent-``) or mid-escape (``%E2%8``)."""


def find_entities(text: str) -> str | None:
    """The text with HTML entities decoded, if it holds any (``&amp;``, ``&#8217;``), else None.

    >>> find_entities("It&#8217;s Q&amp;A time")
    'It’s Q&A time'
    >>> find_entities("AT&T; R&D") is None
    True
    """
    if "&" not in text or _ENTITY.search(text) is None:
        return None
    decoded = _ENTITY.sub(_decode_entity, text)
    return decoded if decoded != text else None


def _decode_entity(match: re.Match[str]) -> str:
    entity = match.group()
    if entity[1] != "#" and entity[1:] not in html5:
        return entity  # not an entity HTML knows: "AT&T;" is text
    return html.unescape(entity)


def _check_title(value: str, path: str, findings: list[Finding]) -> None:
    if not value.strip():
        message = "the title is empty"
        findings.append(Finding(path=path, code="empty-title", message=message, value=value))
    elif len(value) < 80 and _PLACEHOLDER.match(value) is not None:
        message = "looks like a paywall or error page's notice, not the article's title"
        findings.append(Finding(path=path, code="placeholder-title", message=message, value=value))


def _misspelled(key: str, spec: Spec) -> str | None:
    """The known key of ``spec`` an unknown key looks like a misspelling of, if any."""
    folded = key.casefold()
    for known in spec.by_key:
        if known.casefold() == folded:
            return known
    close = difflib.get_close_matches(key, spec.by_key, n=1, cutoff=0.85)
    return close[0] if close else None


def repair_entities(card: Article) -> Article:
    """The card with HTML entities decoded in its text fields, or the card itself if none.

    Opt-in, like ``repair_mojibake``: the same fields (titles, excerpts, provider names,
    image attributions), at any depth; the result keeps the card's source, so writing it
    changes only the repaired lines.

        >>> import newscard
        >>> repair_entities(newscard.Article(title="Q&amp;A")).title
        'Q&A'
    """
    repaired: Article = _repair(card, ARTICLE, find_entities)
    return repaired


def repair_mojibake(card: Article) -> Article:
    """The card with mojibake repaired in its text fields, or the card itself if none.

    Opt-in, because ``find_mojibake`` is a heuristic: review what it changes (``check``
    lists it). The same fields as ``check``: titles, excerpts, provider names and image
    attributions, at any depth. The result keeps the card's source, so writing it changes
    only the repaired lines.

        >>> import newscard
        >>> card = newscard.Article(title="Itâ€™s here", excerpt="Café")
        >>> repair_mojibake(card).title
        'It’s here'
        >>> fine = newscard.Article(title="fine")
        >>> repair_mojibake(fine) is fine
        True
    """
    repaired: Article = _repair(card, ARTICLE, find_mojibake)
    return repaired


def _repair(obj: Any, spec: Spec, fix: Callable[[str], str | None]) -> Any:
    changes: dict[str, Any] = {}
    for field in spec.fields:
        value = getattr(obj, field.attr)
        if value is None:
            continue
        if field.kind is Kind.STR:
            fixed = fix(value) if field.key in _TEXT_KEYS else None
            if fixed is not None:
                changes[field.attr] = fixed
        elif field.kind is Kind.OBJ and field.spec is not None:
            new = _repair(value, field.spec, fix)
            if new is not value:
                changes[field.attr] = new
        elif field.kind is Kind.OBJS and field.spec is not None:
            items = tuple(_repair(item, field.spec, fix) for item in value)
            if any(new is not old for new, old in zip(items, value, strict=True)):
                changes[field.attr] = items
    return attrs.evolve(obj, **changes) if changes else obj
