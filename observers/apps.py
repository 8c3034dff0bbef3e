from django.apps import AppConfig


class ObserversConfig(AppConfig):
    name = "observers"
    verbose_name = "民生实事观察员"

    def ready(self) -> None:
        from minsheng.common.home import register_panel
        from minsheng.common.todo import register_todo

        from . import home, workbooks

        register_panel("observers.work", home.observers_panel, order=15)
        register_todo("observers.office", home.office_todo, order=30)
        register_todo("observers.unit", home.unit_todo, order=40)
        register_todo("observers.observer", home.observer_todo, order=5)
        workbooks.register()
