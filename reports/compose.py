"""The words of a 通报, written from a snapshot only (pure functions: same snapshot, same text).

Sentences follow seed 003 (邵阳市 1-9 月通报): per-level counts naming every item behind, and an annex
row per project whose 进展情况 is written from the figures, e.g. "完成检查 95456 人，完成进度 100.64%，
12 个县市区均已完成全年目标任务。"
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings

DONE = "已完成全年目标任务"
ON_TRACK = "按序时推进"
BEHIND = "未达序时"

CN_DIGITS = "零一二三四五六七八九"
CN_ORDINALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
EDITABLE_SECTIONS = ("intro", "measures", "highlights", "problems", "plans")
# Printed fields the office may set or override before issue (sections keys; empty = the default).
EXTRA_FIELDS = (
    "progress", "addressee", "copy_to", "signature", "authority", "printed_by", "masthead", "copy_no",
    "secrecy", "urgency",
)
EXTRA_LABELS = {
    "progress": "一、工作推进情况",
    "addressee": "主送",
    "copy_to": "抄送",
    "signature": "署名",
    "authority": "代章单位",
    "printed_by": "印发机关",
    "masthead": "发文机关标志",
    "copy_no": "份号",
    "secrecy": "密级和保密期限",
    "urgency": "紧急程度",
}
SECTION_LABELS = {
    "intro": "导语",
    "measures": "二、主要工作举措",
    "highlights": "三、特色亮点",
    "problems": "四、存在问题",
    "plans": "五、工作打算",
}


LETTER_LABELS = {"facts": "事实", "requirement": "工作要求"}
NEWSLETTER_LABELS = {
    "masthead": "报头",
    "issuer": "编印单位",
    "report_to": "报送",
    "send_to": "发送",
    "phone": "联系电话",
    "mailbox": "电子邮箱",
}
# Every field an edit form may show, in Chinese (no internal key ever reaches the page).
FIELD_LABELS = {**SECTION_LABELS, **EXTRA_LABELS, **LETTER_LABELS, **NEWSLETTER_LABELS}
SINGLE_LINE = frozenset(
    {"copy_no", "secrecy", "urgency", "addressee", "copy_to", "signature", "authority", "printed_by",
     "issuer", "report_to", "send_to", "phone", "mailbox"}
)
# The 通报's edit form in the order of the printed document.
BULLETIN_FORM = (
    "copy_no", "secrecy", "urgency", "addressee", "intro", "progress", "measures", "highlights", "problems",
    "plans", "copy_to", "signature", "authority", "printed_by",
)
LETTER_FORM_EXTRA = ("copy_no", "secrecy", "urgency", "addressee")
LETTER_FORM_TAIL = ("signature", "copy_to")


def date_text(d: date) -> str:
    """2024年10月9日 (GB/T 9704: Arabic numerals, no leading zeros)."""
    return f"{d.year}年{d.month}月{d.day}日"


def cn_number(n: int) -> str:
    """1..99 in Chinese numerals (十, 十二, 二十四)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CN_DIGITS[tens]
    return f"{head}十{CN_DIGITS[ones] if ones else ''}"


def count_word(n: int) -> str:
    """A count before a measure word: 两大, 十大 (never 二大)."""
    return "两" if n == 2 else cn_number(n)


def cn_ordinal(i: int) -> str:
    """（一）（二）… numbering for the i-th (1-based) sub-item."""
    return f"（{cn_number(i)}）"


def circled(n: int) -> str:
    """①…⑳ ㉑…㉟ ㊱…㊿, then (n)."""
    if 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if 21 <= n <= 35:
        return chr(0x3251 + n - 21)
    if 36 <= n <= 50:
        return chr(0x32B1 + n - 36)
    return f"({n})"


def title_for(snapshot: dict) -> str:
    """关于全市 1-9 月实施民生可感行动工作推进情况的通报 (pattern configurable in settings)."""
    pattern = getattr(settings, "REPORTS", {}).get(
        "BULLETIN_TITLE", "关于{area} 1-{month} 月实施{programme}工作推进情况的通报"
    )
    return pattern.format(
        area=_area(snapshot), month=snapshot["month"], programme=snapshot["programme"]["name"]
    )


