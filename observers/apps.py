from django.apps import AppConfig


class ObserversConfig(AppConfig):
    name = "observers"
    verbose_name = "民生实事观察员"

    def ready(self) -> None:
        from minsheng.common.home import register_panel

        from . import home

        register_panel("observers.work", home.observers_panel, order=15)
