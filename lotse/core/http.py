"""Request helpers shared by the apps."""

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
