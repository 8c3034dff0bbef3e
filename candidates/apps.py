from django.apps import AppConfig


class CandidatesConfig(AppConfig):
    """The screening of candidate projects, the deputies' vote, the year-end survey and the adoption of the
    chosen candidates into the programme (projects), in the tables they had when they lived there."""

    name = "candidates"
    verbose_name = "候选项目与票决"

    def ready(self) -> None:
        from minsheng.common.home import register_panel
        from minsheng.common.todo import register_todo
        from projects.records import register_programme_record, register_project_record

        from . import home, rules  # noqa: F401 - rules registers the object permissions with django-rules

        register_panel("candidates.deputy_queue", home.deputy_queue_panel, order=11)
        register_todo("candidates.deputy", home.deputy_todo, order=10)
        register_programme_record("candidates.public_votes", home.programme_record_panel)
        register_project_record("candidates.survey", home.project_survey_panel)
