"""Guards of the anonymous forms (the proposal form, the 意见建议 form on project pages, the status look-up):
a self-hosted arithmetic CAPTCHA (Pillow) and rate limits in the cache.

Limits are fixed windows per (scope, subject), the subject being the client's address (minsheng.common.netaddr,
behind trusted proxies only) or a project. A write is counted only once it is accepted (rate_limit_count after
the service stored it), so a person who fails validation ten times is not locked out; a refusal says how long
to wait.
"""

from __future__ import annotations

import io
import math
import secrets
import time
from functools import lru_cache
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.cache import cache
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from .netaddr import client_address

SESSION_KEY = "public_captcha"
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)

ERR_CAPTCHA = "验证码错误，请重新计算图中的算式。"
ERR_CAPTCHA_EXPIRED = "验证码已失效，请刷新验证码后重试。"
ERR_CAPTCHA_REQUIRED = "请填写验证码。"
ERR_RATE_LIMIT = "提交过于频繁，请 {wait}后再试。"
ERR_HONEYPOT = "提交未成功，请刷新页面后重试。"

DEFAULT_LIMIT = (10, 3600)


def _settings() -> dict:
    return getattr(settings, "PUBLIC_FORMS", {})


# --- CAPTCHA ------------------------------------------------------------------------------------


def captcha_new(request) -> str:
    """Make a new challenge, keep its answer in the session, return the question text (e.g. '7 + 5 = ?')."""
    fixed = _settings().get("CAPTCHA_FIXED_ANSWER")  # tests only: the answer is known, the check stays real
    a = secrets.randbelow(9) + 1
    b = secrets.randbelow(9) + 1
    if fixed is not None:
        a, b = int(fixed) - 1, 1
    question = f"{a} + {b} = ?"
    request.session[SESSION_KEY] = {"q": question, "a": a + b}
    return question


def captcha_question(request) -> str:
    """The session's current question (a new one when there is none)."""
    data = request.session.get(SESSION_KEY)
    return data["q"] if data else captcha_new(request)


def captcha_check(request, value: str) -> str | None:
    """None when right; else the Chinese error. A challenge is single-use either way."""
    data = request.session.pop(SESSION_KEY, None)
    if not data:
        return ERR_CAPTCHA_EXPIRED
    try:
        ok = int(str(value).strip()) == int(data["a"])
    except (TypeError, ValueError):
        ok = False
    return None if ok else ERR_CAPTCHA


@lru_cache(maxsize=1)
def _font():
    for path in FONT_CANDIDATES:
        if Path(path).exists():
            return ImageFont.truetype(path, 30)
    return ImageFont.load_default()


def captcha_png(question: str) -> bytes:
    """Render the question with noise lines and jittered characters."""
    rng = secrets.SystemRandom()
    img = Image.new("RGB", (180, 56), (250, 248, 240))
    draw = ImageDraw.Draw(img)
    for _ in range(6):
        draw.line([(rng.randint(0, 180), rng.randint(0, 56)), (rng.randint(0, 180), rng.randint(0, 56))],
                  fill=(rng.randint(120, 200),) * 3, width=1)
    x = 8
    for ch in question:
        draw.text((x, 10 + rng.randint(-5, 5)), ch, font=_font(), fill=(rng.randint(0, 90), 30, rng.randint(0, 90)))
        x += 18 if ch != " " else 8
    img = img.filter(ImageFilter.SMOOTH)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


class CaptchaInput(forms.TextInput):
    """Never echoes the typed answer: each rendering of the form comes with a new image, so the old answer
    left in the box would only be wrong (like PasswordInput(render_value=False))."""

    def format_value(self, value):
        return None


class CaptchaField(forms.CharField):
    """The answer box of the CAPTCHA (checked against the session by captcha_check, not by the field)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "验证码：请计算图中算式的结果")
        kwargs.setdefault("max_length", 4)
        kwargs.setdefault("widget", CaptchaInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        kwargs.setdefault("error_messages", {"required": ERR_CAPTCHA_REQUIRED})
        super().__init__(**kwargs)


# --- Rate limits ------------------------------------------------------------------------------


def _limit(scope: str) -> tuple[int, int]:
    limit, window = _settings().get("RATE_LIMITS", {}).get(scope, DEFAULT_LIMIT)
    return int(limit), int(window)


def _bucket(scope: str, subject: str) -> tuple[str, int, int, float]:
    limit, window = _limit(scope)
    now = time.time()
    key = f"abuse:rl:{scope}:{subject or 'unknown'}:{int(now // window)}"
    return key, limit, window, window - (now % window)


def address_of(request) -> str:
    """The subject of a per-address limit: the client's address behind trusted proxies."""
    return client_address(request) or "unknown"


def rate_limit_wait(*, scope: str, subject: str) -> int | None:
    """Seconds until the subject may write again when its limit for the window is used up; None while allowed."""
    key, limit, _, remaining = _bucket(scope, subject)
    used = cache.get(key) or 0
    return max(1, math.ceil(remaining)) if used >= limit else None


def rate_limit_count(*, scope: str, subject: str) -> None:
    """Count one accepted write for the subject in the current window."""
    key, _, window, _ = _bucket(scope, subject)
    if cache.add(key, 1, timeout=window + 60):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr (or the cache is down: then nothing is counted)
        cache.set(key, 1, timeout=window + 60)


def wait_text(seconds: int) -> str:
    """'45 秒' / '12 分钟' / '2 小时': how long to wait, rounded up."""
    if seconds < 60:
        return f"{seconds} 秒"
    if seconds < 2 * 3600:
        return f"{math.ceil(seconds / 60)} 分钟"
    return f"{math.ceil(seconds / 3600)} 小时"


def rate_limit_message(seconds: int) -> str:
    """The refusal: 提交过于频繁，请 12 分钟后再试。"""
    return ERR_RATE_LIMIT.format(wait=wait_text(seconds))