def _whole(snapshot: dict) -> str:
    """全市, or 全县 / 全区 for a county-level government's own programme (older snapshots: 全市)."""
    return snapshot["scope"].get("whole") or "全市"


def _units(snapshot: dict) -> str:
    """What the rows of the programme are: 县市区 for a city's, 单位 for a county-level government's own."""
    return snapshot["scope"].get("units") or "县市区"


def _area(snapshot: dict) -> str:
    return _whole(snapshot) if snapshot["scope"]["is_city"] else snapshot["scope"]["name"]


def _addressed(snapshot: dict) -> str:
    """Whom the programme's office writes to: 县市区和市直 (a city's), 乡镇（街道）和市直 / 县直 (a county's own)."""
    if _units(snapshot) == "县市区":
        return "县市区和市直"
    return f"乡镇（街道）和{snapshot['scope'].get('org_suffix') or '县'}直"


def addressee_line(snapshot: dict) -> str:
    if snapshot["scope"]["is_city"] and _units(snapshot) == "县市区":
        return "各县市区工作专班，市直责任单位："
    suffix = snapshot["scope"].get("org_suffix") if snapshot["scope"]["is_city"] else "县"
    return f"各乡镇（街道）、{suffix or '县'}直有关责任单位："


def _pct(rate: str | None) -> str:
    return f"{rate}%" if rate is not None else "—"


def _join(names: list[str]) -> str:
    return "、".join(names)


def q(name: str) -> str:
    """“name”, with quotes inside turned into ‘ ’ as official documents nest them."""
    return "“" + name.replace("“", "‘").replace("”", "’") + "”"


def _quantity(ind: dict) -> str:
    value = ind["value"]
    if ind["kind"] in ("percent", "deadline"):
        label = ind["name"] if "进度" in ind["name"] else f"{ind['name']}形象进度"
        return f"{label} {value}%"
    return f"{ind['name']} {value} {ind['unit']}".rstrip()


def indicator_sentence(
    ind: dict, *, is_city: bool, level_label: str = "", whole: str = "全市", units: str = "县市区"
) -> str:
    """One indicator's 进展情况 clause(s), ending with 。"""
    if ind.get("tracked_by"):
        return f"此指标纳入{ind['tracked_by']['level']}重点民生实事统一调度。"
    cells = ind["cells"]
    if ind["value"] is None:
        return f"{ind['name']}暂未报送。"
    if ind["kind"] == "standard":
        done = [c for c in cells if c["status"] == DONE]
        std = ind["target_text"] or ind["name"]
        name = ind["name"]
        if is_city and len(done) == len(cells):
            return f"{name}：{whole} {len(cells)} 个{units}均已落实{q(std)}。"
        if is_city:
            lag = [c["county"] for c in cells if c["status"] != DONE]
            return f"{name}：{len(done)} 个{units}已落实{q(std)}，{_join(lag)}尚未落实。"
        return f"{name}已落实{q(std)}。" if ind["status"] == DONE else f"{name}尚未落实{q(std)}。"
    prefix = whole if is_city else ""
    head = f"{prefix}{_quantity(ind)}"
    per_unit = is_city and ind["kind"] in ("percent", "deadline") and len(cells) > 1
    if per_unit:
        # No average under the indicator's name: each unit's own progress, units with the same grouped.
        values = {c.get("value") for c in cells}
        if len(values) == 1 and None not in values:
            head = f"{ind['name']}：{whole} {len(cells)} 个单位进度均为 {cells[0]['value']}%，"
        else:
            head = f"{ind['name']}：{whole} {len(cells)} 个单位中，{unit_progress(cells)}。"
    elif ind["kind"] in ("percent", "deadline"):
        head += "，"
    else:
        head += f"，完成进度 {_pct(ind['rate'])}，"
    if not is_city:
        return head + f"{ind['status']}。"
    done = [c for c in cells if c["status"] == DONE]
    behind = [c for c in cells if c["status"] == BEHIND]
    if cells and len(done) == len(cells):
        many = f"{len(cells)} 个县市区均" if len(cells) > 1 else f"{cells[0]['county']}"
        return head + f"{many}已完成全年目标任务。"
    if not behind:
        return head + f"{'已完成全年目标任务' if ind['status'] == DONE else '整体按序时推进'}。"
    if ind["status"] == BEHIND:
        zero = [c for c in behind if c["value"] is not None and Decimal(c["value"]) == 0]
        lag = [c for c in behind if c not in zero]
        parts = []
        if done:
            parts.append(f"{_join([c['county'] for c in done])}已完成全年目标任务")
        if lag:
            count = f" {len(lag)} 个县市区" if len(lag) > 1 else ""
            rates = "、".join(_pct(c["rate"]) for c in lag)
            parts.append(
                f"{_join([c['county'] for c in lag])}{count}未达序时，进度{'分别' if len(lag) > 1 else ''}为 {rates}"
            )
        if zero:
            parts.append(f"{_join([c['county'] for c in zero])}暂未形成实际工作量")
        if per_unit and head.endswith("。"):
            return head + "整体未达序时。其中，" + "；".join(parts) + "。"
        return head.rstrip("，") + "，未达序时。其中，" + "；".join(parts) + "。"
    parts = [f"{c['county']}未达序时，进度为 {_pct(c['rate'])}" for c in behind]
    return head + "其中，" + "；".join(parts) + "。"


