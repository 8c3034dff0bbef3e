from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "minsheng.common"
    label = "common"
    verbose_name = "公共服务"

    def ready(self) -> None:
        from celery.signals import task_failure, task_postrun, task_prerun
        from django.db.models.signals import post_migrate

        from . import admin_fixes, schedules

        admin_fixes.install()
        # The declared schedule is copied into the database at migrate time (office edits kept).
        post_migrate.connect(schedules.sync_after_migrate, sender=self, dispatch_uid="common-schedule-sync")
        # Each run of a scheduled task is recorded (ScheduleRun), in the worker or, eager, in this process.
        task_prerun.connect(schedules.on_task_prerun, dispatch_uid="common-schedule-prerun")
        task_failure.connect(schedules.on_task_failure, dispatch_uid="common-schedule-failure")
        task_postrun.connect(schedules.on_task_postrun, dispatch_uid="common-schedule-postrun")
