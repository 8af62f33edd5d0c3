"""Who is calling: the client's address behind trusted proxies, and whether a call is local.

`X-Forwarded-For` is believed only when the request comes from a proxy listed in
TRUSTED_PROXIES (addresses or networks); anyone else could write any address into it. The
header is read from the right: the first address that is not a trusted proxy is the client.
Per-address limits (web chat connections, hellos and messages; staff logins) key on this
address, and operator endpoints (`/metrics`, `/readyz` details) are open to local calls.
"""

from __future__ import annotations

import hmac
import ipaddress
from functools import cache
from typing import Final

from aiohttp import web

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
FORWARDING_HEADERS: Final = ("X-Forwarded-For", "Forwarded", "X-Real-IP")


@cache
def networks(trusted_proxies: tuple[str, ...]) -> tuple[Network, ...]:
    """TRUSTED_PROXIES as networks (checked once by the settings: every entry parses)."""
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in trusted_proxies)


def client_address(request: web.Request, trusted_proxies: tuple[str, ...]) -> str:
    """The address of the client: the peer, or behind trusted proxies the forwarded one."""
    peer = request.remote or "-"
    trusted = networks(trusted_proxies)
    if not _within(peer, trusted):
        return peer
    forwarded = [
        address.strip()
        for header in request.headers.getall("X-Forwarded-For", [])
        for address in header.split(",")
        if address.strip()
    ]
    for address in reversed(forwarded):
        if not _within(address, trusted):
            return address
    return forwarded[0] if forwarded else peer


def is_local(request: web.Request) -> bool:
    """A call from this machine itself: the peer is a loopback address and no proxy forwarded
    it (a reverse proxy on the same machine adds X-Forwarded-For, so its callers are not)."""
    if any(name in request.headers for name in FORWARDING_HEADERS):
        return False
    try:
        return ipaddress.ip_address(request.remote or "").is_loopback
    except ValueError:
        return False


def is_operator(request: web.Request, metrics_token: str | None) -> bool:
    """A call allowed to see operator details (/metrics, /readyz's): with METRICS_TOKEN as
    `Authorization: Bearer <token>` when one is set, else a local call."""
    if metrics_token is None:
        return is_local(request)
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), metrics_token.encode()
    )


def _within(address: str, trusted: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)
