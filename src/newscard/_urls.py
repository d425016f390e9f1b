"""Canonical URLs: one string per web page, used as the key that finds duplicate cards.

The rules merge only spellings of one page (AMP copies, caches and viewers, trackers, mirror
and mobile hosts, index files, case, escapes, dot segments, default ports) and never two
pages: when in doubt a URL is left as it is. The parser is hand-written with string methods
because ``urllib.parse.urlsplit`` alone costs more than the whole of this function on a
typical card URL. See ``docs/dedup.md``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast
from urllib.parse import quote, urljoin

import idna

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["canonical_url"]

# --- query parameters ------------------------------------------------------------------------

_TRACKER_PREFIXES = ("utm_", "mtm_", "amp_", "at_", "elq")
"""Families where every member is a tracker: Google Analytics and Matomo campaigns, the AMP
runtime (``amp_js_v``, ``amp_analytics``), AT Internet (``at_medium``), Oracle Eloqua
(``elq_mid``, ``elqTrackId``). Compared in lower case."""

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
        "clickid",
        "campaignid",
        "adgroupid",
        "s_cid",
        # analytics and mailing-list ids
        "_ga",
        "_gl",
        "mc_cid",
        "mc_eid",
        "_mc",
        "_hsenc",
        "_hsmi",
        "__hstc",
        "__hssc",
        "__hsfp",
        "hsctatracking",
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
        "xtor",
        "xtref",
        "xtcr",
        "xts",
        "xtnp",
        "xtloc",
        "_unique_id",
        # share, referral and affiliate ids of networks, plugins and publishers
        "ncid",
        "ocid",
        "cmpid",
        "cmp",
        "intcmp",
        "smid",
        "ref_src",
        "ref_url",
        "echobox",
        "fref",
        "refid",
        "fb_ref",
        "fb_source",
        "fb_action_ids",
        "fb_action_types",
        "__tn__",
        "_ft_",
        "mibextid",
        "aftr_source",
        "this_affiliate",
        "__twitter_impression",
        # consent and cache-busting round trips
        "guccounter",
        "guce_referrer",
        "guce_referrer_sig",
        "_guc_consent_skip",
        "cn-reloaded",
        "ao_noptimize",
        # AMP caches, viewers and plugins
        "ampshare",
        "usqp",
        "aoh",
        "_gsa",
        "_js_v",
        "__amp_source_origin",
        "wpamp",
    }
)
"""Parameters that say who sent the reader, never which page: dropped by name, in any case."""


def _one_of(*values: str) -> Callable[[str], bool]:
    """A rule that drops a parameter when its value is one of ``values`` (in any case)."""
    accepted = frozenset(values)
    return lambda value: value.lower() in accepted


_AMP_VIEW = _one_of("amp")
_REFERRERS = (
    "fb",
    "fb_i",
    "facebook",
    "tw",
    "tw_i",
    "twitter",
    "twhr",
    "twhs",
    "twtrec",
    "ts",
    "nf",
    "notif",
    "m_notif",
    "feed",
    "bookmark",
    "bookmarks",
    "shortener",
    "viral",
    "distributor_share",
)
_CAMPAIGN_CODES = ("nl_", "nl-", "newsletter", "email")


def _medium_or_social_source(value: str) -> bool:
    """``source=twitter``, or Medium's ``source=topic_page---------2-------...``."""
    return value.lower() in {"twitter", "facebook", "linkedin"} or "---" in value


_VALUE_RULES: dict[str, Callable[[str], bool]] = {
    "amp": _one_of("", "1", "true", "yes", "amp"),
    "outputtype": _AMP_VIEW,
    "output": _AMP_VIEW,
    "view": _AMP_VIEW,
    "format": _AMP_VIEW,
    "mode": _AMP_VIEW,
    "marfeeltn": _AMP_VIEW,
    "platform": _one_of("amp", "hootsuite"),
    "ref": _one_of(*_REFERRERS),
    "spref": _one_of("fb", "ts", "tw", "tw_i", "twitter"),
    "fromref": _one_of("twitter"),
    "sns": _one_of("tw"),
    "source": _medium_or_social_source,
    "cid": lambda value: value.lower().startswith(_CAMPAIGN_CODES),
}
"""Parameters dropped only when the value, too, says AMP rendering, referrer or campaign:
``ref=fb`` goes, ``ref=7`` stays; ``cid=NL_weekly`` goes, ``cid=2090`` stays. Names in lower
case."""


