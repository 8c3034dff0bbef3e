"""Users, the organisation tree and roles. A user's data scope comes from their organisation."""

from __future__ import annotations

from re import compile as re_compile

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Cast, Concat, Substr
from simple_history.models import HistoricalRecords


class OrganisationQuerySet(models.QuerySet):
    def subtree_of(self, root: Organisation) -> OrganisationQuerySet:
        """The root and every unit below it (one indexed prefix match on the materialised path)."""
        return self.filter(path__startswith=root.path)


class OrganisationManager(models.Manager.from_queryset(OrganisationQuerySet)):
    def rebuild_paths(self) -> int:
        """Recompute every path from the parent links (after bulk_create or raw loads): two queries per level of the tree."""
        own_id = Cast(models.F("id"), models.CharField())
        level = self.filter(parent__isnull=True)
        updated = level.update(path=Concat(Value("/"), own_id, Value("/")))
        ids = list(level.values_list("pk", flat=True))
        while ids:
            parent_path = self.filter(pk=models.OuterRef("parent_id")).values("path")[:1]
            level = self.filter(parent_id__in=ids)
            updated += level.update(path=Concat(models.Subquery(parent_path), own_id, Value("/")))
            ids = list(level.values_list("pk", flat=True))
        return updated

ERR_NAME_TAKEN_IN_CITY = (
    "{scope}已有名为“{name}”的单位（上级：{parent}）。同一城市内单位全称不能重复：请写全称，如“邵东市教育局”，"
    "简称“市教育局”填在简称栏。"
)


class Organisation(models.Model):
    """A unit in the tree: province > city > county-level > town, plus departments and 专班 offices."""

    class Kind(models.TextChoices):
        PROVINCE = "province", "省"
        CITY = "city", "市（州）"
        COUNTY = "county", "县市区"
        TOWN = "town", "乡镇（街道）"
        DEPARTMENT = "department", "直属责任单位"
        OFFICE = "office", "工作专班办公室"
        OTHER = "other", "其他单位"

    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称", max_length=50, blank=True)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    code = models.CharField("行政区划/单位代码", max_length=30, null=True, blank=True, unique=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    public_phone = models.CharField(
        "对外联系电话",
        max_length=30,
        blank=True,
        db_default="",  # rows written by code from before this column (a rolling deploy) get "" too
        help_text="群众咨询、监督用的办公电话，显示在项目公开页；不要填个人手机",
    )
    is_active = models.BooleanField("启用", default=True)
    is_demo = models.BooleanField("演示数据", default=False)
    # "/<root id>/…/<own id>/": the subtree of X is every row whose path starts with X.path, one indexed
    # prefix match (no recursion, a constant number of queries). Written by save(); see rebuild_paths().
    path = models.CharField(
        "层级路径",
        max_length=255,
        blank=True,
        default="",
        db_default="",  # rows written by code from before this column (a rolling deploy) get "" too
        editable=False,
    )

    objects = OrganisationManager()

    class Meta:
        verbose_name = "组织"
        verbose_name_plural = "组织"
        ordering = ["kind", "sort_order", "id"]
        indexes = [models.Index(fields=["path"], name="org_path_prefix", opclasses=["varchar_pattern_ops"])]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="org_unique_name_under_parent"),
            models.CheckConstraint(
                condition=Q(kind="province") | Q(parent__isnull=False),
                name="org_parent_required_below_province",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        """Keep the materialised path right, for this row and (when it moved) every row below it."""
        super().save(*args, **kwargs)
        parent_path = ""
        if self.parent_id:
            parent_path = (
                Organisation.objects.filter(pk=self.parent_id).values_list("path", flat=True).first() or ""
            )
        new = f"{parent_path or '/'}{self.pk}/"
        old = self.path  # as loaded (or "" for a new row)
        if old != new:
            if old:
                # A move: rewrite the prefix of the whole subtree in one statement.
                Organisation.objects.filter(path__startswith=old).update(
                    path=Concat(Value(new), Substr("path", len(old) + 1))
                )
            else:
                Organisation.objects.filter(pk=self.pk).update(path=new)
        self.path = new

    def is_within(self, root: Organisation) -> bool:
        """This unit is the root or below it."""
        return bool(root.path) and self.path.startswith(root.path)

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def name_scope(self) -> Organisation | None:
        """Where a full name must be unique: the city (市州) the unit belongs to, itself for a city; for units above
        any city (a province and its departments) the topmost ancestor."""
        node, top = self, self
        while node is not None:
            if node.kind == self.Kind.CITY:
                return node
            top = node
            node = node.parent
        return top if top.pk else None

    def clean(self) -> None:
        """A full name says which unit it is within its city: 邵东市教育局, not a second 市教育局."""
        super().clean()
        if not self.name:
            return
        scope = self.name_scope()
        for other in Organisation.objects.filter(name=self.name).exclude(pk=self.pk).select_related("parent"):
            if scope is not None and other.name_scope() == scope:
                raise ValidationError({"name": ERR_NAME_TAKEN_IN_CITY.format(
                    name=self.name, scope=scope.name, parent=other.parent.name if other.parent else "无")})  # fmt: skip

    def ancestors(self) -> list[Organisation]:
        """The chain of parents, nearest first (a handful of rows: the tree is shallow)."""
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    @property
    def region(self) -> Organisation:
        """The administrative area this unit belongs to (itself for province/city/county/town)."""
        node = self
        while node.kind in (self.Kind.DEPARTMENT, self.Kind.OFFICE, self.Kind.OTHER) and node.parent:
            node = node.parent
        return node


class Role(models.TextChoices):
    OFFICE = "office", "专班办公室"
    COUNTY = "county", "县市区专班"
    DEPARTMENT = "department", "市直责任单位"
    OBSERVER = "observer", "观察员"
    DEPUTY = "deputy", "人大代表"
    ADMIN = "admin", "系统管理员"


class User(AbstractUser):
    """A signed-in person. Citizens use the public pages and have no account."""

    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.OFFICE)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="所属单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    real_name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    is_demo = models.BooleanField("演示账户", default=False)
    must_change_password = models.BooleanField(
        "首次登录须修改密码",
        default=False,
        db_default=False,  # rows written by code from before this column (a rolling deploy) get False too
        help_text="导入时生成初始密码的账户，修改密码前只能打开修改密码页",
    )

    objects = UserManager()

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.real_name or self.username

    def save(self, *args, **kwargs):
        # Office and admin staff work in the Django admin too; the role decides, not a checkbox.
        if self.role in (Role.OFFICE, Role.ADMIN) and not self.is_staff:
            self.is_staff = True
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "is_staff"}
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.real_name or self.username

    @property
    def is_office(self) -> bool:
        return self.is_active and (self.role in (Role.OFFICE, Role.ADMIN) or self.is_superuser)

    @property
    def county(self) -> Organisation | None:
        """The county-level unit a county clerk works for (None for other roles)."""
        if self.role == Role.COUNTY and self.organisation_id:
            org = self.organisation
            return org if org.kind == Organisation.Kind.COUNTY else org.region
        return None


