"""Copy progress' own letters (提示函 with their replies) into this app's letter documents.

Used by migration 0005 with historical models, and by its test with the models passed in; it takes the
models as arguments and imports none, so it reads the same whatever the state of the apps. Idempotent:
a letter already copied (key "progress-<id>") is skipped."""

from __future__ import annotations

from django.db.models import Max
from django.utils import timezone

KIND_MAP = {"gentle": "gentle", "work": "work", "assign": "assign"}
COMMENT = "由月度调度“提示函”迁入"


def copy_progress_letters(*, Letter, Document, DocumentTransition, LetterReply) -> int:
    """Copy every progress Letter to an issued letter Document (reply, state and history kept)."""
    copied = 0
    done = set(Document.objects.filter(key__startswith="progress-").values_list("key", flat=True))
    letters = Letter.objects.select_related("programme", "programme__office").prefetch_related("indicators")
    for letter in letters.order_by("issued_at", "pk"):
        key = f"progress-{letter.pk}"
        if key in done:
            continue
        programme = letter.programme
        kind = KIND_MAP.get(letter.kind, "work")
        year = programme.year
        scope_id = programme.organisation_id
        last = Document.objects.filter(kind=kind, scope_id=scope_id, year=year, number__isnull=False).aggregate(
            m=Max("number")
        )["m"]
        issued_day = timezone.localdate(letter.issued_at) if letter.issued_at else timezone.localdate()
        office = programme.office.name if getattr(programme, "office_id", None) else ""
        replied = letter.state == "replied"
        doc = Document.objects.create(
            kind=kind,
            programme_id=programme.pk,
            scope_id=scope_id,
            year=year,
            period=f"M{letter.month:02d}" if letter.month else f"D{issued_day:%m%d}",
            month=letter.month,
            key=key,
            addressee_id=letter.recipient_id,
            reply_deadline=letter.reply_deadline,
            reply_state="replied" if replied else "awaiting",
            title=letter.subject[:200],
            doc_date=issued_day,
            sections={"facts": letter.body or letter.subject, "requirement": ""},
            snapshot={
                "kind": "letter",
                "month": letter.month,
                "office": office,
                "source": key,
                "indicators": [i.name for i in letter.indicators.all()],
                "auto": bool(letter.is_auto),
            },
            state="issued",
            number=(last or 0) + 1,
            render_state="queued",
            issued_at=letter.issued_at,
            issued_by_id=letter.issued_by_id,
        )
        DocumentTransition.objects.create(
            document=doc, actor_id=letter.issued_by_id, from_state="draft", to_state="issued", comment=COMMENT
        )
        if replied:
            reply = LetterReply.objects.create(
                document=doc, text=letter.reply_text or "（已回复）", replied_by_id=letter.replied_by_id
            )
            if letter.replied_at:
                LetterReply.objects.filter(pk=reply.pk).update(replied_at=letter.replied_at)
            DocumentTransition.objects.create(
                document=doc,
                actor_id=letter.replied_by_id,
                from_state="awaiting",
                to_state="replied",
                comment=f"【回复】{COMMENT}",
            )
        copied += 1
    return copied
