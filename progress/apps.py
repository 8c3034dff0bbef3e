from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "progress"
    verbose_name = "月度调度"

    def ready(self) -> None:
        from minsheng.common.home import register_panel
        from minsheng.common.todo import register_todo
        from projects.records import register_project_finished

        from . import home
        from .selectors.public import project_finished

        register_project_finished(project_finished)

        register_panel("progress.panel", home.progress_panel, order=20)
        register_todo("progress.clerk", home.clerk_todo, order=10)
        register_todo("progress.department", home.department_todo, order=20)
        register_todo("progress.office", home.office_todo, order=20)
        register_todo("progress.setup", home.setup_todo, order=15)
        register_todo("progress.opinions", home.opinion_todo, order=30)

        from minsheng.common.workbook import register_check

        from . import setup_checks

        register_check("progress.periods", setup_checks.period_checks)
