from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "通报与专报"

    def ready(self) -> None:
        from minsheng.common.home import register_panel
        from minsheng.common.todo import register_todo

        from . import rules  # noqa: F401
        from .home import letters_todo, reports_panel

        register_panel("reports", reports_panel, order=60)
        register_todo("reports.letters", letters_todo, order=40)
