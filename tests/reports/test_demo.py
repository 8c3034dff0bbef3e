"""reports.demo_data: real documents after load_demo, idempotent (a second run writes nothing)."""

from reports import demo_data
from reports.models import Article, DocState, Document, DocumentTransition, Kind, RenderState, ReplyState


def _counts():
    return (Document.objects.count(), DocumentTransition.objects.count(), Article.objects.count())


def test_demo_documents(demo_documents, media, django_capture_on_commit_callbacks):
    city = Document.objects.get(kind=Kind.BULLETIN, scope__name="邵阳市", year=2024, period="M09")
    assert city.state == DocState.ISSUED and city.number == 1
    assert "1-9" in city.title and "通报" in city.title
    county = Document.objects.get(kind=Kind.BULLETIN, scope__name="洞口县", period="M09")
    assert county.state == DocState.DRAFT and county.render_state == RenderState.QUEUED
    news = Document.objects.get(kind=Kind.NEWSLETTER)
    assert news.state == DocState.ISSUED and news.number_label == "2024 年第 1 期"
    assert {a["org"] for a in news.snapshot["articles"]} == {"洞口县", "邵东市"}
    letter = Document.objects.get(kind=Kind.WORK, key__startswith="lag-09-")
    assert letter.addressee.name == "洞口县" and letter.reply_state == ReplyState.AWAITING
    assert "74.51%" in letter.sections["facts"]

    # Rendering happens after the loader's transaction commits: only the issued city 通报.
    before = _counts()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert demo_data.load() is False
    assert len(callbacks) >= 1  # the render (+ its old-file clean-up)
    city.refresh_from_db()
    assert city.render_state == RenderState.READY and city.pdf
    assert _counts() == before

    # Third run: nothing to write, nothing to render.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert demo_data.load() is False
    assert callbacks == []
    assert _counts() == before