ERR_HOST_FORMAT = (
    "“{host}”不是有效的域名：只填域名本身（如 minsheng.shaoyang.gov.cn），小写字母、数字、“-”和“.”，"
    "不要带 http://、端口、路径或空格。"
)
ERR_HOST_NOT_ALLOWED = (
    "“{host}”不在本平台允许访问的域名（ALLOWED_HOSTS）中，映射后也打不开：请先由运维人员把它加入 ALLOWED_HOSTS。"
)
ERR_HOST_ORG_KIND = "域名只能对应省、市（州）或县市区，“{org}”是{kind}。"
HOST_RE = re_compile(r"^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*$")
HOST_ORG_KINDS = (Organisation.Kind.PROVINCE, Organisation.Kind.CITY, Organisation.Kind.COUNTY)


def normalise_host(value: str) -> str:
    """How a host is stored and looked up: trimmed, lower case, without a trailing dot."""
    return (value or "").strip().lower().rstrip(".")


class SiteHost(models.Model):
    """A host name mapped to the government whose site it is (minsheng.shaoyang.gov.cn → 邵阳市): anonymous
    pages on that host carry its name and show its own subtree's items by default."""

    host = models.CharField(
        "域名",
        max_length=253,
        unique=True,
        help_text="只填域名，如 minsheng.shaoyang.gov.cn；须已在 ALLOWED_HOSTS 中",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="对应的政府",
        on_delete=models.PROTECT,
        related_name="site_hosts",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "域名映射"
        verbose_name_plural = "域名映射"
        ordering = ["host"]

    def __str__(self) -> str:
        return f"{self.host} → {self.organisation}" if self.organisation_id else self.host

    def save(self, *args, **kwargs):
        self.host = normalise_host(self.host)
        super().save(*args, **kwargs)
        site_hosts_changed()

    def delete(self, *args, **kwargs):
        out = super().delete(*args, **kwargs)
        site_hosts_changed()
        return out

    def clean(self) -> None:
        """A bare host name that this deployment answers on, mapped to a province, city or county."""
        from django.conf import settings
        from django.http.request import validate_host

        super().clean()
        self.host = normalise_host(self.host)
        errors = {}
        if not HOST_RE.match(self.host):
            errors["host"] = ERR_HOST_FORMAT.format(host=self.host[:60])
        elif not validate_host(self.host, settings.ALLOWED_HOSTS):
            errors["host"] = ERR_HOST_NOT_ALLOWED.format(host=self.host)
        if self.organisation_id and self.organisation.kind not in HOST_ORG_KINDS:
            errors["organisation"] = ERR_HOST_ORG_KIND.format(
                org=self.organisation.name, kind=self.organisation.get_kind_display()
            )
        if errors:
            raise ValidationError(errors)


HOST_CACHE_GENERATION = "accounts:sitehost:gen"


def site_hosts_changed() -> None:
    """Retire every cached host look-up (a new generation in the cache key), once the change is committed."""
    from django.core.cache import cache
    from django.db import transaction

    def bump():
        try:
            cache.incr(HOST_CACHE_GENERATION)
        except ValueError:
            cache.set(HOST_CACHE_GENERATION, 2, None)

    bump()  # this process at once (and the tests, whose transactions never commit) …
    transaction.on_commit(bump)  # … and again once committed, over anything cached from the old rows meanwhile
