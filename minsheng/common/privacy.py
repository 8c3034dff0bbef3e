"""Masking of personal data (PIPL): done on the server, never in the browser."""

import ipaddress
import re


def mask_phone(phone: str | None) -> str:
    """138****5678 for a mobile; keep the area code and last 4 digits of a landline."""
    if not phone:
        return ""
    digits = re.sub(r"\D", "", phone)
    if len(digits) == 11 and digits.startswith("1"):
        return f"{digits[:3]}****{digits[-4:]}"
    if len(digits) >= 7:
        return f"{digits[:4]}****{digits[-4:]}" if len(digits) > 8 else f"****{digits[-4:]}"
    return "****"


def mask_name(name: str | None) -> str:
    """张* / 欧阳** : the family name (first character) stays, the rest is hidden."""
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


def mask_address(address: str | None) -> str:
    """113.246.*.* for IPv4; the first three groups of IPv6 (2409:8a4c:1e2a:*): enough to see a flood from one
    network, not enough to identify a household."""
    if not address:
        return ""
    try:
        addr = ipaddress.ip_address(address)
    except ValueError:
        return "*"
    if addr.version == 4:
        a, b, _, _ = str(addr).split(".")
        return f"{a}.{b}.*.*"
    groups = addr.exploded.split(":")[:3]
    return ":".join(g.lstrip("0") or "0" for g in groups) + ":*"
