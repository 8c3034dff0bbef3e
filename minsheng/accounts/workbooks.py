"""Set-up workbooks of the organisation tree and the people who sign in."""

from __future__ import annotations

import re
import secrets

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from minsheng.common import workbook as wb
from minsheng.common.excel import cell_text
from minsheng.common.workbook import Column, Preview, Result

from .lookup import ERR_UNKNOWN_UNIT, OrgIndex
from .models import ERR_NAME_TAKEN_IN_CITY, Organisation, Role, User
from .rules import ERR_IMPORT_TOP_LEVEL, check_assignable, has_full_scope, import_scope_error

K = Organisation.Kind
KIND_OPTIONS = {
    "省": K.PROVINCE,
    "市": K.CITY, "市（州）": K.CITY, "州": K.CITY,
    "县市区": K.COUNTY, "县": K.COUNTY, "区": K.COUNTY, "县级市": K.COUNTY,
    "乡镇（街道）": K.TOWN, "乡镇": K.TOWN, "街道": K.TOWN,
    "直属责任单位": K.DEPARTMENT, "部门": K.DEPARTMENT, "市直单位": K.DEPARTMENT, "责任单位": K.DEPARTMENT,
    "工作专班办公室": K.OFFICE, "专班办公室": K.OFFICE,
    "其他单位": K.OTHER, "其他": K.OTHER,
}  # fmt: skip
PARENT_KINDS = {
    K.CITY: (K.PROVINCE,),
    K.COUNTY: (K.CITY, K.PROVINCE),
    K.TOWN: (K.COUNTY,),
    K.DEPARTMENT: (K.PROVINCE, K.CITY, K.COUNTY),
    K.OFFICE: (K.PROVINCE, K.CITY, K.COUNTY),
}
ROLE_OPTIONS = {
    "专班办公室": Role.OFFICE, "办公室": Role.OFFICE,
    "县市区专班": Role.COUNTY, "县市区": Role.COUNTY,
    "市直责任单位": Role.DEPARTMENT, "责任单位": Role.DEPARTMENT, "部门": Role.DEPARTMENT,
    "观察员": Role.OBSERVER,
    "人大代表": Role.DEPUTY,
}  # fmt: skip
ROLE_ORG_KINDS = {
    Role.OFFICE: (K.OFFICE, K.PROVINCE, K.CITY, K.COUNTY),
    Role.COUNTY: (K.COUNTY,),
    Role.DEPARTMENT: (K.DEPARTMENT, K.OTHER),
}
ROLE_ORG_WORDS = {
    Role.OFFICE: "工作专班办公室",
    Role.COUNTY: "县市区（或其下属单位）",
    Role.DEPARTMENT: "直属责任单位",
}

ERR_PARENT_REQUIRED = "“{kind}”须填写上级单位。"
ERR_PARENT_KIND = "“{kind}”的上级应为{want}，“{parent}”是{got}。"
ERR_PARENT_LATER = "上级单位“{name}”在本表第 {row} 行，须列在本行之前。"
ERR_DUPLICATE_UNIT = "单位“{name}”在同一上级下重复出现（首次出现在第 {first} 行）。"
ERR_NAME_IN_CITY_SHEET = (
    "单位全称“{name}”已在第 {first} 行用于{scope}内的另一个单位。同一城市内单位全称不能重复：请写全称，"
    "如“邵东市教育局”，简称“市教育局”填在简称栏。"
)
ERR_CODE_TAKEN = "代码“{code}”已被“{other}”使用。"
ERR_LOGIN = "登录名“{value}”只能由字母、数字和 _ . @ + - 组成，2 到 150 个字符。"
ERR_ROLE_NEEDS_ORG = "角色“{role}”须填写所属单位。"
ERR_ROLE_ORG = "角色“{role}”须属于{want}，“{org}”是{got}。"
ERR_PHONE = "“{value}”不是电话号码：只填数字，可带“-”。"
ERR_EMAIL = "“{value}”不是有效的电子邮箱。"
ERR_LOGIN_ELSEWHERE = "登录名“{login}”已是其他单位的账户：{refusal}"
LOGIN_RE = re.compile(r"^[A-Za-z0-9_.@+-]{2,150}$")
PHONE_RE = re.compile(r"^[0-9][0-9 -]{5,19}$")


