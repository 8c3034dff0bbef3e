"""公示 of the year-end 测评 on each project's public page (issue 17 §6): nothing while the survey is open, then the
project's grade and counts — exactly the published result's row — with a link to the whole result."""

import pytest
from django.urls import reverse

from candidates import programme as pg
from projects.models import Project

from .test_survey import make_survey, sheet

pytestmark = pytest.mark.django_db


def test_project_page_shows_its_grade_once_the_survey_is_published(client):
    survey, projects, deputies, user = make_survey(n_projects=2, n_deputies=3)
    for d in deputies:
        pg.survey_sheet_submit(survey=survey, deputy=d, values=sheet(projects, "satisfied", "unsatisfied"))
    first = Project.objects.get(pk=projects[0])
    url = reverse("progress:public_project", args=[first.public_code])
    assert 'id="project-survey"' not in client.get(url).content.decode()  # sealed while open

    result = pg.survey_publish(survey=survey, by=user).result
    row = next(r for r in result["rows"] if r["project"] == first.pk)
    page = client.get(url).content.decode()
    assert 'id="project-survey"' in page
    assert f"测评等次：<strong>{row['grade_label']}</strong>" in page and "满意 3 票" in page
    assert reverse("candidates:survey", args=[survey.programme_id]) in page
    other = Project.objects.get(pk=projects[1])
    other_page = client.get(reverse("progress:public_project", args=[other.public_code])).content.decode()
    assert "不满意 3 票" in other_page