def _short_number(value: str) -> bool:
    return 0 < len(value) <= 2 and value.isascii() and value.isdigit()


def _any(_value: str) -> bool:
    return True


_VIDEO_SHARE: dict[str, Callable[[str], bool]] = {
    "si": _any,
    "feature": _any,
    "ab_channel": _any,
    "cbrd": _any,
    "ucbcb": _any,
}
_SITE_RULES: dict[str, dict[str, Callable[[str], bool]]] = {
    "youtube.com": _VIDEO_SHARE,
    "youtu.be": _VIDEO_SHARE,
    "twitter.com": {"s": _short_number, "t": _any},
    "x.com": {"s": _short_number, "t": _any},
    "facebook.com": {"_rdc": _any, "_rdr": _any},
    "change.org": {"recruiter": _any},
}
"""Parameters that are trackers on one site only (the last two labels of the host): YouTube's
share ids, Twitter's share codes (``?s=20``; elsewhere ``?s=`` is a search), Facebook's
redirect marks, change.org's recruiter id."""

_SITE_PARAMS = frozenset(name for rules in _SITE_RULES.values() for name in rules)

_APP_SHARE_PAIR = ("fs=e", "s=cl")
"""Appended together by a social network's in-app browser; either alone may be a search."""

_ESCAPED_SEPARATOR = re.compile(r"(^|&)(?:amp(?:;|%3B))+", re.IGNORECASE)
"""``&amp;`` written for ``&`` in a query, as HTML escapes it (``?amp;`` when the ``&`` was
lost): decoded to ``&``."""
_HTML_AMPERSAND = re.compile(r"&(?:#0*38;|#[xX]0*26;)+")
"""``&#038;`` written for ``&`` (WordPress does), even twice: decoded before the fragment."""
_BEFORE_FRAGMENT = re.compile(r"(?:[^#&]|&(?!#)|&(?:#0*38;|#[xX]0*26;)+)*")
"""What comes before the ``#`` that starts the fragment: any ``#`` but those of ``&#038;``."""

# --- hosts and paths -------------------------------------------------------------------------

_AMP_CACHE_PATH = re.compile(r"/(?:[cvir]|wp|ii/[^/]+)/(?:s/)?(?=[^/]*\.)")
"""``/c/`` page, ``/v/`` viewer, ``/i/`` and ``/ii/w800/`` image, ``/r/`` resource, ``/wp/``."""
_GOOGLE_AMP_PATH = re.compile(r"/amp/(?:s/)?(?=[^/]*\.)")
"""The wrapped URL follows: its host has a dot (``/amp/s/example.com/...``)."""
_CACHE_HOSTS = ("ampproject.org", "bing-amp.com")
_GOOGLE_HOST = re.compile(r"(?:www\.)?google(?:\.[a-z]{2,3}){1,2}\Z")

_MAX_HOST = 253
"""No DNS name is longer: a longer host skips IDNA and host aliases (which are not linear)."""
_CACHED_HOSTS = 4096
"""Authorities remembered with their canonical host: URLs repeat their sites, not their paths."""
_HOSTS: list[dict[str, tuple[str, str, str]]] = [{}, {}, {}, {}]
"""One memory per combination of options (``2 * drop_www + strip_amp_path``)."""
_MAX_WRAPS = 8
"""A URL wrapped in AMP caches more often than this is left as it is (bounded work)."""

_MIRROR_LABELS = frozenset({"www", "m", "mobile"})
"""First labels naming the same site: ``www``, mobile sites; also ``www2``, ``www4``..."""
_SECOND_LEVEL = frozenset({"co", "com", "net", "org", "gov", "edu", "ac", "or", "ne", "go", "gob"})
"""Second-level labels of country domains (``co.uk``, ``com.au``): not registrable alone."""
_TAXONOMY = frozenset({"tag", "tags", "topic", "topics", "category", "categories", "label"})
"""Path segments whose child ``amp`` is a subject (``/tags/amp``), not the AMP page."""
_AMP_SEGMENT = re.compile(r"/(?:amp|AMP|google-amp)(?=/|\Z)")
"""Path segments that mark the AMP page of an article (``/amp/``, zdnet's ``/google-amp/``)."""
_INDEX_NAMES = frozenset({"index", "Index", "default", "Default"})
_INDEX_TYPES = frozenset(
    {"html", "htm", "shtml", "xhtml", "php", "asp", "aspx", "jsp", "cfm", "cgi"}
)
"""``index.html``, ``default.aspx``...: the file a server sends for its folder."""