def unit_progress(cells: list[dict]) -> str:
    """市本级进度 60%；大祥区、双清区进度 90%; a unit without a figure is named as not reported."""
    groups: dict[str, list[str]] = {}
    for c in cells:
        key = f"进度 {c['value']}%" if c.get("value") is not None else "暂未报送"
        groups.setdefault(key, []).append(c["county"])
    return "；".join(f"{_join(names)}{what}" for what, names in groups.items())


def _combined(project: dict) -> str | None:
    """Several progress-percentage indicators all at one figure in every unit, in one sentence as seed 003
    writes ⑱: "“a”“b” 2 个指标进度均为 75%，整体按序时推进。" (None when they differ)."""
    inds = project["indicators"]
    if len(inds) < 2 or any(i["kind"] not in ("percent", "deadline") or i.get("tracked_by") for i in inds):
        return None
    values = {c.get("value") for i in inds for c in i["cells"]} | {i["value"] for i in inds}
    statuses = {i["status"] for i in inds}
    if len(values) != 1 or None in values or len(statuses) != 1 or BEHIND in statuses:
        return None
    status = "已完成全年目标任务" if DONE in statuses else "整体按序时推进"
    return f"{''.join(q(i['name']) for i in inds)} {len(inds)} 个指标进度均为 {values.pop()}%，{status}。"


def project_sentence(
    project: dict, *, is_city: bool, level_label: str = "", whole: str = "全市", units: str = "县市区"
) -> str:
    """The annex 进展情况 of one project: its indicators' sentences in order (combined when they agree)."""
    combined = _combined(project) if is_city else None
    if combined:
        return combined
    return "".join(
        indicator_sentence(ind, is_city=is_city, level_label=level_label, whole=whole, units=units)
        for ind in project["indicators"]
    )


def annex_key(level: dict, project: dict) -> str:
    """The sections key of one annex row's 进展情况 when the office edits it: annex:province-3."""
    return f"annex:{level['level']}-{project['no']}"


def area_words(snapshot: dict) -> dict:
    """The words for the programme's whole area and its rows, for annex_rows (全市 / 县市区 by default)."""
    return {"whole": _whole(snapshot), "units": _units(snapshot)}


def annex_rows(
    level: dict,
    *,
    is_city: bool,
    sections: dict | None = None,
    whole: str = "全市",
    units: str = "县市区",
) -> list[dict]:
    """Rows of one annex table: a matter spans its projects' rows (rowspan on the first); a row's
    进展情况 the office edited (sections["annex:<level>-<no>"]) replaces the generated sentence."""
    sections = sections or {}
    rows = []
    for m_index, matter in enumerate(level["matters"], 1):
        for p_index, project in enumerate(matter["projects"]):
            rows.append(
                {
                    "matter_no": m_index,
                    "matter": matter["name"],
                    "rowspan": len(matter["projects"]) if p_index == 0 else 0,
                    "project_no": circled(project["no"]),
                    "project": project["name"],
                    "progress": sections.get(annex_key(level, project))
                    or project_sentence(
                        project, is_city=is_city, level_label=level["label"], whole=whole, units=units
                    ),
                    "key": annex_key(level, project),
                }
            )
    return rows


