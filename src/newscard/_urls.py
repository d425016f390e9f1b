"""Canonical URLs: one string per web page, used as the key that finds duplicate cards.

The rules merge only spellings of one page (AMP caches and viewers, trackers, case, escapes,
dot segments, default ports) and never two pages: when in doubt a URL is left as it is.
The parser is hand-written with string methods because ``urllib.parse.urlsplit`` alone costs
more than the whole of this function on a typical card URL. See ``docs/dedup.md``.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urljoin

import idna

__all__ = ["canonical_url"]

# --- query parameters ------------------------------------------------------------------------

_TRACKER_PREFIXES = ("utm_", "mtm_")
"""Analytics campaign families (Google Analytics, Matomo): every member is a tracker."""

_TRACKER_PARAMS = frozenset(
    {
        # advertising click ids
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "ttclid",
        "twclid",
        "li_fat_id",
        "igshid",
        "igsh",
        # analytics and mailing-list ids
        "_ga",
        "_gl",
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "__hstc",
        "__hssc",
        "__hsfp",
        "hsCtaTracking",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "vero_conv",
        "pk_campaign",
        "pk_kwd",
        "pk_source",
        "pk_medium",
        "pk_content",
        # share and campaign ids of large news networks
        "ncid",
        "ocid",
        "cmpid",
        "smid",
        "ref_src",
        "ref_url",
        "__twitter_impression",
        "guccounter",
        "guce_referrer",
        "guce_referrer_sig",
    }
)
"""Parameters that say who sent the reader, never which page: dropped by exact name."""

_AMP_CACHE_PARAMS = frozenset(
    {
        "amp_js_v",
        "amp_gsa",
        "amp_r",
        "amp_tf",
        "amp_ct",
        "ampshare",
        "usqp",
        "aoh",
        "_gsa",
        "_js_v",
        "__amp_source_origin",
    }
)
"""Parameters AMP caches and viewers add to the page they serve: dropped with any value."""

_AMP_FLAG_VALUES = frozenset({"", "1", "true", "yes", "amp"})
"""Values of ``amp`` that ask for the AMP page (``?amp``, ``?amp=1``, ``?amp=true``)."""

_AMP_VIEW_PARAMS = frozenset({"outputType", "outputtype", "output", "platform", "view", "format"})
"""Parameters that ask for the AMP page only when their value is ``amp`` (any case)."""

# --- hosts and paths -------------------------------------------------------------------------

_AMP_CACHE_PATH = re.compile(r"/(?:[cvir]|wp|ii/[^/]+)/(?:s/)?(?=[^/]*\.)")
"""``/c/`` page, ``/v/`` viewer, ``/i/`` and ``/ii/w800/`` image, ``/r/`` resource, ``/wp/``."""
_GOOGLE_AMP_PATH = re.compile(r"/amp/(?:s/)?(?=[^/]*\.)")
"""The wrapped URL follows: its host has a dot (``/amp/s/example.com/...``)."""
_GOOGLE_HOST = re.compile(r"(?:www\.)?google(?:\.[a-z]{2,3}){1,2}\Z")

_MAX_HOST = 253
"""No DNS name is longer: a longer host skips IDNA and ``drop_www`` (which are not linear)."""
_MAX_WRAPS = 8
"""A URL wrapped in AMP caches more often than this is left as it is (bounded work)."""

_MOBILE_LABELS = frozenset({"www", "m", "mobile"})
_SECOND_LEVEL = frozenset({"co", "com", "net", "org", "gov", "edu", "ac", "or", "ne", "go", "gob"})
"""Second-level labels of country domains (``co.uk``, ``com.au``): not registrable alone."""
_TAXONOMY = frozenset({"tag", "tags", "topic", "topics", "category", "categories", "label"})
"""Path segments whose child ``/amp`` is a subject (``/tags/amp``), not the AMP page."""

# --- characters ------------------------------------------------------------------------------

_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_SAFE = "-._~:/?#[]@!$&'()*+,;=%"
"""Characters a URL may hold as they are (RFC 3986, plus ``%``): ``quote`` leaves them."""
_UNSAFE = re.compile(r"[^A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]")
_PERCENT = re.compile(r"%([0-9A-Fa-f]{2})?")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_DROP_CHARS = str.maketrans("", "", "\t\n\r")
"""Tabs and line breaks inside a URL are dropped, as browsers do."""


def _build_escapes() -> dict[str, str]:
    """Map every two-digit hex pair to its canonical form: the character if unreserved."""
    table: dict[str, str] = {}
    digits = "0123456789ABCDEFabcdef"
    for high in digits:
        for low in digits:
            pair = high + low
            char = chr(int(pair, 16))
            table[pair] = char if char in _UNRESERVED else "%" + pair.upper()
    return table


_ESCAPES = _build_escapes()


def _fix_escape(match: re.Match[str]) -> str:
    pair = match.group(1)
    return "%25" if pair is None else _ESCAPES[pair]


def _clean_chars(part: str) -> str:
    """Escape what a URL may not hold, then give every escape one spelling.

    Unreserved characters are decoded; reserved ones stay escaped since ``%2F`` or ``%26``
    is data, not a delimiter. A ``%`` that starts no escape is itself escaped.
    """
    if _UNSAFE.search(part) is not None:
        part = quote(part, safe=_SAFE, errors="surrogatepass")
    if "%" in part:
        part = _PERCENT.sub(_fix_escape, part)
    return part


def _remove_dot_segments(path: str) -> str:
    """Resolve ``.`` and ``..`` segments (RFC 3986 section 5.2.4) in a path starting with /."""
    segments = path.split("/")
    out: list[str] = []
    for segment in segments[1:]:
        if segment == "..":
            if out:
                out.pop()
        elif segment != ".":
            out.append(segment)
    result = "/" + "/".join(out)
    if segments[-1] in {".", ".."} and not result.endswith("/"):
        result += "/"
    return result


def _strip_amp_path(path: str) -> str:
    """Opt-in: drop the AMP markers of a path, where many sites put them.

    ``/story/amp/`` becomes ``/story/``, ``/x.amp.html`` becomes ``/x.html`` and a leading
    ``/amp/`` section goes (``/amp/news/x`` becomes ``/news/x``). Repeated markers all go
    (``/story/amp/amp``), in one backward pass over the path: the string is ``path[:end]``,
    then ``.html`` once a ``.amp.html`` was cut, then ``tail``.
    """
    while path[:5].lower() == "/amp/" and path[5:].strip("/"):
        path = path[4:]
    end = len(path.rstrip("/"))
    tail = path[end:]
    html = False
    while True:
        if html:
            if not path.endswith(".amp", 0, end) or path[end - 5 : end - 4] in {"", "/"}:
                break
            end -= 4
        elif path.endswith("/amp", 0, end):
            parent = end - 4
            while parent and path[parent - 1] == "/":
                parent -= 1
            segment = path[path.rfind("/", 0, parent) + 1 : parent]
            if parent == 0 or segment.lower() in _TAXONOMY:
                break  # /amp of the root, or of /tags: a page of its own
            end = parent
        elif path.endswith(".amp.html", 0, end) and path[end - 10 : end - 9] not in {"", "/"}:
            end -= 9
            html = True
        else:
            break
    return path[:end] + (".html" if html else "") + tail


def _clean_query(query: str) -> str:
    """Drop trackers, AMP markers and empty pairs; sort the rest by name, stably."""
    kept: list[str] = []
    for pair in query.split("&"):
        if not pair:
            continue
        name, _, value = pair.partition("=")
        if (
            name in _TRACKER_PARAMS
            or name in _AMP_CACHE_PARAMS
            or name.startswith(_TRACKER_PREFIXES)
            or (name == "amp" and value.lower() in _AMP_FLAG_VALUES)
            or (name in _AMP_VIEW_PARAMS and value.lower() == "amp")
        ):
            continue
        kept.append(pair)
    if len(kept) > 1:
        kept.sort(key=_param_name)
    return "&".join(kept)


def _param_name(pair: str) -> str:
    return pair.partition("=")[0]


def _idna_host(host: str) -> str:
    """IDNA2008 with UTS 46 mapping: ``straße.de`` stays apart from ``strasse.de``.

    Python's own ``idna`` codec is IDNA2003, which maps ``ß`` to ``ss`` and so would merge
    two registrable domains. A name IDNA rejects is only lower-cased.
    """
    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError, ValueError):
        return host.lower()


def _registrable(domain: str) -> bool:
    """Guess, without the public suffix list, whether a domain can be registered."""
    labels = domain.split(".")
    if len(labels) < 2 or not all(labels):
        return False
    return not (len(labels) == 2 and labels[0] in _SECOND_LEVEL and len(labels[1]) == 2)


def _drop_mobile_prefix(host: str) -> str:
    """Opt-in: ``www.``, ``m.`` and ``mobile.`` go while a registrable domain remains."""
    while True:
        label, _, rest = host.partition(".")
        if label not in _MOBILE_LABELS or not _registrable(rest):
            return host
        host = rest


def _unwrap(host: str, path: str) -> str | None:
    """Return the URL (without scheme) an AMP cache or Google AMP viewer URL wraps, or None.

    The cached page's host is read from the path; the cache's subdomain only re-encodes it
    (``-`` written ``--``, ``.`` written ``-``, punycode, or a hash) and is not needed.
    """
    if host.endswith((".cdn.ampproject.org", ".bing-amp.com")) or host in {
        "cdn.ampproject.org",
        "bing-amp.com",
    }:
        match = _AMP_CACHE_PATH.match(path)
    elif path.startswith("/amp/") and _GOOGLE_HOST.match(host) is not None:
        match = _GOOGLE_AMP_PATH.match(path)
    else:
        return None
    return None if match is None else path[match.end() :]


def canonical_url(
    url: str,
    *,
    base: str | None = None,
    drop_www: bool = False,
    strip_amp_path: bool = False,
) -> str:
    """Return one spelling of the page ``url`` names, to compare or dedup URLs.

    Idempotent and total: any string comes back (a relative URL unchanged, or resolved
    against ``base``), no exception is raised, and two different pages never get one key.
    ``drop_www`` and ``strip_amp_path`` merge more, at the price of guessing; see
    ``docs/dedup.md`` for every rule and why.
    """
    try:
        return _canonical(url, base, drop_www, strip_amp_path)
    except ValueError:  # urljoin on a malformed base ("http://[") or an encoding failure
        return url


def _canonical(  # noqa: PLR0915 (one flat pass: calls cost more than the work)
    url: str, base: str | None, drop_www: bool, strip_amp_path: bool
) -> str:
    text = url.strip()
    if "\t" in text or "\n" in text or "\r" in text:
        text = text.translate(_DROP_CHARS)
    head = text[:8].lower()
    if head.startswith("https://"):
        rest = text[8:]
    elif head.startswith("http://"):
        rest = text[7:]
    elif text.startswith("//"):  # network-path reference: http and https are one page anyway
        rest = text[2:]
    else:
        return _not_http(url, text, base, drop_www, strip_amp_path)

    unwrapped = 0
    while True:
        fragment = ""
        cut = rest.find("#")
        if cut >= 0:
            rest, fragment = rest[:cut], rest[cut + 1 :]
        query = ""
        has_query = False
        cut = rest.find("?")
        if cut >= 0:
            rest, query, has_query = rest[:cut], rest[cut + 1 :], True
        cut = rest.find("/")
        if cut >= 0:
            authority, path = rest[:cut], rest[cut:]
        else:
            authority, path = rest, "/"

        cut = authority.rfind("@")
        userinfo, hostport = authority[: cut + 1], authority[cut + 1 :]
        port = ""
        if hostport.startswith("["):  # IPv6 literal: its colons are not the port's
            cut = hostport.find("]") + 1
            if cut > 0:
                hostport, port = hostport[:cut], hostport[cut:]
        else:
            cut = hostport.find(":")
            if cut >= 0:
                hostport, port = hostport[:cut], hostport[cut:]
        hostport = hostport.rstrip(".")
        if hostport.isascii() or len(hostport) > _MAX_HOST:
            host = hostport.lower()
        else:
            host = _idna_host(hostport).rstrip(".")
        if not host:
            return url

        path = _clean_chars(path)
        if "/." in path:
            path = _remove_dot_segments(path)
        inner = _unwrap(host, path)
        if inner is None:
            break
        unwrapped += 1
        if unwrapped > _MAX_WRAPS:
            return url
        rest = inner + ("?" + query if has_query else "") + ("#" + fragment if fragment else "")

    if port:
        digits = port[1:]
        if not digits:
            port = ""
        elif digits.isascii() and digits.isdigit():
            number = int(digits)
            port = "" if number in {80, 443} else ":" + str(number)
    if drop_www and host.startswith(("www.", "m.", "mobile.")) and len(host) <= _MAX_HOST:
        host = _drop_mobile_prefix(host)

    if strip_amp_path and "amp" in path:
        path = _strip_amp_path(path)
    if query:
        query = _clean_query(_clean_chars(query))
    if not query and path.endswith("/"):
        path = path.rstrip("/") or "/"
    if fragment:
        if fragment[0] in "!/" and fragment not in {"!", "/", "!/"}:
            fragment = "#" + _clean_chars(fragment)
        else:
            fragment = ""
    if query:
        return "https://" + userinfo + host + port + path + "?" + query + fragment
    return "https://" + userinfo + host + port + path + fragment


def _not_http(url: str, text: str, base: str | None, drop_www: bool, strip_amp_path: bool) -> str:
    """Another scheme (only lower-cased), or a relative URL (resolved against ``base``)."""
    match = _SCHEME.match(text)
    if match is not None:
        end = match.end()
        return text[:end].lower() + text[end:]
    if base is None:
        return url
    joined = urljoin(base, text)
    if joined[:8].lower().startswith(("https://", "http://")) or joined.startswith("//"):
        return _canonical(joined, None, drop_www, strip_amp_path)
    return joined
