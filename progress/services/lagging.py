"""Letters to lagging units: after a month is locked, every unit behind schedule gets a 温馨提示函 (a
工作提示函 when it was already behind the month before) with a reply deadline, and its users are notified.
Lead departments get one for the indicators they lead whose city roll-up is behind; counties for their
own rows behind. Idempotent: one automatic letter per unit and month (a database constraint)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from minsheng.accounts.models import Organisation, Role, User
from minsheng.common.services import notification_send

from ..models import Letter
from ..selectors import indicator_rollup
from ..status import Status

LAGGING_SUBJECT = "关于加快推进 {label}未达序时指标的{kind}"
LAGGING_BODY = (
    "经调度，截至 {month} 月底贵单位以下指标未达序时进度：{items}。请加快推进，并于 {deadline} 前书面回复。"
)


def lagging_units(*, rollups) -> dict[int, tuple[Organisation, list]]:
    """{unit id: (unit, [indicators behind])}: lead units of behind roll-ups and counties behind."""
    units: dict[int, tuple[Organisation, list]] = {}

    def add(org, indicator):
        if org is None:
            return
        entry = units.setdefault(org.pk, (org, []))
        if indicator not in entry[1]:
            entry[1].append(indicator)

    for r in rollups:
        if r.status == Status.BEHIND:
            add(r.indicator.lead_unit or r.project.lead_unit, r.indicator)
        for c in r.behind_cells:
            add(c.county, r.indicator)
    return units


def _recipients(org: Organisation) -> list[User]:
    roles = [Role.COUNTY] if org.kind == Organisation.Kind.COUNTY else [Role.DEPARTMENT]
    return list(
        User.objects.filter(Q(organisation=org) | Q(organisation__parent=org), role__in=roles, is_active=True)
    )


def letters_issue_lagging(*, period, now=None) -> list[Letter]:
    """Record (once) a letter to every unit behind schedule in a month and notify its users."""
    now = now or timezone.now()
    programme = period.programme
    rollups = indicator_rollup(programme=programme, month=period.month)
    units = lagging_units(rollups=rollups)
    if not units:
        return []
    done = set(
        Letter.objects.filter(programme=programme, month=period.month, is_auto=True).values_list(
            "recipient_id", flat=True
        )
    )
    behind_before = set(
        Letter.objects.filter(programme=programme, month=period.month - 1).values_list(
            "recipient_id", flat=True
        )
    )
    days = getattr(settings, "PROGRESS_LETTER_REPLY_DAYS", 7)
    deadline = (timezone.localtime(now) + timedelta(days=days)).date()
    out = []
    for pk, (org, indicators) in units.items():
        if pk in done:
            continue
        kind = Letter.Kind.WORK if pk in behind_before else Letter.Kind.GENTLE
        names = "、".join(f"“{i.name}”" for i in indicators[:10])
        if len(indicators) > 10:
            names += f" 等 {len(indicators)} 项"
        try:
            with transaction.atomic():
                letter = Letter(
                    programme=programme,
                    month=period.month,
                    kind=kind,
                    recipient=org,
                    subject=LAGGING_SUBJECT.format(label=period.label, kind=kind.label)[:200],
                    body=LAGGING_BODY.format(
                        month=period.month, items=names, deadline=deadline.strftime("%Y年%-m月%-d日")
                    ),
                    issued_at=now,
                    reply_deadline=deadline,
                    is_auto=True,
                )
                letter.full_clean(exclude=["issued_by"], validate_constraints=False)  # issued by the system
                letter.save()
                letter.indicators.set(indicators)
                notification_send(
                    recipients=_recipients(org),
                    kind="progress_letter",
                    title=letter.subject,
                    body=letter.body,
                    url=reverse("progress:letters"),
                )
        except IntegrityError:
            continue  # a concurrent run issued it
        out.append(letter)
    return out