def _behind_names(level: dict) -> str:
    names = []
    for b in level["behind"]:
        if b["single"] and level["unit"] != "project":
            names.append(q(b["project"]))
        else:
            names.append(f"{q(b['project'])}中的{q(b['indicator'])}")
    return _join(names)


def count_rules_text(level: dict) -> str:
    """汇总规则 of a level when indicators carry counting options (empty when none do)."""
    rules = level.get("count_rules") or {}
    parts = []
    if rules.get("continuing"):
        parts.append(f"{_join(rules['continuing'])}为持续性指标，年底前按序时推进计")
    if rules.get("counted_as_tracked"):
        parts.append(f"纳入其他层级统一调度的 {len(rules['counted_as_tracked'])} 个指标按统一调度口径计为按序时推进")
    return f"（汇总规则：{'；'.join(parts)}。）" if parts else ""


def progress_paragraphs(snapshot: dict) -> list[dict]:
    """一、工作推进情况: one paragraph per level, with heading, naming the items behind."""
    out = []
    month = snapshot["month"]
    is_city = snapshot["scope"]["is_city"]
    for i, level in enumerate(snapshot["levels"], 1):
        c, u = level["counts"], level["unit_label"]
        if is_city:
            lead = f"{_whole(snapshot)}{level['label']}{count_word(level['matter_count'])}大重点民生实事"
        else:
            lead = f"{snapshot['scope']['name']}承担的{level['label']}重点民生实事"
        parts = [f"{c['done']} 个{u}已完成全年目标任务", f"{c['on_track']} 个{u}按序时推进"]
        behind_names = _behind_names(level)
        if level["unit"] == "project":
            if c["behind"]:
                parts.append(f"{c['behind']} 个{u}未达序时")
            text = f"截至 {month} 月底，{lead} {c['total']} 个{u}中，" + "，".join(parts)
            if behind_names:
                text += f"，其中，{behind_names}指标未达序时"
        else:
            if behind_names:
                parts.append(f"{behind_names}{len(level['behind'])} 个{u}未达序时")
            elif c["behind"]:
                parts.append(f"{c['behind']} 个{u}未达序时")
            text = f"截至 {month} 月底，{lead} {c['total']} 个{u}中，" + "，".join(parts)
        if c["not_reported"]:
            text += f"，{c['not_reported']} 个{u}未报送"
        text += "。" + count_rules_text(level)
        text += f"（详情见附件 {level['annex_no']}）"
        out.append({"heading": f"{cn_ordinal(i)}{level['label']}重点民生实事。", "text": text})
    return out


def default_intro(snapshot: dict) -> str:
    org = snapshot["programme"]["organisation"] if snapshot["scope"]["is_city"] else snapshot["scope"]["name"]
    return (
        f"1-{snapshot['month']} 月，{org}深入贯彻落实省委、省政府决策部署，紧盯年度目标任务，"
        "用心用情办好省市重点民生实事。现将有关情况通报如下："
    )