# --- characters ------------------------------------------------------------------------------

_DECODED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$'()*,:@")
"""Characters whose escape is decoded: the unreserved ones, and the sub-delimiters that mean
the same escaped or not in a path or a query (``%27`` is ``'``). ``/ ? # [ ] & = + ;`` and
``%`` stay escaped: they can be data or delimiters."""
_SAFE = "-._~:/?#@!$&'()*+,;=%"
"""Characters a URL may hold as they are (RFC 3986, plus ``%``): ``quote`` leaves them."""
_SAFE_RUN = re.compile(r"[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]*")
"""A part made of those only (a match of the whole is quicker than a search for another)."""
_PERCENT = re.compile(r"%([0-9A-Fa-f]{2})?")
_SLASHES = re.compile(r"//+")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_DROP_CHARS = str.maketrans("", "", "\t\n\r")
"""Tabs and line breaks inside a URL are dropped, as browsers do."""


def _build_escapes() -> dict[str, str]:
    """Map every two-digit hex pair to its canonical form: the character if decoded."""
    table: dict[str, str] = {}
    digits = "0123456789ABCDEFabcdef"
    for high in digits:
        for low in digits:
            pair = high + low
            char = chr(int(pair, 16))
            table[pair] = char if char in _DECODED else "%" + pair.upper()
    return table


_ESCAPES = _build_escapes()


def _fix_escape(match: re.Match[str]) -> str:
    pair = match.group(1)
    return "%25" if pair is None else _ESCAPES[pair]


def _clean_chars(part: str) -> str:
    """Escape what a URL may not hold, then give every escape one spelling.

    Unreserved characters and harmless sub-delimiters are decoded; the others stay escaped
    since ``%2F`` or ``%26`` is data, not a delimiter. ``[`` and ``]``, which only an IPv6
    host may hold, are escaped. A ``%`` that starts no escape is itself escaped.
    """
    if _SAFE_RUN.fullmatch(part) is None:
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


def _strip_markers(path: str, amp: bool) -> str:
    """Drop what names the page's other renderings rather than another page.

    Always: a last segment ``index.html``, ``default.aspx``... is the folder itself. With
    ``amp``: an ``amp`` or ``google-amp`` segment anywhere (``/story/amp``, ``/amp/news/x``,
    ``/irl/amp/news/x``, ``/google-amp/article/x``), with a ``platform`` just before it
    (``/platform/amp/2022/x``); ``.amp.html`` becomes ``.html`` and a ``.amp`` suffix
    ``.html``. An ``amp`` under ``/tags`` is a subject, and a path of markers only stays.
    """
    if amp:
        if "ndex." in path or "efault." in path:  # first, as without amp: the AMP rules then
            path = _strip_tail(path, amp=False)  # see the same folders
        if "/amp" in path or "/AMP" in path or "/google-amp" in path:
            lowered = path.lower()
            if (
                "tag" in lowered
                or "topic" in lowered
                or "categor" in lowered
                or "label" in lowered
                or "platform" in lowered
            ):
                stripped = _strip_amp_segments(path, lowered)
            else:  # no exception can apply: all in one pass
                stripped = _AMP_SEGMENT.sub("", path)
            if stripped.strip("/"):  # else a path of markers only: it stays
                path = stripped
    if "." in path and "." in path[path.rfind("/", 0, len(path) - 1) :]:
        path = _strip_tail(path, amp)
    return path


def _strip_amp_segments(path: str, lowered: str) -> str:
    """Drop AMP segments one by one: under ``/tags`` one stays, ``/platform/amp`` goes whole."""
    pieces: list[str] = []
    done = 0
    for match in _AMP_SEGMENT.finditer(path):
        begin = match.start()
        parent = path.rfind("/", 0, begin)
        above = lowered[parent + 1 : begin]
        if above in _TAXONOMY:
            continue  # /tags/amp: a page about AMP
        if above == "platform" and match.group() != "/google-amp" and parent >= done:
            begin = parent
        pieces.append(path[done:begin])
        done = match.end()
    pieces.append(path[done:])
    return "".join(pieces)


