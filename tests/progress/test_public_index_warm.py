"""No visitor pays for the roll-up (issue 17 speed): when a programme's change stamp is renewed (a figure verified
…), a Celery task queued on commit computes the public index's standings into the cache, so the first visitor
after the change reads them; the task is idempotent (a stale stamp or a warm cache: nothing to do)."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from progress import services, tasks
from progress.selectors import index as index_selectors
from progress.stamps import public_index_warm_enqueue, rollup_stamp, rollup_stamp_renew

pytestmark = pytest.mark.django_db
INDEX = reverse("progress:public_index")


@pytest.fixture
def queued(monkeypatch, settings):
    """A broker is configured (not eager): record what would be queued instead of sending it."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    calls = []
    monkeypatch.setattr(
        "minsheng.common.queue.enqueue", lambda task, *args: calls.append((task, args)) or True
    )
    return calls


def test_a_verified_figure_queues_the_warming_on_commit_with_the_new_stamp(
    world, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.figure_verify(figure=world["fb"], actor=world["office"], expected=world["fb"].state)
    programme_id = world["programme"].pk
    token = rollup_stamp(programme_id=programme_id)
    assert queued == [
        (tasks.progress_public_index_warm, (programme_id, token)),
        (tasks.progress_cities_warm, (programme_id, token)),
    ]


def test_nothing_is_queued_before_the_commit_nor_in_eager_mode(world, queued, settings):
    with pytest.raises(RuntimeError), transaction.atomic():
        rollup_stamp_renew(programme_id=world["programme"].pk)
        raise RuntimeError  # rolled back: the callback never runs
    assert queued == []
    settings.CELERY_TASK_ALWAYS_EAGER = True  # no broker: the writer's request would pay, so no warming
    assert public_index_warm_enqueue(programme_id=world["programme"].pk, token="x") is False
    assert queued == []


def test_the_first_view_after_a_change_reads_the_warmed_standings(client, world, monkeypatch):
    programme = world["programme"]
    client.get(INDEX + "?month=9")
    token = rollup_stamp_renew(programme_id=programme.pk)
    with CaptureQueriesContext(connection) as cold:
        client.get(INDEX + "?month=9")
    token = rollup_stamp_renew(programme_id=programme.pk)
    assert tasks.progress_public_index_warm.apply(args=(programme.pk, token)).get() == "warmed"
    assert tasks.progress_public_index_warm.apply(args=(programme.pk, token)).get() == "cached"

    def no_rollup(**kwargs):
        raise AssertionError("the visitor computed the roll-up")

    monkeypatch.setattr(index_selectors, "indicator_rollup", no_rollup)
    with CaptureQueriesContext(connection) as warm:
        r = client.get(INDEX)  # the default month: the one warmed
    assert r.status_code == 200 and world["ind"].project.name in r.content.decode()
    assert len(warm) < len(cold)


def test_a_stale_stamp_or_a_private_programme_is_left_alone(world, monkeypatch):
    programme = world["programme"]
    old = rollup_stamp_renew(programme_id=programme.pk)
    rollup_stamp_renew(programme_id=programme.pk)  # a later change: its own task warms
    monkeypatch.setattr(index_selectors, "_standings", lambda *a: pytest.fail("computed for a stale stamp"))
    assert index_selectors.public_index_warm(programme_id=programme.pk, token=old) == "stale"
    programme.is_public = False
    programme.save(update_fields=["is_public"])
    token = rollup_stamp(programme_id=programme.pk)
    assert index_selectors.public_index_warm(programme_id=programme.pk, token=token) == "skipped"
