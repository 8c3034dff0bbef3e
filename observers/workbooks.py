"""The observer roster workbook: observers and supervisors, their groups and terms; each new one gets a log-in."""

from __future__ import annotations

import re

from minsheng.accounts.lookup import OrgIndex
from minsheng.accounts.models import Organisation, User
from minsheng.accounts.rules import import_scope_error
from minsheng.accounts.workbooks import ERR_LOGIN, ERR_PHONE, LOGIN_RE, PHONE_RE, initial_password
from minsheng.common import workbook as wb
from minsheng.common.excel import cell_text
from minsheng.common.workbook import Column, Preview, Result

from .models import GroupField, Observer, ObserverCategory, ObserverGroup, ObserverKind
from .services.roster import observer_create

KIND_OPTIONS = {label: value for value, label in ObserverKind.choices}
CATEGORY_OPTIONS = {label: value for value, label in ObserverCategory.choices} | {
    "村干部": ObserverCategory.CADRE, "社区干部": ObserverCategory.CADRE, "媒体": ObserverCategory.MEDIA,
    "记者": ObserverCategory.MEDIA, "群众": ObserverCategory.BENEFICIARY,
}  # fmt: skip
FIELD_OPTIONS = {label: value for value, label in GroupField.choices}

ERR_ORG_LEVEL = "观察员只能聘任在市级或县市区一级，“{org}”是{got}。"
ERR_TERM = "任期至（{end}）须晚于聘任日期（{start}）。"
ERR_LOGIN_TAKEN = "登录名“{login}”已被其他账户使用。"
ERR_GROUP_FIELD = "新小组“{group}”须填写小组领域。"
ERR_CERT_ELSEWHERE = "聘书编号“{cert}”已是其他政府聘任的观察员：{refusal}"


