"""Shared models: the in-app notification inbox."""

from django.conf import settings
from django.db import models


class Notification(models.Model):
    """One message in a user's inbox; e-mailed alongside when the user has an address."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=500, blank=True)
    kind = models.CharField("类别", max_length=50, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    email_sent_at = models.DateTimeField("邮件发送时间", null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField("邮件尝试次数", default=0)

    class Meta:
        verbose_name = "站内通知"
        verbose_name_plural = "站内通知"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title
