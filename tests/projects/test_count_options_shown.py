"""The 通报's counting options are shown where people read the indicator: the programme page and the figure form."""

import pytest
from django.urls import reverse

from projects.models import Indicator, Programme

pytestmark = pytest.mark.django_db


def test_programme_page_marks_continuing_and_tracked_indicators(client, demo):
    programme = Programme.objects.filter(is_public=True, matters__projects__indicators__is_continuing=True).first()
    assert programme is not None, "演示数据中应有持续性指标"
    html = client.get(reverse("projects:programme_detail", args=[programme.pk])).content.decode()
    continuing = Indicator.objects.filter(project__matter__programme=programme, is_continuing=True).count()
    tracked = Indicator.objects.filter(project__matter__programme=programme, counted_as_tracked=True).count()
    assert html.count(">持续性指标</span>") == continuing
    assert html.count(">按统一调度口径计数</span>") == tracked
    assert 'id="count-options-note"' in html


def test_programme_page_without_options_has_no_note(client, demo):
    programme = Programme.objects.filter(is_public=True).first()
    Indicator.objects.filter(project__matter__programme=programme).update(is_continuing=False, counted_as_tracked=False)
    html = client.get(reverse("projects:programme_detail", args=[programme.pk])).content.decode()
    assert "count-options-note" not in html and "持续性指标</span>" not in html
