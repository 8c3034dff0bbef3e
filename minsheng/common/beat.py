"""The beat scheduler: django-celery-beat's DatabaseScheduler reading only the database.

django-celery-beat copies settings.CELERY_BEAT_SCHEDULE into PeriodicTask on every beat start
(DatabaseScheduler.setup_schedule -> update_from_dict -> update_or_create), which reset every schedule the
office had changed. Here the copy is made once, at migrate time, by minsheng.common.schedules.schedule_sync,
which keeps office edits; beat just runs what the database says. Its default entry (celery.backend_cleanup,
for result backends) is not installed either: there is no result backend.
"""

from django_celery_beat.schedulers import DatabaseScheduler


class DeclaredScheduleScheduler(DatabaseScheduler):
    def setup_schedule(self):
        """Nothing to copy: the schedule is in the database (see the module docstring)."""