def default_measures(snapshot: dict, *, bulletins_issued: int = 0) -> str:
    """二、主要工作举措, pre-filled with the facts the system knows (letters, bulletins, opinions with their reply
    time and the units past the deadline, what the units published, observers)."""
    letters = snapshot.get("letters") or {}
    ops = snapshot.get("opinions") or {}
    obs = snapshot.get("observers")
    lines = [
        "（一）领导高度重视，协调联动统筹有力有序。严格落实“月通报、季讲评”工作制度，狠抓项目推进落实和群众可感可及。"
        f"截至目前，共印发工作通报 {bulletins_issued} 期；针对推进相对滞后项目，"
        f"向{_addressed(snapshot)}有关责任单位发送温馨提示函、工作提示函 {letters.get('total', 0)} 个。",
        "（二）强化工作举措，项目建设推进见行见效。通过实地察看、调阅资料、明察暗访、随机问询等方式开展调研督导，"
        "专题调度指导严格对照验收标准上传、审核佐证材料，据实核减数据。",
    ]
    third = "（三）抓好宣传发动，特色亮点培塑有声有色。紧盯“一码一平台”宣传、使用、见效，及时回应群众关切。"
    if ops.get("received"):
        third += f"{_whole(snapshot)}吸纳群众意见建议 {ops['received']} 条，意见建议处理率 {ops['rate']}%"
        third += f"，平均答复用时 {ops['avg_days']} 天。" if ops.get("avg_days") else "。"
        if ops.get("overdue"):
            units = "、".join(f"{u['unit']} {u['n']} 条" for u in ops.get("overdue_units") or [])
            third += f"逾期未答复 {ops['overdue']} 条（{units}），请相关单位抓紧答复。"
    pub = snapshot.get("published") or {}
    published = [
        f"{label} {pub[key]} {unit}"
        for key, label, unit in (("policy", "政策文件", "个"), ("local", "本地化更新", "条"), ("news", "工作动态", "条"))
        if pub.get(key)
    ]
    if published:
        third += f"各责任单位在项目页面发布{'、'.join(published)}。"
    if obs and obs.get("observers"):
        third += (
            f"{obs['observers']} 名民生实事观察员报送观察信息 {obs.get('information_items', 0)} 条，"
            f"发现问题 {obs.get('problems', 0)} 个，以提示函、交办函交办 {obs.get('hand_offs', 0)} 个，"
            f"已整改办结 {obs.get('rectified', 0)} 个。"
        )
    lines.append(third)
    return "\n".join(lines)


def default_highlights(snapshot: dict) -> str:
    done = []
    for level in snapshot["levels"]:
        for m in level["matters"]:
            for p in m["projects"]:
                if p["indicators"] and all(
                    i["status"] == DONE and not i.get("tracked_by") for i in p["indicators"]
                ):
                    done.append(q(p["name"]))
    text = ""
    if done:
        text = f"截至 {snapshot['month']} 月底，{_join(done)}等 {len(done)} 个项目已提前完成全年目标任务。"
    return text + "\n（请在此补充各地各部门的特色做法和典型经验。）"


def default_problems(snapshot: dict) -> str:
    """四、存在问题 from the data: 核减/环比下降, evidence-vs-progress gaps, items behind, disclosure scores."""
    items = []
    falls = snapshot.get("falls") or []
    if falls:
        parts = []
        for f in falls:
            reason = f["reason"].rstrip("。") if f["reason"] else "进度核减"
            unit = f["unit"] if f["unit"] != "%" else "%"
            now = f"{f['rate']}%" if f.get("rate") and unit != "%" else f"{f['value']}%"
            who = "" if f["city_self"] or reason.startswith(f["county"]) else f["county"]
            parts.append(f"{who}{reason}，目前进度为 {now}")
        both = "两者" if len(falls) == 2 else f"{len(falls)} 项"
        tail = "，未达序时推进要求" if all(f["status"] == BEHIND for f in falls) else ""
        items.append(
            (
                "个别项目进度核减。",
                "；".join(parts) + f"，{both if len(falls) > 1 else ''}进度均环比下降{tail}。",
            )
        )
    behind_rows = []
    for level in snapshot["levels"]:
        if "behind_rows" in level:  # progress.selectors.behind_rows, as stored in the snapshot
            behind_rows += [
                f"{b['unit']}{q(b['indicator'])}（{_pct(b['rate'])}）"
                for b in level["behind_rows"]
                if b["scope"] != "city"
            ]
            continue
        for m in level["matters"]:
            for p in m["projects"]:
                for ind in p["indicators"]:
                    for c in ind["cells"]:
                        if c["status"] == BEHIND:
                            behind_rows.append(f"{c['county']}{q(ind['name'])}（{_pct(c['rate'])}）")
    if behind_rows:
        items.append(("部分项目未达序时。", f"{_join(behind_rows)}未达序时进度要求。"))
    gaps = snapshot.get("gaps") or []
    if gaps:
        by_lead: dict[str, list[str]] = {}
        for g in gaps:
            by_lead.setdefault(g["lead"] or g["county"], []).append(q(g["project"]))
        text = "项目验收的佐证资料和项目进度不匹配（差距超过 10 个百分点）。如，" + "；".join(
            f"{lead}负责的{_join(sorted(set(ps)))}" for lead, ps in by_lead.items()
        )
        items.append(("佐证材料与进度不匹配。", text + "。"))
    disclosure = snapshot.get("disclosure") or []
    if disclosure and snapshot["scope"]["is_city"]:
        top = Decimal(disclosure[0]["max"] or "6")
        full = [d["county"] for d in disclosure if Decimal(d["score"]) >= top]
        good = [d for d in disclosure if top * 2 / 3 <= Decimal(d["score"]) < top]
        poor = [d for d in disclosure if Decimal(d["score"]) < top * 2 / 3]
        text = f"信息公开指标分值为 {fmt(top)} 分。截至目前，"
        parts = []
        if full:
            parts.append(f"{_join(full)}完成情况好，已得满分")
        if good:
            parts.append(_join([f"{d['county']}（{d['score']} 分）" for d in good]) + "完成情况较好")
        if poor:
            parts.append(_join([f"{d['county']}（{d['score']} 分）" for d in poor]) + "完成较差")
        items.append(("信息公开存在短板。", text + "；".join(parts) + "。"))
    if not items:
        return "（暂无系统识别的问题，请补充。）"
    return "\n".join(f"{cn_ordinal(i)}{head}{body}" for i, (head, body) in enumerate(items, 1))


