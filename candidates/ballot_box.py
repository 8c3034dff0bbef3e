"""The sealed 票箱 of an open vote or survey: how a secret ballot is held until the count.

Why a box and not a row per ballot: a row inserted when a deputy votes lands next to that deputy's
VoterRecord — same transaction id (PostgreSQL xmin), neighbouring ctid, SQLite rowid one step on — so
anyone holding a database dump could pair them, whatever the columns say. So nothing is written per
ballot while voting is open. Each session (or survey) has one SealedBox row holding every sheet cast so
far as one list that is

- shuffled at every cast (so its order says nothing),
- made of fixed-width rows, one character per candidate (so its length says only how many were cast),
- encrypted and authenticated with a key derived from SECRET_KEY (so a dump alone, taken mid-vote,
  shows no running tally), bound to its session so a box cannot be moved to another one,

and rewritten whole (an UPDATE) at each cast. At closing the box is opened once, its sheets shuffled
again and written as Ballot/BallotMark (or SatisfactionRating) rows in that random order inside the
closing transaction — every row with the same xmin, ctid order random — and the box is deleted.

The cipher is HMAC-SHA256 in counter mode with an encrypt-then-MAC HMAC-SHA256 tag (standard library
only; the project does not ship the `cryptography` package). Decryption also tries SECRET_KEY_FALLBACKS,
so rotating SECRET_KEY the Django way during an open vote does not lose the box.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError

from .models import SealedBox

ERR_BOX_UNREADABLE = (
    "票箱无法解封：密钥（SECRET_KEY）已更换且未在 SECRET_KEY_FALLBACKS 中保留旧密钥，或票箱内容已被改动。"
    "请恢复原密钥后再操作。"
)

VERSION = b"\x01"
NONCE_BYTES = 16
TAG_BYTES = 32
_random = secrets.SystemRandom()


def _keys(secret: str) -> tuple[bytes, bytes]:
    root = hmac.new(secret.encode(), b"minsheng.candidates.sealed-box", hashlib.sha256).digest()
    return (
        hmac.new(root, b"encrypt", hashlib.sha256).digest(),
        hmac.new(root, b"authenticate", hashlib.sha256).digest(),
    )


def _xor_stream(key: bytes, nonce: bytes, data: bytes) -> bytes:
    blocks = (len(data) + 31) // 32
    stream = b"".join(
        hmac.new(key, nonce + i.to_bytes(8, "big"), hashlib.sha256).digest() for i in range(blocks)
    )[: len(data)]
    return (int.from_bytes(data, "big") ^ int.from_bytes(stream, "big")).to_bytes(len(data), "big")


def _tag(key: bytes, context: str, header: bytes, body: bytes) -> bytes:
    return hmac.new(key, context.encode() + b"\x00" + header + body, hashlib.sha256).digest()


def seal(payload: dict, *, context: str) -> bytes:
    """Encrypt and authenticate a JSON-able payload under the current SECRET_KEY, bound to `context`."""
    enc, mac = _keys(settings.SECRET_KEY)
    header = VERSION + secrets.token_bytes(NONCE_BYTES)
    body = _xor_stream(enc, header[1:], json.dumps(payload, separators=(",", ":")).encode())
    return header + body + _tag(mac, context, header, body)


def unseal(blob: bytes, *, context: str) -> dict:
    """The payload of a sealed blob (SECRET_KEY, then each fallback key); refused if tampered with or moved."""
    blob = bytes(blob)
    header, body, tag = blob[: 1 + NONCE_BYTES], blob[1 + NONCE_BYTES : -TAG_BYTES], blob[-TAG_BYTES:]
    if len(blob) < 1 + NONCE_BYTES + TAG_BYTES or header[:1] != VERSION:
        raise ValidationError(ERR_BOX_UNREADABLE, code="box_unreadable")
    for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        enc, mac = _keys(secret)
        if hmac.compare_digest(tag, _tag(mac, context, header, body)):
            return json.loads(_xor_stream(enc, header[1:], body))
    raise ValidationError(ERR_BOX_UNREADABLE, code="box_unreadable")


@dataclass
class BoxContents:
    """What a box holds: the keys (candidate or project ids, in sheet order), the sheets (one fixed-width
    code string each, in no meaningful order) and how many of them were keyed in from paper."""

    keys: list[int]
    rows: list[str] = field(default_factory=list)
    paper: int = 0


def _context(box: SealedBox) -> str:
    return f"session:{box.session_id}" if box.session_id else f"survey:{box.survey_id}"


def box_lock(*, keys: list[int], **owner) -> SealedBox:
    """The owner's box, locked for this transaction; an empty one (for `keys`) if there is none yet."""
    box = SealedBox.objects.select_for_update().filter(**owner).first()
    if box is None:
        box = SealedBox(**owner)
        box.sealed = seal({"keys": list(keys), "rows": [], "paper": 0}, context=_context(box))
        box.full_clean()
        box.save()
    return box


def box_read(box: SealedBox) -> BoxContents:
    """Open a box for reading (counts for the office; the sheets only to the closing services)."""
    data = unseal(box.sealed, context=_context(box))
    return BoxContents(keys=data["keys"], rows=data["rows"], paper=data["paper"])


def box_add(box: SealedBox, row: str, *, paper: bool = False) -> BoxContents:
    """Put one sheet in: the whole list is shuffled and re-sealed (fresh nonce) and the row rewritten."""
    contents = box_read(box)
    if len(row) != len(contents.keys):  # fixed width: the box's length may only tell how many sheets it holds
        raise ValueError("sheet width does not match the box")
    contents.rows.append(row)
    _random.shuffle(contents.rows)
    contents.paper += int(paper)
    box.sealed = seal(
        {"keys": contents.keys, "rows": contents.rows, "paper": contents.paper}, context=_context(box)
    )
    box.save(update_fields=["sealed"])
    return contents


def box_empty(box: SealedBox) -> BoxContents:
    """Open the box for the count: its sheets shuffled once more, and the box deleted."""
    contents = box_read(box)
    _random.shuffle(contents.rows)
    box.delete()
    return contents


def shuffled(items: list) -> list:
    """A copy of `items` in random order (the system's CSPRNG), for writing rows whose order must say nothing."""
    out = list(items)
    _random.shuffle(out)
    return out
