"""Queueing Celery tasks from requests without depending on the broker being up."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)

MSG_QUEUE_DOWN = "任务队列暂时不可用：内容已保存，系统会在队列恢复后自动补做，无需重复提交。"


def enqueue(task, *args, **kwargs) -> bool:
    """Queue `task(*args, **kwargs)`; False (logged) when the broker cannot be reached.

    The caller keeps enough state in the database for a periodic job to queue the work again, and tells
    the user MSG_QUEUE_DOWN. In eager mode (no broker) the task runs here and its errors propagate.
    """
    if task.app.conf.task_always_eager:
        task.apply_async(args=args, kwargs=kwargs)
        return True
    try:
        task.apply_async(args=args, kwargs=kwargs)
    except Exception as exc:  # noqa: BLE001 - kombu/redis raise several types when the broker is down
        logger.warning("任务 %s 未能入队（%s），将由定时任务补做", task.name, exc)
        return False
    return True
