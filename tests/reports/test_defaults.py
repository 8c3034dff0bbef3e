"""The 通报 form offers the programme being implemented and its last complete month, never next year's
draft; counts before 大 read 两大, not 二大."""

from django.urls import reverse
from django.utils import timezone

from projects.models import Programme


def test_form_defaults_skip_a_future_draft_programme(client, programme, office):
    Programme.objects.create(
        year=timezone.localdate().year + 1, organisation=programme.organisation, name="重点民生实事（草案）",
        office=programme.office,
    )
    client.force_login(office)
    form = client.get(reverse("reports:list")).context["form"]
    assert form.initial["programme"] == programme.pk  # 2024, the one with figures
    assert form.initial["month"] == 9  # its last month with figures (2024 is over)


def test_two_is_liang_before_da():
    from reports.compose import count_word

    assert count_word(2) == "两" and count_word(10) == "十" and count_word(3) == "三"
