"""A Redis cache that degrades instead of failing: when Redis is unreachable the site keeps working.

Django's RedisCache raises on connection errors, which turned every page that touches the cache (the
public form's rate limit) into a 500 while Redis was down. Here a read is a miss, a write is dropped,
`add` answers False (so a cache-based lock is never taken twice) and `incr` raises ValueError like a
missing key; each failure is logged as a warning.
"""

from __future__ import annotations

import functools
import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

DOWN = (RedisConnectionError, RedisTimeoutError, OSError)


def _degrade(fallback):
    def wrap(method):
        @functools.wraps(method)
        def inner(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except DOWN as exc:
                logger.warning("缓存（Redis）不可用，%s 已降级处理：%s", method.__name__, exc)
                if isinstance(fallback, type) and issubclass(fallback, Exception):
                    raise fallback("缓存不可用") from exc
                return fallback(*args, **kwargs) if callable(fallback) else fallback

        return inner

    return wrap


class ResilientRedisCache(RedisCache):
    """RedisCache whose operations survive a Redis outage (see the module docstring)."""

    get = _degrade(lambda key, default=None, version=None: default)(RedisCache.get)
    get_many = _degrade({})(RedisCache.get_many)
    has_key = _degrade(False)(RedisCache.has_key)
    add = _degrade(False)(RedisCache.add)
    set = _degrade(None)(RedisCache.set)
    set_many = _degrade(lambda data, *a, **k: list(data))(RedisCache.set_many)
    touch = _degrade(False)(RedisCache.touch)
    delete = _degrade(False)(RedisCache.delete)
    delete_many = _degrade(None)(RedisCache.delete_many)
    incr = _degrade(ValueError)(RedisCache.incr)
    clear = _degrade(False)(RedisCache.clear)