def _strip_tail(path: str, amp: bool) -> str:
    """Index files at the end of a path, and with ``amp`` the AMP suffixes of the file name."""
    trailing = path.endswith("/") and len(path) > 1
    end = len(path) - 1 if trailing else len(path)
    while True:  # the last segment, then its folder while the segment is an index file
        cut = path.rfind("/", 0, end) + 1
        name = path[cut:end]
        stop, html = len(name), False
        if amp:
            lowered = name.lower()
            if lowered.endswith((".amp", ".amp.html")):
                stop, html = _strip_amp_suffixes(lowered)
        base, dot, kind = (name[:stop], ".", "html") if html else name.rpartition(".")
        if not (dot and base in _INDEX_NAMES and kind.lower() in _INDEX_TYPES):
            return path[: cut + stop] + (".html" if html else "") + ("/" if trailing else "")
        if cut <= 1:
            return "/"
        end = cut - 1
        trailing = True


def _strip_amp_suffixes(name: str) -> tuple[int, bool]:
    """How much of a file name to keep, and whether ``.html`` then ends it.

    ``x.amp`` and ``x.amp.html`` are ``x.html``, repeated markers too (``x.amp.amp.html``);
    a name made of dots and markers only (``.amp``) is a hidden file and stays.
    """
    real = len(name) - len(name.lstrip("."))  # where the first character that is no dot is
    stop, html = len(name), False
    while True:
        if html or name.endswith(".amp.html", 0, stop):
            marker = 4 if html else 9  # with .html ending the name, .amp is what goes
            if not name.endswith(".amp", 0, stop - marker + 4) or stop - marker <= real:
                return stop, html
        elif name.endswith(".amp", 0, stop) and stop - 4 > real:
            marker = 4
        else:
            return stop, html
        stop -= marker
        html = True


def _clean_query(query: str, host: str) -> str:
    """Drop trackers, AMP markers and empty pairs; sort the rest by name, stably."""
    if ";" in query or "%3B" in query:
        query = _ESCAPED_SEPARATOR.sub(r"\1", query)
    if "%20" in query:  # a space, in the form encoding every server reads a query with
        query = query.replace("%20", "+")
    site: dict[str, Callable[[str], bool]] | None = None  # looked up when a name needs it
    kept: list[str] = []
    for pair in query.split("&"):
        name, _, value = pair.partition("=")
        if not name and not value:
            continue  # "&&" or "&=&": no parameter
        lowered = name.lower()
        if lowered in _TRACKER_PARAMS or lowered.startswith(_TRACKER_PREFIXES):
            continue
        rule = _VALUE_RULES.get(lowered)
        if rule is None and lowered in _SITE_PARAMS:
            if site is None:
                site = _SITE_RULES.get(host[host.rfind(".", 0, host.rfind(".")) + 1 :], {})
            rule = site.get(lowered)
        if rule is not None and rule(value):
            continue
        kept.append(pair if value else name)  # "?a=" asks what "?a" asks
    if len(kept) > 1:
        if _APP_SHARE_PAIR[0] in kept and _APP_SHARE_PAIR[1] in kept:
            kept = [pair for pair in kept if pair not in _APP_SHARE_PAIR]
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
    first = domain.find(".")
    if first <= 0:
        return False  # one label, or an empty first one
    last = domain.rfind(".")
    if first == last:  # two labels: co.uk is not registrable, example.uk is
        return last < len(domain) - 1 and not (
            len(domain) - last == 3 and domain[:first] in _SECOND_LEVEL
        )
    return ".." not in domain and domain[-1] != "."


def _drop_host_aliases(host: str, mirrors: bool, amp: bool) -> str:
    """Drop first labels that name the same site while a registrable domain remains.

    ``mirrors``: ``www``, ``www2``, ``m``, ``mobile``, and ``m`` after a language label
    (``en.m.wikipedia.org``). ``amp``: ``amp.`` and an ``amp-`` prefix (``amp-madame.example.fr``
    is ``madame.example.fr``).
    """
    if mirrors and host.startswith("www.") and _registrable(host[4:]):
        host = host[4:]  # the common case first
    if not (host.startswith(("www", "m.", "mobile.", "amp")) or ".m" in host):
        return host  # the quick test: most hosts fail it
    while True:
        label, _, rest = host.partition(".")
        if mirrors and (label in _MIRROR_LABELS or (label[:3] == "www" and label[3:].isdigit())):
            if not _registrable(rest):
                break
            host = rest
        elif (
            amp and label[:3] == "amp" and (len(label) == 3 or (label[3] == "-" and len(label) > 4))
        ):
            if not _registrable(rest):
                break
            host = rest if len(label) == 3 else label[4:] + "." + rest
        else:
            break
    if mirrors and (".m." in host or ".mobile." in host):
        label, _, rest = host.partition(".")
        second, _, tail = rest.partition(".")
        while second in {"m", "mobile"} and _registrable(tail):
            host = label + "." + tail
            second, _, tail = tail.partition(".")
    return host


