from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "民生实事项目库"

    def ready(self) -> None:
        from minsheng.common.home import register_panel

        from . import home, workbooks

        register_panel("projects.public_list", home.public_programme_panel, order=50)
        register_panel("projects.work_queue", home.staff_queue_panel, order=10)
        workbooks.register()

        from minsheng.common.workbook import register_check

        from . import setup_checks

        register_check("projects.programme", setup_checks.programme_checks)
