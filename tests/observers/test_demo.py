"""Demo data: 33 observers in 6 groups, `observer` linked, hand-offs in 2024, idempotent."""

import pytest

from observers import demo_data
from observers.models import FieldReport, HandOff, Observer, ObserverGroup
from observers.selectors import newsletter_figures


@pytest.mark.django_db
def test_demo_loads_and_is_idempotent(demo):
    assert Observer.objects.count() == 33 and ObserverGroup.objects.count() == 6
    assert Observer.objects.get(user__username="observer").name == "刘建国"
    assert HandOff.objects.filter(state="closed").exists() and FieldReport.objects.count() == 4
    assert ObserverGroup.objects.get(name="民生保障组").projects.exists()
    assert demo_data.load() is False
    from datetime import date

    figures = newsletter_figures(start=date(2024, 1, 1), end=date(2024, 12, 31))
    assert figures["observers"] == 33 and figures["hand_offs"] == 3 and figures["rectified"] == 1
