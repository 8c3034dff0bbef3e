"""Guards of the public form: a self-hosted arithmetic CAPTCHA (Pillow) and a per-IP rate limit (cache)."""
from __future__ import annotations

import io
import secrets
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from PIL import Image, ImageDraw, ImageFilter, ImageFont

SESSION_KEY = "proposals_captcha"
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)

ERR_CAPTCHA = "验证码错误，请重新计算图中的算式。"
ERR_CAPTCHA_EXPIRED = "验证码已失效，请刷新验证码后重试。"
ERR_RATE_LIMIT = "提交过于频繁，请稍后再试。"


def _settings() -> dict:
    return getattr(settings, "PROPOSALS", {})


def captcha_new(request) -> str:
    """Make a new challenge, keep its answer in the session, return the question text (e.g. '7 + 5 = ?')."""
    fixed = _settings().get("CAPTCHA_FIXED_ANSWER")  # tests only: the answer is known, the check stays real
    a = secrets.randbelow(9) + 1
    b = secrets.randbelow(9) + 1
    if fixed is not None:
        a, b = int(fixed) - 1, 1
    answer = a + b
    question = f"{a} + {b} = ?"
    request.session[SESSION_KEY] = {"q": question, "a": answer}
    return question


def captcha_question(request) -> str:
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


def client_ip(request) -> str:
    # Behind our own reverse proxy REMOTE_ADDR is set by it; we do not trust client-supplied headers.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def rate_limit_hit(request, *, scope: str) -> bool:
    """Count one attempt for this IP and scope; True once the limit for the window is exceeded."""
    limit, window = _settings().get("RATE_LIMITS", {}).get(scope, (10, 3600))
    key = f"proposals:rl:{scope}:{client_ip(request)}"
    added = cache.add(key, 1, timeout=window)
    if added:
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
            count = 1
    return count > limit