class OrganisationsKind(wb.WorkbookKind):
    key = "organisations"
    title = "组织机构"
    order = 10
    columns = [
        Column("单位全称", "全称，如“邵东市教育局”（不要只写“市教育局”）", True, 24),
        Column("简称", "在上下文清楚的地方显示，如“市教育局”", False, 14),
        Column(
            "类型", "省、市（州）、县市区、乡镇（街道）、直属责任单位、工作专班办公室、其他单位", True, 14
        ),
        Column("上级单位", "上级的全称或代码；省以外必填；本表中的上级须列在前面", False, 20),
        Column("代码", "选填：行政区划代码或统一社会信用代码；填写后再次导入按代码对应", False, 14),
        Column("排序", "选填：同级之间的显示顺序（数字小的在前）", False, 8),
    ]
    instructions = [
        "一行一个单位，按“市 → 县市区 → 乡镇（街道）、各部门、专班办公室”的顺序自上而下填写。",
        "再次导入按代码（未填代码时按“上级 + 单位全称”）对应已有单位并更新；表中未列出的单位不会删除。",
    ]
    examples = [
        ["青山市", "", "市（州）", "湖东省", "431100", 1],
        ["青山市重点民生实事工作专班办公室", "市专班办", "工作专班办公室", "青山市", "", 1],
        ["青山市教育局", "市教育局", "直属责任单位", "青山市", "", 10],
        ["甲县", "", "县市区", "青山市", "431121", 21],
        ["甲县城关镇", "城关镇", "乡镇（街道）", "甲县", "", 1],
        ["甲县教育局", "县教育局", "直属责任单位", "甲县", "", 30],
    ]

    def parse(self, rows, preview: Preview) -> None:
        index = OrgIndex()
        in_sheet: dict[str, tuple[int, int]] = {}  # name / short name → (row, position in records)
        all_names = {cell_text(v[0]): r for r, v in rows}
        seen: dict[tuple, int] = {}
        codes: dict[str, int] = {}
        records = []
        for r, v in rows:
            n_errors = len(preview.errors)
            name = wb.text(v[0], preview, r, "单位全称", required=True, max_len=100)
            short = wb.text(v[1], preview, r, "简称", max_len=50)
            kind = wb.choice(v[2], preview, r, "类型", KIND_OPTIONS)
            parent_name = wb.text(v[3], preview, r, "上级单位", max_len=100)
            code = wb.text(v[4], preview, r, "代码", max_len=30)
            order = wb.positive_int(v[5], preview, r, "排序", required=False) or 0
            parent_row = parent_id = None
            parent_kind = ""
            if parent_name:
                if parent_name in in_sheet:
                    parent_row = in_sheet[parent_name][1]
                    parent_kind = records[parent_row]["kind"]
                    parent_id = records[parent_row].get("id")
                elif parent_name in all_names and all_names[parent_name] > r:
                    preview.error(
                        r, "上级单位", ERR_PARENT_LATER.format(name=parent_name, row=all_names[parent_name])
                    )
                else:
                    parent, msg = index.find(parent_name)
                    if parent is None and not index.by_name.get(parent_name):
                        names = [*in_sheet, *(o.name for o in index.orgs)]
                        msg = ERR_UNKNOWN_UNIT.format(
                            name=parent_name, hint=wb.closest_hint(parent_name, names)
                        )
                    if parent is None:
                        preview.error(r, "上级单位", msg.strip())
                    elif refusal := import_scope_error(preview.actor, parent, what="其下属单位"):
                        preview.error(r, "上级单位", refusal)
                    else:
                        parent_id, parent_kind = parent.pk, parent.kind
            elif kind and kind != K.PROVINCE:
                preview.error(r, "上级单位", ERR_PARENT_REQUIRED.format(kind=K(kind).label))
            elif kind and preview.actor is not None and not has_full_scope(preview.actor):
                preview.error(r, "上级单位", ERR_IMPORT_TOP_LEVEL)
            if kind in PARENT_KINDS and parent_kind and parent_kind not in PARENT_KINDS[kind]:
                want = "或".join(K(k).label for k in PARENT_KINDS[kind])
                preview.error(r, "上级单位", ERR_PARENT_KIND.format(kind=K(kind).label, want=want, parent=parent_name,
                                                                 got=K(parent_kind).label))  # fmt: skip
            key = (name, parent_row if parent_row is not None else parent_id)
            if name and key in seen:
                preview.error(r, "单位全称", ERR_DUPLICATE_UNIT.format(name=name, first=seen[key]))
            seen.setdefault(key, r)
            if code:
                if code in codes:
                    preview.error(r, "代码", wb.ERR_DUPLICATE.format(value=code, first=codes[code]))
                codes.setdefault(code, r)
            existing = index.by_code.get(code) if code else None
            if existing is None and (parent_id is not None or (parent_row is None and not parent_name)):
                siblings = index.children.get(parent_id, [])
                existing = next((o for o in siblings if o.name == name), None)
                if existing is None and short:
                    # a unit stored under its short name before full names were asked for (市教育局 → 邵阳市教育局)
                    existing = next((o for o in siblings if o.name == short and not o.short_name), None)
            if code and existing is None and code in index.by_code:
                preview.error(r, "代码", ERR_CODE_TAKEN.format(code=code, other=index.by_code[code].name))
            if existing is not None and (refusal := import_scope_error(preview.actor, existing, what="或修改该单位")):
                preview.error(r, "代码" if code else "单位全称", refusal)
            rec = {"row": r, "name": name, "short": short, "kind": kind, "parent_row": parent_row,
                   "parent_id": parent_id, "code": code or None, "order": order}  # fmt: skip
            if existing is not None:
                rec["id"] = existing.pk
            records.append(rec)
            if len(preview.errors) == n_errors:
                in_sheet.setdefault(name, (r, len(records) - 1))
                if short:
                    in_sheet.setdefault(short, (r, len(records) - 1))
        if preview.errors:
            return
        self._check_names_in_city(records, index, preview)
        if preview.errors:
            return
        for rec in records:
            parent_label = (
                records[rec["parent_row"]]["name"]
                if rec["parent_row"] is not None
                else (index.by_id[rec["parent_id"]].name if rec["parent_id"] else "")
            )
            label = f"{rec['name']}（{K(rec['kind']).label}）"
            old = index.by_id.get(rec.get("id"))
            if old is None:
                preview.changes.append(wb.Change(wb.NEW, label, rec["row"]))
                continue
            new_parent_id = (
                records[rec["parent_row"]].get("id") if rec["parent_row"] is not None else rec["parent_id"]
            )
            old_parent = index.by_id[old.parent_id].name if old.parent_id in index.by_id else ""
            if old.parent_id == new_parent_id:
                old_parent = parent_label  # the same unit (perhaps renamed in this sheet)
            diff = wb.diff_fields([
                ("单位全称", old.name, rec["name"]), ("简称", old.short_name, rec["short"]),
                ("类型", K(old.kind).label, K(rec["kind"]).label), ("上级单位", old_parent, parent_label),
                ("代码", old.code, rec["code"]), ("排序", str(old.sort_order), str(rec["order"])),
            ])  # fmt: skip
            preview.changes.append(wb.Change(wb.CHANGED if diff else wb.UNCHANGED, label, rec["row"], diff))
        preview.plan = {"records": records}

    @staticmethod
    def _check_names_in_city(records: list[dict], index: OrgIndex, preview: Preview) -> None:
        """A full name is unique within its city (Organisation.clean says the same for one unit at a time)."""

        def scope_of_org(org: Organisation) -> tuple:
            top = org
            while org is not None:
                if org.kind == K.CITY:
                    return ("id", org.pk)
                top, org = org, index.by_id.get(org.parent_id)
            return ("id", top.pk)

        def scope_of(i: int) -> tuple:
            rec = records[i]
            while True:
                if rec["kind"] == K.CITY:
                    return ("id", rec["id"]) if "id" in rec else ("row", rec["row"])
                if rec["parent_row"] is not None:
                    rec = records[rec["parent_row"]]
                elif rec["parent_id"] is not None:
                    return scope_of_org(index.by_id[rec["parent_id"]])
                else:
                    return ("id", rec["id"]) if "id" in rec else ("row", rec["row"])

        def scope_name(key: tuple) -> str:
            if key[0] == "id":
                return index.by_id[key[1]].name
            return next(r["name"] for r in records if r["row"] == key[1])

        matched = {rec["id"] for rec in records if "id" in rec}
        taken = {
            (scope_of_org(o), o.name): o
            for o in index.orgs
            if o.pk not in matched and o.parent_id is not None
        }
        seen: dict[tuple, int] = {}
        for i, rec in enumerate(records):
            key = (scope_of(i), rec["name"])
            if key in seen:
                preview.error(rec["row"], "单位全称", ERR_NAME_IN_CITY_SHEET.format(
                    name=rec["name"], first=seen[key], scope=scope_name(key[0])))  # fmt: skip
            elif key in taken:
                other = taken[key]
                parent = index.by_id[other.parent_id].name if other.parent_id in index.by_id else "无"
                preview.error(rec["row"], "单位全称", ERR_NAME_TAKEN_IN_CITY.format(
                    name=rec["name"], scope=scope_name(key[0]), parent=parent))  # fmt: skip
            seen.setdefault(key, rec["row"])

    def commit(self, preview: Preview, *, actor) -> Result:
        made: list[Organisation] = []
        for rec in preview.plan["records"]:
            org = Organisation.objects.get(pk=rec["id"]) if "id" in rec else Organisation()
            parent_id = made[rec["parent_row"]].pk if rec["parent_row"] is not None else rec["parent_id"]
            org.name, org.short_name, org.kind, org.parent_id = (
                rec["name"],
                rec["short"],
                rec["kind"],
                parent_id,
            )
            org.code, org.sort_order = rec["code"], rec["order"]
            org.full_clean(validate_unique=False)
            org.save()
            made.append(org)
        c = preview.counts
        return Result(
            f"已导入组织机构：新增 {c[wb.NEW]} 个单位，修改 {c[wb.CHANGED]} 个，不变 {c[wb.UNCHANGED]} 个。",
            c,
        )