class ObserverRosterKind(wb.WorkbookKind):
    key = "observers"
    title = "观察员名册"
    order = 50
    columns = [
        Column("聘书编号", "每人唯一；再次导入按聘书编号对应并更新", True, 14),
        Column("姓名", "", True, 10),
        Column("类别", "观察员、监督员或评议员", True, 8),
        Column("聘任单位", "市或县市区的全称（须已在“组织机构”中）", True, 14),
        Column("界别", "、".join(ObserverCategory.labels), True, 14),
        Column("工作单位及职务", "", False, 24),
        Column("联系电话", "", False, 14),
        Column("聘任日期", "如 2025-03-01", True, 12),
        Column("任期至", "选填，须晚于聘任日期", False, 12),
        Column("所属小组", "选填：小组名称；没有的小组会新建", False, 14),
        Column("小组领域", "新建小组时必填：" + "、".join(GroupField.labels), False, 10),
        Column("登录名", "选填：留空则为“obs_”加聘书编号；新观察员的初始密码导入后只显示一次", False, 16),
    ]
    instructions = [
        "一行一人。新观察员同时开通“观察员”登录账户，初始密码导入后只显示一次（可打印），首次登录须修改。",
        "再次导入按聘书编号更新姓名、类别、单位、界别、联系方式、任期和小组；表中未列出的人员不会删除（解聘请在名册中办理）。",
    ]
    examples = [
        ["SY2025-001", "刘芳", "观察员", "青山市", "人大代表", "青山市第一中学教师", "13800000001", "2025-03-01",
         "2027-02-28", "民生保障组", "民生保障", ""],
        ["SY2025-002", "陈刚", "监督员", "甲县", "村（社区）干部", "甲县城关镇东门社区主任", "", "2025-03-01", "",
         "乡村振兴组", "乡村振兴", "chen_gang"],
    ]  # fmt: skip

    def parse(self, rows, preview: Preview) -> None:
        index = OrgIndex()
        certs = [cell_text(v[0]) for _r, v in rows]
        existing = {o.certificate_no: o for o in Observer.objects.filter(certificate_no__in=certs).select_related(
            "group", "organisation", "user")}  # fmt: skip
        groups = {g.name: g for g in ObserverGroup.objects.all()}
        new_groups: dict[str, str] = {}
        seen: dict[str, int] = {}
        logins: dict[str, int] = {}
        records = []
        for r, v in rows:
            n_errors = len(preview.errors)
            cert = wb.text(v[0], preview, r, "聘书编号", required=True, max_len=40)
            if cert in seen:
                preview.error(r, "聘书编号", wb.ERR_DUPLICATE.format(value=cert, first=seen[cert]))
            seen.setdefault(cert, r)
            name = wb.text(v[1], preview, r, "姓名", required=True, max_len=50)
            kind = wb.choice(v[2], preview, r, "类别", KIND_OPTIONS)
            org_name = wb.text(v[3], preview, r, "聘任单位", required=True, max_len=100)
            org = None
            if org_name:
                org, msg = index.find(org_name)
                if org is None:
                    preview.error(r, "聘任单位", msg)
                elif org.kind not in (Organisation.Kind.CITY, Organisation.Kind.COUNTY):
                    preview.error(
                        r, "聘任单位", ERR_ORG_LEVEL.format(org=org.name, got=org.get_kind_display())
                    )
                elif refusal := import_scope_error(preview.actor, org, what="它聘任的观察员"):
                    preview.error(r, "聘任单位", refusal)
            category = wb.choice(v[4], preview, r, "界别", CATEGORY_OPTIONS)
            work_unit = wb.text(v[5], preview, r, "工作单位及职务", max_len=200)
            phone = wb.text(v[6], preview, r, "联系电话", max_len=30)
            if phone and not PHONE_RE.match(phone):
                preview.error(r, "联系电话", ERR_PHONE.format(value=phone[:30]))
            start = wb.a_date(v[7], preview, r, "聘任日期")
            if start is None and cell_text(v[7]) == "":
                preview.error(r, "聘任日期", wb.ERR_REQUIRED)
            end = wb.a_date(v[8], preview, r, "任期至")
            if start and end and end <= start:
                preview.error(r, "任期至", ERR_TERM.format(end=end, start=start))
            group = wb.text(v[9], preview, r, "所属小组", max_len=50)
            field = ""
            if cell_text(v[10]):
                field = wb.choice(v[10], preview, r, "小组领域", FIELD_OPTIONS)
            if group and group not in groups and group not in new_groups:
                if not field:
                    preview.error(r, "小组领域", ERR_GROUP_FIELD.format(group=group))
                else:
                    new_groups[group] = field
            old = existing.get(cert)
            if old is not None and (refusal := import_scope_error(preview.actor, old.organisation, what="它聘任的观察员")):
                preview.error(r, "聘书编号", ERR_CERT_ELSEWHERE.format(cert=cert, refusal=refusal))
            login = wb.text(v[11], preview, r, "登录名", max_len=150) or (
                old.user.username if old else "obs_" + re.sub(r"[^A-Za-z0-9_.@+-]", "_", cert)
            )
            if old is None:
                if not LOGIN_RE.match(login):
                    preview.error(r, "登录名", ERR_LOGIN.format(value=login[:30]))
                elif login in logins:
                    preview.error(r, "登录名", wb.ERR_DUPLICATE.format(value=login, first=logins[login]))
                elif User.objects.filter(username=login).exists():
                    preview.error(r, "登录名", ERR_LOGIN_TAKEN.format(login=login))
                logins.setdefault(login, r)
            if len(preview.errors) > n_errors:
                continue
            rec = {"row": r, "cert": cert, "name": name, "kind": kind, "org_id": org.pk, "category": category,
                   "work_unit": work_unit, "phone": phone, "start": start, "end": end, "group": group,
                   "login": login}  # fmt: skip
            label = f"{cert} {name}（{ObserverKind(kind).label}）"
            if old is None:
                preview.changes.append(wb.Change(wb.NEW, label, r))
            else:
                diff = wb.diff_fields([
                    ("姓名", old.name, name), ("类别", old.get_kind_display(), ObserverKind(kind).label),
                    ("聘任单位", old.organisation.name, org.name),
                    ("界别", old.get_category_display(), ObserverCategory(category).label),
                    ("工作单位及职务", old.work_unit, work_unit), ("联系电话", old.phone, phone),
                    ("聘任日期", old.appointed_on, start), ("任期至", old.term_ends_on, end),
                    ("所属小组", old.group.name if old.group else "", group),
                ])  # fmt: skip
                preview.changes.append(wb.Change(wb.CHANGED if diff else wb.UNCHANGED, label, r, diff))
                rec["id"] = old.pk if diff else None
            records.append(rec)
        for g in new_groups:
            preview.changes.append(wb.Change(wb.NEW, f"小组：{g}"))
        preview.plan = {"records": records, "new_groups": new_groups}

    def commit(self, preview: Preview, *, actor) -> Result:
        groups = {g.name: g for g in ObserverGroup.objects.all()}
        for name, field in preview.plan["new_groups"].items():
            group = ObserverGroup(name=name, field=field, sort_order=len(groups))
            group.full_clean()
            group._history_user = actor
            group._change_reason = "观察员名册导入"
            group.save()
            groups[name] = group
        orgs = Organisation.objects.in_bulk([r["org_id"] for r in preview.plan["records"]])
        sheet = []
        for rec in preview.plan["records"]:
            if "id" in rec and rec["id"] is None:
                continue  # unchanged
            group = groups.get(rec["group"]) if rec["group"] else None
            if rec.get("id"):
                obs = Observer.objects.get(pk=rec["id"])
                obs.name, obs.kind, obs.organisation = rec["name"], rec["kind"], orgs[rec["org_id"]]
                obs.category, obs.work_unit, obs.phone = rec["category"], rec["work_unit"], rec["phone"]
                obs.appointed_on, obs.term_ends_on, obs.group = rec["start"], rec["end"], group
                obs.full_clean()
                obs._history_user = actor
                obs._change_reason = "观察员名册导入"
                obs.save()
                continue
            password = initial_password()
            obs, _ = observer_create(
                username=rec["login"], name=rec["name"], organisation=orgs[rec["org_id"]], category=rec["category"],
                appointed_on=rec["start"], certificate_no=rec["cert"], kind=rec["kind"], work_unit=rec["work_unit"],
                phone=rec["phone"], term_ends_on=rec["end"], group=group, password=password,
            )  # fmt: skip
            User.objects.filter(pk=obs.user_id).update(must_change_password=True)
            sheet.append({"姓名": rec["name"], "登录名": rec["login"], "聘书编号": rec["cert"],
                          "聘任单位": orgs[rec["org_id"]].name, "初始密码": password})  # fmt: skip
        c = preview.counts
        return Result(
            f"已导入观察员名册：新增 {len(sheet)} 人，修改 {c[wb.CHANGED]} 人，不变 {c[wb.UNCHANGED]} 人"
            + (f"，新建小组 {len(preview.plan['new_groups'])} 个" if preview.plan["new_groups"] else "")
            + "。"
            + ("新观察员的初始密码见下表，只显示这一次。" if sheet else ""),
            c,
            sheet or None,
        )


def register() -> None:
    """Called from ObserversConfig.ready()."""
    wb.register_kind(ObserverRosterKind())
