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


class ScheduledJob(models.Model):
    """What the declaration (settings.CELERY_BEAT_SCHEDULE) last wrote into django-celery-beat's PeriodicTask of
    the same name: the marker that tells a declared schedule from an office edit (minsheng/common/schedules.py).

    A PeriodicTask whose schedule or enabled flag differs from `declared_cron` / `declared_enabled` has been
    edited (on the 定时任务 page or in the admin) and is never reset by the migrate-time sync."""

    name = models.CharField("任务名", max_length=200, unique=True)
    declared_cron = models.CharField("声明的时间规则", max_length=200)
    declared_enabled = models.BooleanField("声明时启用", default=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="修改人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    edited_at = models.DateTimeField("修改时间", null=True, blank=True)
    # A job each office runs for its own level (declared with "per_office"): one PeriodicTask per office that has
    # its own entry (name "<job>@<organisation pk>", organisation set) plus the instance's entry (the job's plain
    # name, organisation empty) for the work of levels without one. job = the declared name; "" for other jobs.
    job = models.CharField("所属声明", max_length=200, blank=True, db_index=True)
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name="办公室所属层级", null=True, blank=True, on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = "定时任务声明"
        verbose_name_plural = "定时任务声明"

    def __str__(self) -> str:
        return self.name


class ScheduleRun(models.Model):
    """One run of a scheduled task: started by beat (triggered_by empty) or by 立即运行 on the 定时任务 page."""

    class Status(models.TextChoices):
        QUEUED = "queued", "已排队"
        RUNNING = "running", "运行中"
        SUCCEEDED = "succeeded", "成功"
        FAILED = "failed", "失败"
        RETRY = "retry", "失败，稍后重试"

    name = models.CharField("任务名", max_length=200, db_index=True)
    task = models.CharField("任务", max_length=200)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.QUEUED)
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="手动运行人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    queued_at = models.DateTimeField("排队时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    result = models.CharField("结果", max_length=500, blank=True)
    task_id = models.CharField("Celery 任务编号", max_length=64, blank=True)

    class Meta:
        verbose_name = "定时任务运行记录"
        verbose_name_plural = "定时任务运行记录"
        ordering = ["-queued_at", "-id"]
        indexes = [models.Index(fields=["name", "-queued_at"])]

    def __str__(self) -> str:
        return f"{self.name} {self.queued_at:%Y-%m-%d %H:%M}"


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
