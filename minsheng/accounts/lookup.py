"""Finding organisations by the names people type in a workbook: full name or short name, nearest the context first,
with the closest known name suggested when nothing matches."""

from __future__ import annotations

from collections import defaultdict

from minsheng.common.workbook import closest_hint

from .models import Organisation

ERR_UNKNOWN_UNIT = "单位“{name}”不存在。{hint}"
ERR_AMBIGUOUS_UNIT = "有 {n} 个单位名为“{name}”（上级分别为 {parents}），请写全称或代码。"
ERR_UNIT_KIND = "“{name}”是{got}，此处应为{want}。"

REGION_KINDS = (Organisation.Kind.PROVINCE, Organisation.Kind.CITY, Organisation.Kind.COUNTY)


class OrgIndex:
    """Every organisation loaded once (the tree is a few thousand rows at most), looked up by name in memory."""

    def __init__(self) -> None:
        self.orgs = list(
            Organisation.objects.order_by("sort_order", "id").only(
                "id", "name", "short_name", "kind", "parent_id", "code", "sort_order", "path"
            )
        )
        self.by_id = {o.pk: o for o in self.orgs}
        self.by_name: dict[str, list[Organisation]] = defaultdict(list)
        self.by_code = {o.code: o for o in self.orgs if o.code}
        self.children: dict[int | None, list[Organisation]] = defaultdict(list)
        for o in self.orgs:
            self.by_name[o.name].append(o)
            if o.short_name and o.short_name != o.name:
                self.by_name[o.short_name].append(o)
            self.children[o.parent_id].append(o)

    def subtree(self, root_id: int | None) -> list[Organisation]:
        """The root and everything below it."""
        if root_id is None or root_id not in self.by_id:
            return []
        out, todo = [], [self.by_id[root_id]]
        while todo:
            node = todo.pop()
            out.append(node)
            todo.extend(self.children.get(node.pk, []))
        return sorted(out, key=lambda o: (o.sort_order, o.pk))

    def _depth_below(self, org: Organisation, root_id: int) -> int | None:
        """How many steps below root_id the unit is (0: the root itself), or None when outside it."""
        depth, node = 0, org
        while node is not None:
            if node.pk == root_id:
                return depth
            node = self.by_id.get(node.parent_id)
            depth += 1
        return None

    def counties_of(self, root_id: int) -> list[Organisation]:
        """The county-level units of a region (itself when it is a county)."""
        return [o for o in self.subtree(root_id) if o.kind == Organisation.Kind.COUNTY]

    def find(
        self, name: str, *, within: int | None = None, kinds: tuple[str, ...] | None = None
    ) -> tuple[Organisation | None, str]:
        """(the unit, "") or (None, a Chinese message): by code, full or short name; inside `within` first."""
        if name in self.by_code and (kinds is None or self.by_code[name].kind in kinds):
            return self.by_code[name], ""
        found = [o for o in self.by_name.get(name, []) if kinds is None or o.kind in kinds]
        found = list(dict.fromkeys(found))
        if within is not None and len(found) > 1:
            # nearest to the context first: 邵阳市's own 市教育局 before the one under its county 邵东市
            depth = {o.pk: d for o in found if (d := self._depth_below(o, within)) is not None}
            if depth:
                best = min(depth.values())
                found = [o for o in found if depth.get(o.pk) == best]
        if len(found) == 1:
            return found[0], ""
        if len(found) > 1:
            parents = "、".join(
                self.by_id[o.parent_id].name if o.parent_id in self.by_id else "无" for o in found
            )
            return None, ERR_AMBIGUOUS_UNIT.format(n=len(found), name=name, parents=parents)
        pool = self.subtree(within) if within is not None else self.orgs
        pool = [o for o in pool if kinds is None or o.kind in kinds] or self.orgs
        names = [n for o in pool for n in (o.name, o.short_name) if n]
        return None, ERR_UNKNOWN_UNIT.format(name=name, hint=closest_hint(name, names)).strip()
