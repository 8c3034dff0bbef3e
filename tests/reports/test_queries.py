"""Fixed query counts: the document list, the letters list and the public list do not grow with the rows."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from minsheng.accounts.models import Organisation
from reports.models import DocState, Document, Kind, ReplyState


def _make(n: int, *, start: int, kind=Kind.BULLETIN, **extra):
    county = Organisation.objects.filter(kind=Organisation.Kind.COUNTY).first()
    city = Organisation.objects.get(name="邵阳市", kind=Organisation.Kind.CITY)
    Document.objects.bulk_create(
        Document(
            kind=kind,
            scope=city,
            addressee=county if kind != Kind.BULLETIN else None,
            year=2024,
            period=f"X{start + i}",
            title=f"文件{start + i}",
            doc_date=date(2024, 10, 9),
            state=DocState.ISSUED,
            number=start + i,
            is_public=True,
            issued_at=timezone.now(),
            **extra,
        )
        for i in range(n)
    )


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("url_name", "user", "kind", "extra"),
    [
        ("reports:list", "office", Kind.BULLETIN, {}),
        ("reports:public_list", None, Kind.BULLETIN, {}),
        (
            "reports:letters",
            "office",
            Kind.WORK,
            {"reply_state": ReplyState.AWAITING, "reply_deadline": date(2024, 10, 20)},
        ),
    ],
)
def test_list_query_count_is_fixed(client, demo, office, url_name, user, kind, extra):
    if user:
        client.force_login(office)
    url = reverse(url_name)
    _make(2, start=1, kind=kind, **extra)
    client.get(url)  # warm-up: session, per-process caches
    small = _count(client, url)
    _make(28, start=100, kind=kind, **extra)
    large = _count(client, url)
    assert large == small, (small, large)
    assert small <= 16
