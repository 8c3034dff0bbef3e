"""The narrowed roll-ups (a county's scorecard, a project's public page, a filtered dashboard) read only
their own rows; each row they show must be the one the programme's whole roll-up gives."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minsheng.accounts.models import Organisation
from progress import selectors
from progress.models import Figure
from projects.models import Domain, IndicatorTarget, Level, Programme, Project

pytestmark = pytest.mark.django_db

MONTH = 9


def cell_key(c):
    return (
        c.county.pk,
        c.target_id,
        c.target,
        c.figure_id,
        c.state,
        c.reported,
        c.verified,
        c.value,
        c.previous,
        c.result,
        c.mom_target,
        c.deduction_reason,
        c.carried_month,
        c.is_reported,
        c.mom,
        c.gap,
    )


def rollup_key(r):
    return (
        r.indicator.pk,
        r.target,
        r.value,
        r.previous,
        r.result,
        r.mom,
        r.reporters,
        r.units,
        r.reported_share,
        r.tracked_by.indicator.pk if r.tracked_by else None,
        [cell_key(c) for c in r.cells],
    )


@pytest.fixture
def september(demo):
    programme = Programme.objects.get(year=2024, organisation__name="邵阳市")
    return programme, selectors.indicator_rollup(programme=programme, month=MONTH)


def test_scorecard_of_every_county_matches_the_whole_rollup(september):
    programme, full = september
    counties = Organisation.objects.filter(
        indicator_targets__indicator__project__matter__programme=programme
    ).distinct()
    assert counties.count() > 5
    for county in counties:
        whole = selectors.county_scorecard(programme=programme, month=MONTH, county=county, rollups=full)
        narrow = selectors.county_scorecard(programme=programme, month=MONTH, county=county)
        assert whole["rows"], county.name
        assert [(r.indicator.pk, r.project.pk, cell_key(c)) for r, c in narrow["rows"]] == [
            (r.indicator.pk, r.project.pk, cell_key(c)) for r, c in whole["rows"]
        ], county.name
        assert narrow["counts"] == whole["counts"] and narrow["disclosure"] == whole["disclosure"]


def test_scorecard_filters_match_the_filtered_whole_rollup(september):
    programme, _ = september
    county = Organisation.objects.get(name="邵东市")
    for filters in ({"level": Level.CITY}, {"level": Level.PROVINCE}, {"domain": Domain.choices[0][0]}):
        full = selectors.indicator_rollup(programme=programme, month=MONTH, **filters)
        whole = selectors.county_scorecard(programme=programme, month=MONTH, county=county, rollups=full)
        narrow = selectors.county_scorecard(programme=programme, month=MONTH, county=county, **filters)
        assert [cell_key(c) for _, c in narrow["rows"]] == [cell_key(c) for _, c in whole["rows"]], filters


def test_public_progress_of_every_project_matches_the_whole_rollup(september):
    programme, full = september
    tracked = 0
    for project in Project.objects.filter(matter__programme=programme):
        narrow = selectors.public_project_progress(project=project, month=MONTH)
        whole = [r for r in full if r.indicator.project_id == project.pk]
        assert [rollup_key(r) for r in narrow] == [rollup_key(r) for r in whole], project.name
        tracked += sum(1 for r in narrow if r.tracked_by)
    assert tracked >= 4  # 市定 indicators "纳入省定统一调度" take another project's roll-up


@pytest.mark.parametrize(
    "filters",
    [{"level": Level.PROVINCE}, {"level": Level.CITY}, {"domain": Domain.choices[0][0]}, {"lead": True}],
)
def test_filtered_rollup_matches_the_whole_rollup_filtered(september, filters):
    programme, full = september
    if filters.pop("lead", None):
        lead = next(
            r.indicator.lead_unit_id or r.project.lead_unit_id for r in full if r.project.lead_unit_id
        )
        filters = {"lead_unit_id": lead}
    narrow = selectors.indicator_rollup(programme=programme, month=MONTH, **filters)
    level, domain, lead = filters.get("level"), filters.get("domain"), filters.get("lead_unit_id")
    whole = [
        r
        for r in full
        if (not level or r.matter.level == level)
        and (not domain or (r.project.domain or r.matter.domain) == domain)
        and (not lead or lead in (r.indicator.lead_unit_id, r.project.lead_unit_id))
    ]
    assert whole
    assert [rollup_key(r) for r in narrow] == [rollup_key(r) for r in whole]


def test_narrowed_pages_read_only_their_own_figures(september):
    """The scorecard and the public page ask the database for their own targets' figures, not all of them."""
    programme, _ = september
    county = Organisation.objects.get(name="邵东市")
    project = Project.objects.filter(matter__programme=programme).order_by("pk").first()
    own = {
        "county": set(IndicatorTarget.objects.filter(county=county).values_list("pk", flat=True)),
        "project": set(
            IndicatorTarget.objects.filter(indicator__project=project).values_list("pk", flat=True)
        ),
    }
    for name, call in (
        ("county", lambda: selectors.county_scorecard(programme=programme, month=MONTH, county=county)),
        ("project", lambda: selectors.public_project_progress(project=project, month=MONTH)),
    ):
        with CaptureQueriesContext(connection) as q:
            call()
        figure_sql = [x["sql"] for x in q.captured_queries if 'FROM "progress_figure"' in x["sql"]]
        assert figure_sql and all('"target_id" IN (' in sql for sql in figure_sql), name
        read = Figure.objects.filter(period__programme=programme, period__month__in=[MONTH - 1, MONTH])
        assert read.filter(target_id__in=own[name]).count() < read.count(), name