def fmt(value: Decimal) -> str:
    return f"{value.normalize():f}"


DEFAULT_PLANS = (
    "一是强化组织领导，盯紧看牢工作进度。严格落实“一把手”责任制，确保每件实事、每项指标都有专人抓专人管；"
    "对推进滞缓项目倒排工期、挂图作战，确保项目如期完成。\n"
    "二是强化协调联动，用心用情凝聚合力。坚持专班调度与部门负责有机结合，压实项目主体责任和属地责任，凝聚工作合力。\n"
    "三是强化项目管理，抓实抓细进度验收。对照“佐证材料与进度相符、佐证材料与验收标准相符”标准，"
    "及时上传、核验佐证资料，确保项目推进进度和项目验收率差距不超过 10 个百分点。\n"
    "四是强化宣传推介，大力营造良好氛围。用好用活“一码一平台”，加快补齐信息公开短板弱项，及时回应群众关切。"
)


def progress_text(snapshot: dict) -> str:
    """一、工作推进情况 as editable text: one paragraph a line, "（一）…" leads kept."""
    return "\n".join(f"{p['heading']}{p['text']}" for p in progress_paragraphs(snapshot))


def annex_defaults(snapshot: dict) -> dict:
    """Each annex row's generated 进展情况, by sections key, with its form label."""
    is_city = snapshot["scope"]["is_city"]
    out = {}
    for level in snapshot["levels"]:
        for row in annex_rows(level, is_city=is_city, **area_words(snapshot)):
            label = f"附件 {level['annex_no']} {row['project_no']}{row['project']}：进展情况"
            out[row["key"]] = (label, row["progress"])
    return out


def printed_defaults(snapshot: dict) -> dict:
    """What the 通报 prints for the fields the office may override, when it has not."""
    prog = snapshot["programme"]
    return {
        **{k: text for k, (_label, text) in annex_defaults(snapshot).items()},
        "addressee": addressee_line(snapshot),
        "progress": progress_text(snapshot),
        "copy_to": getattr(settings, "REPORTS", {}).get("BULLETIN_COPY_TO", "市重点民生实事工作专班成员单位"),
        "signature": prog["office"],
        "authority": prog.get("authority") or "",
        "printed_by": prog["office"],
    }


def default_sections(snapshot: dict, *, bulletins_issued: int = 0) -> dict:
    """Every editable section pre-filled from the snapshot."""
    return {
        "intro": default_intro(snapshot),
        "measures": default_measures(snapshot, bulletins_issued=bulletins_issued),
        "highlights": default_highlights(snapshot),
        "problems": default_problems(snapshot),
        "plans": DEFAULT_PLANS,
    }
