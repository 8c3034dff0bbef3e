"""The client's address, the one way: REMOTE_ADDR, or X-Forwarded-For only as far as trusted proxies vouch for it.

Behind the documented nginx every request's REMOTE_ADDR is the proxy, so limits keyed on it are one bucket for
the whole city. X-Forwarded-For, on the other hand, is written by whoever sends the request: read blindly, anyone
can pick the address they are counted as. So the header is read only when the immediate peer is one of
settings.TRUSTED_PROXIES (addresses or CIDR networks), and from the right: each trusted hop vouches for the
address to its left; the first address that is not a trusted proxy is the client. Used for the rate limits,
the log-in lock-out (AXES_CLIENT_IP_CALLABLE) and every stored address.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(e.strip(), strict=False) for e in entries if e.strip())


def trusted_networks() -> tuple[Network, ...]:
    """settings.TRUSTED_PROXIES parsed (a bad entry fails loudly: a typo must not silently trust nobody)."""
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))


def parse_address(raw: str | None) -> Address | None:
    """One address from a header or REMOTE_ADDR: '1.2.3.4', '[2001:db8::1]:443', '1.2.3.4:5678'; else None."""
    text = (raw or "").strip().strip('"')
    if not text:
        return None
    if text.startswith("["):  # [IPv6] or [IPv6]:port
        text = text[1:].split("]", 1)[0]
    elif text.count(":") == 1:  # IPv4:port
        text = text.split(":", 1)[0]
    try:
        addr = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        return addr.ipv4_mapped
    return addr


def _trusted(addr: Address, networks: tuple[Network, ...]) -> bool:
    return any(addr.version == net.version and addr in net for net in networks)


def client_address(request) -> str:
    """The client's address as text ('' when even REMOTE_ADDR is missing or malformed)."""
    peer = parse_address(request.META.get("REMOTE_ADDR"))
    if peer is None:
        return ""
    networks = trusted_networks()
    if not networks or not _trusted(peer, networks):
        return str(peer)
    client = peer
    hops = [h for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if (h := part.strip())]
    for hop in reversed(hops):
        if not _trusted(client, networks):
            break
        addr = parse_address(hop)
        if addr is None:  # garbage left of a trusted hop: the trusted hop is the last address we can vouch for
            break
        client = addr
    return str(client)
