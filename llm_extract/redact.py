"""Credentials kept out of every output: a URL's userinfo and key-like query values, an API key where it stands whole."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit, urlunsplit

_SECRET_WORDS = ("key", "token", "secret", "sig", "auth", "password", "code")  # in a query parameter's name


def _secret_param(name: str) -> bool:
    """A query parameter whose name says it carries a credential ("api-key", "subscription-key", "x-api-key",
    "access_token", "sig", "Authorization")."""
    return any(word in name.lower() for word in _SECRET_WORDS)


def url_secrets(url: str) -> list[str]:
    """The credentials a URL carries: its userinfo (a user name alone is a token too, "http://TOKEN@host"), the
    values of credential-like query parameters."""
    parts = urlsplit(url)
    found = [parts.password, parts.username]
    found += [v for k, v in parse_qsl(parts.query, keep_blank_values=False) if _secret_param(k)]
    return [f for f in found if f]


def redact_url(url: str) -> str:
    """The URL with its credentials as `***`: what is shown wherever an endpoint is named (records, stderr,
    the eval table and summary)."""
    parts = urlsplit(url)
    if not parts.scheme or not url_secrets(url):
        return url
    host = parts.hostname or ""
    netloc = ("***@" if parts.username or parts.password else "") + host + (f":{parts.port}" if parts.port else "")
    query = "&".join(f"{k}={'***' if _secret_param(k) else v}" for k, v in parse_qsl(parts.query))
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def scrub(text: str, secrets: list[str]) -> str:
    """`text` with each secret replaced by `***` where it stands whole (not inside a longer word: a key `x`
    leaves "max_tokens" alone)."""
    for secret in sorted(secrets, key=len, reverse=True):
        text = re.sub(rf"(?<![\w\-]){re.escape(secret)}(?![\w\-])", "***", text)
    return text
