"""Receipt codes (查询码) that residents read aloud, type on a phone and look up with the last four digits of
their phone: one alphabet without look-alikes, and one normalisation of what they type."""

from __future__ import annotations

import secrets
import unicodedata

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone
_DROPPED = str.maketrans("", "", " \t\r\n-_·.")


def new_code(prefix: str, length: int = 8) -> str:
    """A random code such as YJ7K3MQ2PA (prefix + `length` symbols of CODE_ALPHABET)."""
    return prefix + "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normalise_code(raw: str) -> str:
    """A code as typed: full-width letters and digits folded (NFKC), spaces and dashes dropped, upper case."""
    return unicodedata.normalize("NFKC", raw or "").translate(_DROPPED).upper()[:40]


def normalise_digits(raw: str) -> str:
    """Digits as typed: full-width digits folded, spaces dropped ("１２ 34" → "1234")."""
    return "".join(unicodedata.normalize("NFKC", raw or "").split())[:40]


def phone_ends_with(phone: str, last4: str) -> bool:
    """Whether a stored phone ends with these four digits (separators in the stored number ignored)."""
    digits = "".join(ch for ch in unicodedata.normalize("NFKC", phone or "") if ch.isdigit())
    return len(last4) == 4 and last4.isdigit() and bool(digits) and digits.endswith(last4)
