from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = "项目征集"

    def ready(self) -> None:
        from minsheng.common.home import register_panel
        from projects.records import register_project_record

        from .home import campaigns_panel, project_ratings_panel, staff_panel

        register_panel("proposals.campaigns", campaigns_panel, order=20)
        register_panel("proposals.staff", staff_panel, order=15)
        register_project_record("proposals.ratings", project_ratings_panel)
