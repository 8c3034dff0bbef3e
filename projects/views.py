from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from . import selectors
from .models import Programme
from .records import programme_record_panels


class ProgrammeListView(ListView):
    template_name = "projects/programme_list.html"
    context_object_name = "programmes"

    def get_queryset(self):
        return selectors.programme_list_public()


class ProgrammeDetailView(DetailView):
    template_name = "projects/programme_detail.html"
    context_object_name = "programme"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Programme.objects.select_related("organisation"), pk=self.kwargs["pk"], is_public=True
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        matters = selectors.programme_tree(programme=self.object)
        levels: dict[str, dict] = {}
        for matter in matters:
            levels.setdefault(matter.level, {"label": matter.get_level_display(), "matters": []})[
                "matters"
            ].append(matter)
        ctx["levels"] = list(levels.values())
        ctx["has_count_options"] = any(
            ind.is_continuing or ind.counted_as_tracked
            for matter in matters
            for project in matter.projects.all()
            for ind in project.indicators.all()
        )
        # The public record of how the programme was chosen and rated (the candidates app adds the vote's 公示
        # and the published 测评).
        ctx["record_panels"] = programme_record_panels(programme=self.object)
        ctx["waiting"] = sum(
            ind.needs_definition
            for matter in matters
            for project in matter.projects.all()
            for ind in project.indicators.all()
        )
        return ctx
