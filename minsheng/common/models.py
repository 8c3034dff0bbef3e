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


class NoticeOnce(models.Model):
    """A notice that must reach each person only once (deadline reminders, overdue notices): a scheduled
    run that repeats finds the row and sends nothing."""

    key = models.CharField("事由", max_length=120)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField("发送时间", auto_now_add=True)

    class Meta:
        verbose_name = "一次性提醒记录"
        verbose_name_plural = "一次性提醒记录"
        constraints = [models.UniqueConstraint(fields=["key", "recipient"], name="notice_once_per_person")]

    def __str__(self) -> str:
        return f"{self.key} → {self.recipient}"


class Urge(models.Model):
    """催办: the office pressed a unit about an overdue item; who, when, and the item (a hand-off, a month)."""

    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name="事项类型", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField("事项")
    unit = models.ForeignKey(
        "accounts.Organisation", verbose_name="被催办单位", on_delete=models.CASCADE, related_name="urges"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="催办人", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("催办时间")
    message = models.CharField("催办内容", max_length=300, blank=True)
    recipients = models.PositiveSmallIntegerField("通知人数", default=0)

    class Meta:
        verbose_name = "催办记录"
        verbose_name_plural = "催办记录"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "unit"])]

    def __str__(self) -> str:
        return f"催办 {self.unit} · {self.at:%Y-%m-%d %H:%M}"
