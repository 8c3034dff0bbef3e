from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "通报与专报"

    def ready(self) -> None:
        from minsheng.common.home import register_panel

        from . import rules  # noqa: F401
        from .home import reports_panel

        register_panel("reports", reports_panel, order=60)
