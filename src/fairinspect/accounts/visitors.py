"""Whose failed sign-ins count together: the visitor's address, as the proxies in front of the app saw it."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def visitor_address(request: HttpRequest) -> str | None:
    """The address a visitor reached the service from (django-axes's AXES_CLIENT_IP_CALLABLE).

    Behind TLS_PROXY_COUNT trusted proxies, each proxy appends the address it was reached from to the client
    address header, and the last proxy is REMOTE_ADDR: so the visitor is the TLS_PROXY_COUNT-th entry from the
    right, however many entries the header carries. Entries to the left of it came with the request (from the
    visitor, or from a proxy of their own network) and are never read, so nobody can pass for someone else, nor
    share a lock-out with visitors whose networks add entries of their own.
    """
    proxy_address = request.META.get("REMOTE_ADDR")
    if not settings.TLS_PROXY_COUNT:
        return proxy_address
    entries = [entry.strip() for entry in request.META.get(settings.TLS_PROXY_CLIENT_ADDRESS_META_KEY, "").split(",")]
    # A header with fewer entries than proxies came by a shorter path; its first entry is still one that a
    # trusted proxy wrote (the first the request reached).
    seen_by_the_proxies = entries[max(len(entries) - settings.TLS_PROXY_COUNT, 0)]
    try:
        return str(ipaddress.ip_address(seen_by_the_proxies))
    except ValueError:
        # No header, or a proxy that writes something other than an address ("unknown"): the proxy's own address
        # is the one the service can vouch for.
        return proxy_address
