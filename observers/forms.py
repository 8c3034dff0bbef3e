"""Forms of the observers app: thin shells around the services (which hold the rules)."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone

from minsheng.accounts.forms import group_units_by_parent
from minsheng.accounts.models import Organisation
from minsheng.accounts.rules import office_scope_q
from minsheng.common.params import is_id
from projects.models import Project

from .models import (
    Finding,
    GroupField,
    HandOff,
    Inspection,
    ItemKind,
    Observer,
    ObserverGroup,
    Satisfaction,
    VisitKind,
)
from .selectors import county_choices, project_choices_for


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReportForm(forms.Form):
    kind = forms.ChoiceField(
        label="观察方式", choices=VisitKind.choices, initial=VisitKind.SNAPSHOT, widget=forms.RadioSelect
    )
    project = forms.TypedChoiceField(label="观察项目", coerce=int, required=False, empty_value=None)
    visited_on = forms.DateField(label="观察日期", widget=DATE)
    county = forms.ModelChoiceField(
        label="所在县市区",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="按项目自动确定",
        help_text="不选时按项目的任务分解表（只涉及一个县市区时）或您的聘任单位确定，专班办公室据此分办。",
    )
    town = forms.CharField(label="乡镇（街道）", max_length=100, required=False)
    place = forms.CharField(label="村（社区）/具体地点", max_length=200, required=False)
    latitude = forms.DecimalField(required=False, widget=forms.HiddenInput, max_digits=9, decimal_places=6)
    longitude = forms.DecimalField(required=False, widget=forms.HiddenInput, max_digits=9, decimal_places=6)
    content = forms.CharField(label="情况记录", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    suggestions = forms.CharField(label="意见建议", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    residents_said = forms.CharField(
        label="群众反映", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    photos = MultipleFileField(
        label="现场照片（最多 9 张）", required=False, widget=MultipleFileInput(attrs={"accept": "image/*"})
    )
    document = forms.FileField(label="调研材料（书面报告可上传 Word/PDF）", required=False)

    def __init__(self, *args, observer: Observer | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        mine, others = project_choices_for(observer=observer)
        self.projects = {p.pk: p for p in mine + others}

        def label(p):
            return f"{p.matter.programme.year} · {p.name}"

        choices = [("", "请选择项目")]
        if mine:
            choices.append(("本组联系的项目", [(p.pk, label(p)) for p in mine]))
        choices.append(("其他项目" if mine else "全部项目", [(p.pk, label(p)) for p in others]))
        self.fields["project"].choices = choices
        # Choosing a project swaps in its 信息采集卡 (static/observers/report_form.js, which keeps the answers
        # per project); without JavaScript the card follows the project when the form is saved.
        self.fields["visited_on"].initial = timezone.localdate()
        self.fields["county"].queryset = county_choices()
        self.fields["county"].label_from_instance = lambda o: o.display_name

    def report_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("photos", "document")}
        data["project"] = self.projects.get(data["project"]) if data.get("project") else None
        return data


def card_answers(post, items) -> dict[str, str]:
    """Pick the card's answers out of the POST (fields named answer_<item id>)."""
    return {str(i.pk): post.get(f"answer_{i.pk}", "") for i in items if i.kind != ItemKind.PHOTO}


class TriageForm(forms.Form):
    category = forms.ChoiceField(label="问题类别", choices=Finding.Category.choices)
    severity = forms.ChoiceField(label="严重程度", choices=Finding.Severity.choices)
    comment = forms.CharField(label="研判意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DecideForm(forms.Form):
    to = forms.ChoiceField(
        label="研判结论",
        choices=[
            (Finding.State.NO_ACTION, "无需交办"),
            (Finding.State.DUPLICATE, "与已有问题重复"),
            (Finding.State.NEW, "重新研判（撤回结论）"),
        ],
    )
    duplicate_of = forms.ModelChoiceField(label="重复于", required=False, queryset=Finding.objects.none())
    comment = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, finding: Finding, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duplicate_of"].queryset = (
            Finding.objects.filter(report__state="submitted").exclude(pk=finding.pk).order_by("-id")
        )
        self.fields["duplicate_of"].label_from_instance = lambda f: f"#{f.pk} {f.description[:30]}"


class HandOffForm(forms.Form):
    kind = forms.ChoiceField(label="交办方式", choices=HandOff.Kind.choices, initial=HandOff.Kind.TIP)
    unit = forms.ModelChoiceField(label="责任单位（县市区/市直单位）", queryset=Organisation.objects.none())
    deadline = forms.DateField(label="整改时限", widget=DATE)
    number = forms.CharField(label="文号", max_length=60, required=False)
    instructions = forms.CharField(label="交办要求", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        group_units_by_parent(
            self.fields["unit"],
            Organisation.objects.filter(
                kind__in=[Organisation.Kind.COUNTY, Organisation.Kind.DEPARTMENT], is_active=True
            ).order_by("parent_id", "kind", "sort_order", "id"),
        )


class ReplyForm(forms.Form):
    reply_text = forms.CharField(
        label="整改情况",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "整改情况不能超过 5000 字（当前 %(show_value)d 字）。"},
    )
    files = MultipleFileField(label="佐证材料（照片/PDF/Word，最多 9 个）", required=False)


class RateForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label="您对整改结果满意吗？",
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "请选择满意、基本满意或不满意。",
            "invalid_choice": "请选择满意、基本满意或不满意。",
        },
    )


class ReopenForm(forms.Form):
    comment = forms.CharField(
        label="仍未解决的情况",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请写明仍未解决的情况。", "max_length": "情况说明不能超过 2000 字。"},
    )
    photos = MultipleFileField(
        label="现场照片（最多 9 张）", required=False, widget=MultipleFileInput(attrs={"accept": "image/*"})
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="审核结论",
        choices=[("accept", "整改到位，办结"), ("return", "退回重新整改")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label="审核意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ObserverCreateForm(forms.Form):
    username = forms.RegexField(
        label="登录名", regex=r"^[A-Za-z0-9_.-]{3,30}$", max_length=30, help_text="3–30 位字母、数字或 _ . -"
    )
    name = forms.CharField(label="姓名", max_length=50)
    kind = forms.ChoiceField(label="类别", choices=Observer._meta.get_field("kind").choices)
    organisation = forms.ModelChoiceField(
        label="聘任层级（市级/县市区）", queryset=Organisation.objects.none()
    )
    category = forms.ChoiceField(label="界别", choices=Observer._meta.get_field("category").choices)
    work_unit = forms.CharField(label="工作单位及职务", max_length=200, required=False)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    appointed_on = forms.DateField(label="聘任日期", widget=DATE)
    term_ends_on = forms.DateField(label="任期至", widget=DATE, required=False)
    certificate_no = forms.CharField(label="聘书编号", max_length=40)
    group = forms.ModelChoiceField(label="所属小组", queryset=ObserverGroup.objects.all(), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # An office appoints observers only for the governments its own level runs (its city, or its county).
        own = office_scope_q(user, manage=True) if user is not None else Q()
        group_units_by_parent(
            self.fields["organisation"],
            Organisation.objects.filter(
                own, kind__in=[Organisation.Kind.CITY, Organisation.Kind.COUNTY], is_active=True
            ).order_by("kind", "sort_order"),
        )


class CardItemForm(forms.Form):
    text = forms.CharField(label="察看要点", max_length=300, required=False)
    kind = forms.ChoiceField(label="填写方式", choices=ItemKind.choices)
    unit = forms.CharField(label="单位", max_length=20, required=False)


CardItemFormSet = forms.formset_factory(CardItemForm, extra=3, max_num=60)


class InspectionForm(forms.ModelForm):
    class Meta:
        model = Inspection
        fields = ["title", "kind", "date", "end_date", "places", "participants", "projects", "summary"]
        widgets = {
            "date": DATE,
            "end_date": DATE,
            "summary": forms.Textarea(attrs={"rows": 2}),
            "participants": forms.SelectMultiple(attrs={"size": 8}),
            "projects": forms.SelectMultiple(attrs={"size": 8}),
        }


class GroupForm(forms.Form):
    """小组: name, field, order and the projects it follows (rendered grouped by programme → matter)."""

    name = forms.CharField(
        label="小组名称",
        max_length=50,
        error_messages={"required": "请填写小组名称。", "max_length": "小组名称不能超过 50 个字。"},
    )
    field = forms.ChoiceField(
        label="工作领域",
        choices=GroupField.choices,
        error_messages={"required": "请选择工作领域。", "invalid_choice": "请从列表中选择工作领域。"},
    )
    sort_order = forms.IntegerField(
        label="排序",
        min_value=0,
        max_value=32767,
        initial=0,
        help_text="数字小的排在前面。",
        error_messages={
            "required": "请填写排序号（数字小的排在前面）。",
            "invalid": "排序号须为整数。",
            "min_value": "排序号不能小于 0。",
            "max_value": "排序号不能大于 32767。",
        },
    )
    projects = forms.ModelMultipleChoiceField(
        label="联系项目",
        queryset=Project.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "所选项目不存在或已被删除，请刷新页面后重新选择。",
            "invalid_pk_value": "所选项目不存在或已被删除，请刷新页面后重新选择。",
        },
    )

    def selected_project_ids(self) -> set[int]:
        """The ticked projects to show again (the submitted ones on a failed POST, else the initial)."""
        if self.is_bound:
            return {int(v) for v in self.data.getlist(self.add_prefix("projects")) if is_id(v)}
        return {p.pk if hasattr(p, "pk") else int(p) for p in self.initial.get("projects", [])}


class GroupMemberForm(forms.Form):
    """Choose an observer to put into (or take out of) a group."""

    observer = forms.ModelChoiceField(
        label="选择观察员",
        queryset=Observer.objects.none(),
        empty_label="请选择观察员",
        error_messages={
            "required": "请选择要调入的观察员。",
            "invalid_choice": "所选观察员不存在，或已解聘、已在本组，请刷新页面后重新选择。",
        },
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["observer"].queryset = queryset
        self.fields["observer"].label_from_instance = lambda o: (
            f"{o.name}（{o.certificate_no}，{'现属' + o.group.name if o.group_id else '未分组'}）"
        )