def _authority(authority: str, drop_www: bool, strip_amp_path: bool) -> tuple[str, str, str]:
    """Split an authority into user name, host and port, each in its canonical form.

    The host is lower-cased (IDNA for a non-ASCII name), loses its trailing dot and, as the
    options ask, its mirror, mobile and AMP labels; the port goes when it is 80 or 443. An
    empty host comes back empty: the URL is then left as it is.
    """
    cut = authority.rfind("@")
    userinfo, hostport = authority[: cut + 1], authority[cut + 1 :]
    if userinfo in {"@", ":@"}:  # an empty user name is no user name
        userinfo = ""
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
    if port:
        digits = port[1:]
        if not digits:
            port = ""
        elif digits.isascii() and digits.isdigit():
            number = int(digits)
            port = "" if number in {80, 443} else ":" + str(number)
    if (drop_www or strip_amp_path) and len(host) <= _MAX_HOST:
        host = _drop_host_aliases(host, drop_www, strip_amp_path)
    return userinfo, host, port


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


def canonical_url(  # noqa: PLR0915 (one flat pass: calls cost more than the work)
    url: str,
    *,
    base: str | None = None,
    drop_www: bool = True,
    strip_amp_path: bool = True,
) -> str:
    """Return one spelling of the page ``url`` names, to compare or dedup URLs.

    Idempotent and total: any string comes back (a relative URL unchanged, or resolved
    against ``base``), no exception is raised, and two different pages never get one key.
    ``drop_www=False`` keeps mirror and mobile hosts (``www.``, ``m.``) apart;
    ``strip_amp_path=False`` keeps AMP pages under their own path or host apart. See
    ``docs/dedup.md`` for every rule and why.
    """
    try:
        text = url.strip()
        if "\t" in text or "\n" in text or "\r" in text:
            text = text.translate(_DROP_CHARS)
        head = text[:8] if text.startswith("https://") else text[:8].lower()
        if head.startswith("https://"):
            rest = text[8:]
        elif head.startswith("http://"):
            rest = text[7:]
        elif text.startswith("//"):  # network-path reference: http and https are one page anyway
            rest = text[2:]
        else:
            return _not_http(url, text, base, drop_www, strip_amp_path)
        if "&#" in rest:  # "&#038;" for "&" is no fragment
            cut = cast("re.Match[str]", _BEFORE_FRAGMENT.match(rest)).end()  # it matches ""
            rest = _HTML_AMPERSAND.sub("&", rest[:cut]) + rest[cut:]

        cache = _HOSTS[2 * drop_www + strip_amp_path]
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

            found = cache.get(authority)
            if found is None:
                found = _authority(authority, drop_www, strip_amp_path)
                if len(authority) <= _MAX_HOST:  # bounded memory: only what can be a host name
                    if len(cache) >= _CACHED_HOSTS:
                        cache.clear()
                    cache[authority] = found
            userinfo, host, port = found
            if not host:
                return url

            path = _clean_chars(path)
            if "//" in path:
                path = _SLASHES.sub("/", path)
            if "/." in path:
                path = _remove_dot_segments(path)
            if not (host.endswith(_CACHE_HOSTS) or path.startswith("/amp/")):
                break  # the quick test first: most URLs fail it
            inner = _unwrap(host, path)
            if inner is None:
                break
            unwrapped += 1
            if unwrapped > _MAX_WRAPS:
                return url
            rest = inner + ("?" + query if has_query else "") + ("#" + fragment if fragment else "")

        if (strip_amp_path and ("amp" in path or "AMP" in path)) or (
            "ndex." in path or "efault." in path
        ):
            path = _strip_markers(path, strip_amp_path)
        if query:
            query = _clean_query(_clean_chars(query), host)
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
    except ValueError:  # urljoin on a malformed base ("http://["), a port of 5,000 digits
        return url


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
        return canonical_url(joined, drop_www=drop_www, strip_amp_path=strip_amp_path)
    return joined
