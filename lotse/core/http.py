"""Request helpers shared by the apps."""

import re
import unicodedata
from urllib.parse import quote

from django.conf import settings


def client_ip(request) -> str:
    """The client's address. Behind N trusted reverse proxies (TRUSTED_PROXY_HOPS), the N-th address from the
    right of X-Forwarded-For; addresses further left are set by the client and cannot be trusted."""
    hops = settings.TRUSTED_PROXY_HOPS
    if hops > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


_UNSAFE_IN_FALLBACK = re.compile(r'[^A-Za-z0-9._\- ()+,]')
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """A Content-Disposition value for a download named `filename` (RFC 6266): an ASCII `filename=` for old
    clients (accents dropped, anything else replaced by "_") and, when the name is not plain ASCII, the exact
    name as `filename*=UTF-8''…` (RFC 8187), which every current browser prefers. Path separators, quotes and
    control characters never reach the header."""
    name = _CONTROL.sub("", filename or "").replace("/", "_").replace("\\", "_").strip() or "download"
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    ascii_name = _UNSAFE_IN_FALLBACK.sub("_", ascii_name).strip()
    stem, dot, extension = ascii_name.rpartition(".") if "." in ascii_name else (ascii_name, "", "")
    if not stem.strip("._ "):  # nothing but the extension survived (Arabic, Cyrillic, CJK names)
        ascii_name = f"download{dot}{extension}"
    value = f'{"inline" if inline else "attachment"}; filename="{ascii_name}"'
    if ascii_name != name:
        value += f"; filename*=UTF-8''{quote(name, safe='')}"
    return value


def attach(response, filename: str, *, inline: bool = False):
    """Set the download name of `response` (see content_disposition) and return it."""
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    return response
