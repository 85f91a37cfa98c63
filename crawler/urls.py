"""URL identity: the one place that decides when two URLs name the same thing.

- ``RESERVED_SUFFIX``: host names under the reserved ``.test`` TLD (RFC 2606) are the demo's and the tests'.
  Only the loopback resolver (``crawler/resolver.py``) resolves them, and only they lose their port in
  ``canonical_url`` (a loopback server listens on a new ephemeral port every run).
- ``canonical_url``: the identity of a URL across runs (seen-store, staged ``sources[].url``, repeats).
- ``is_mirror``: a 繁體 gateway copy of a whole site, never crawled.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

RESERVED_SUFFIX = ".test"


def is_reserved_host(host: str) -> bool:
    """A ``*.test`` host: served on loopback by the demo or a test, never on the internet."""
    return host.lower().rstrip(".").endswith(RESERVED_SUFFIX)


def canonical_url(url: str) -> str:
    """The identity of a URL across runs. Reserved hosts (``*.test``) drop the port: the loopback server
    listens on a new ephemeral port every run, and the same report must still be recognised as seen."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if is_reserved_host(host) and parts.port is not None:
        return urlunsplit((parts.scheme, host, parts.path, parts.query, ""))
    return url


def request_key(url: str, form: str | None = None) -> str:
    """The identity of a request across runs: its canonical URL, and for a POST its form body (a POST pager
    serves every page at one URL, told apart only by the form it was sent)."""
    key = canonical_url(url)
    return key if form is None else f"{key} POST {form}"


def is_mirror(url: str) -> bool:
    """A 繁體 gateway copy (``big5.<host>/gate/big5/<host>/…``): the whole site again, in Big5."""
    parts = urlsplit(url)
    return (parts.hostname or "").startswith("big5.") or parts.path.startswith("/gate/big5/")