def initial_password() -> str:
    """A random first password meeting the complexity rule (lower, upper, digit, symbol; 12 characters), with no
    characters that read alike when printed."""
    pools = [
        "abcdefghjkmnpqrstuvwxyz",
        "ABCDEFGHJKLMNPQRSTUVWXYZ",
        "23456789",
        "#@%+",
    ]  # no l/1, O/0 on paper
    chars = [secrets.choice(p) for p in pools] + [
        secrets.choice("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(8)
    ]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


class UsersKind(wb.WorkbookKind):
    key = "users"
    title = "用户"
    order = 20
    columns = [
        Column("姓名", "", True, 10),
        Column("登录名", "字母、数字和 _ . @ + -；已存在的登录名即更新该用户", True, 16),
        Column("角色", "专班办公室、县市区专班、市直责任单位、观察员、人大代表", True, 14),
        Column(
            "所属单位",
            "单位全称或代码（须已在“组织机构”中）；专班办公室、县市区专班、市直责任单位必填",
            False,
            24,
        ),
        Column("联系电话", "", False, 14),
        Column("电子邮箱", "", False, 22),
    ]
    instructions = [
        "一行一个用户。县市区专班须属于县市区，市直责任单位须属于直属责任单位，专班办公室须属于专班办公室或市、县。",
        "新用户的初始密码由平台生成，导入后只显示一次（可打印），首次登录须修改密码。",
        "再次导入按登录名更新姓名、角色、单位和联系方式，不会改动已有用户的密码；表中未列出的用户不会删除。",
    ]
    examples = [
        [
            "王晓",
            "qs_office",
            "专班办公室",
            "青山市重点民生实事工作专班办公室",
            "0739-5550000",
            "office@example.cn",
        ],
        ["李明", "county_jia", "县市区专班", "甲县", "13800000000", ""],
        ["赵静", "dept_edu", "市直责任单位", "青山市教育局", "", ""],
    ]

    def parse(self, rows, preview: Preview) -> None:
        index = OrgIndex()
        existing = {
            u.username: u for u in User.objects.filter(username__in=[cell_text(v[1]) for _r, v in rows])
        }
        logins: dict[str, int] = {}
        records = []
        for r, v in rows:
            n_errors = len(preview.errors)
            name = wb.text(v[0], preview, r, "姓名", required=True, max_len=50)
            login = wb.text(v[1], preview, r, "登录名", required=True, max_len=150)
            if login and not LOGIN_RE.match(login):
                preview.error(r, "登录名", ERR_LOGIN.format(value=login[:30]))
            elif login in logins:
                preview.error(r, "登录名", wb.ERR_DUPLICATE.format(value=login, first=logins[login]))
            logins.setdefault(login, r)
            role = wb.choice(v[2], preview, r, "角色", ROLE_OPTIONS)
            org_name = wb.text(v[3], preview, r, "所属单位", max_len=100)
            org = None
            if org_name:
                org, msg = index.find(org_name)
                if org is None:
                    preview.error(r, "所属单位", msg)
                elif refusal := import_scope_error(preview.actor, org, what="该单位的用户"):
                    preview.error(r, "所属单位", refusal)
            elif role in ROLE_ORG_KINDS:
                preview.error(r, "所属单位", ERR_ROLE_NEEDS_ORG.format(role=Role(role).label))
            if org is not None and role in ROLE_ORG_KINDS and not self._fits(role, org, index):
                preview.error(r, "所属单位", ERR_ROLE_ORG.format(role=Role(role).label, want=ROLE_ORG_WORDS[role],
                                                               org=org.name, got=K(org.kind).label))  # fmt: skip
            phone = wb.text(v[4], preview, r, "联系电话", max_len=30)
            if phone and not PHONE_RE.match(phone):
                preview.error(r, "联系电话", ERR_PHONE.format(value=phone[:30]))
            email = wb.text(v[5], preview, r, "电子邮箱", max_len=254)
            if email:
                try:
                    validate_email(email)
                except ValidationError:
                    preview.error(r, "电子邮箱", ERR_EMAIL.format(value=email[:40]))
            old = existing.get(login)
            old_org = index.by_id.get(old.organisation_id) if old is not None else None
            if refusal := import_scope_error(preview.actor, old_org, what="或修改该单位的用户"):
                preview.error(r, "登录名", ERR_LOGIN_ELSEWHERE.format(login=login, refusal=refusal))
            if len(preview.errors) > n_errors:
                continue
            rec = {"row": r, "name": name, "login": login, "role": role, "org_id": org.pk if org else None,
                   "phone": phone, "email": email}  # fmt: skip
            label = f"{name}（{login}，{Role(role).label}）"
            if old is None:
                preview.changes.append(wb.Change(wb.NEW, label, r))
            else:
                old_org = index.by_id[old.organisation_id].name if old.organisation_id in index.by_id else ""
                diff = wb.diff_fields([
                    ("姓名", old.real_name, name), ("角色", old.get_role_display(), Role(role).label),
                    ("所属单位", old_org, org.name if org else ""), ("联系电话", old.phone, phone),
                    ("电子邮箱", old.email, email),
                ])  # fmt: skip
                if old.role == Role.ADMIN or old.is_superuser:
                    diff = []  # the administrator is never changed by a workbook
                preview.changes.append(wb.Change(wb.CHANGED if diff else wb.UNCHANGED, label, r, diff))
                rec["id"] = old.pk if diff else None
            records.append(rec)
        preview.plan = {"records": records}

    @staticmethod
    def _fits(role: str, org: Organisation, index: OrgIndex) -> bool:
        if org.kind in ROLE_ORG_KINDS[role]:
            return True
        if role == Role.COUNTY:  # an office or department inside a county acts for that county
            node = org
            while node is not None and node.kind in (K.DEPARTMENT, K.OFFICE, K.OTHER, K.TOWN):
                node = index.by_id.get(node.parent_id)
            return node is not None and node.kind == K.COUNTY
        return False

    def commit(self, preview: Preview, *, actor) -> Result:
        sheet = []
        orgs = {o.pk: o.name for o in Organisation.objects.filter(
            pk__in=[r["org_id"] for r in preview.plan["records"] if r["org_id"]]).only("name")}  # fmt: skip
        for rec in preview.plan["records"]:
            if "id" in rec and rec["id"] is None:
                continue  # unchanged
            if rec["org_id"]:
                check_assignable(actor, Organisation.objects.get(pk=rec["org_id"]), who=f"第 {rec['row']} 行")
            user = User.objects.get(pk=rec["id"]) if rec.get("id") else User(username=rec["login"])
            user.real_name, user.role, user.organisation_id = rec["name"], rec["role"], rec["org_id"]
            user.phone, user.email = rec["phone"], rec["email"]
            if user.pk is None:
                password = initial_password()
                user.set_password(password)
                user.must_change_password = True
                sheet.append({"姓名": rec["name"], "登录名": rec["login"], "角色": Role(rec["role"]).label,
                              "所属单位": orgs.get(rec["org_id"], ""), "初始密码": password})  # fmt: skip
            user.full_clean(exclude=["password"])
            user.save()
        if any(r["role"] == Role.OFFICE for r in preview.plan["records"]):
            # A new office runs its own level's scheduled work from now on (its entries start from the level above's).
            from minsheng.common.schedules import schedule_sync

            transaction.on_commit(schedule_sync)
        c = preview.counts
        return Result(
            f"已导入用户：新增 {c[wb.NEW]} 人，修改 {c[wb.CHANGED]} 人，不变 {c[wb.UNCHANGED]} 人。"
            + ("新用户的初始密码见下表，只显示这一次。" if sheet else ""),
            c,
            sheet or None,
        )


def register() -> None:
    """Called from AccountsConfig.ready()."""
    wb.register_kind(OrganisationsKind())
    wb.register_kind(UsersKind())
