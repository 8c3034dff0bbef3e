"""Forms of the screening and the vote (plain Django forms; the services do the checking)."""

from __future__ import annotations

from django import forms

from minsheng.accounts.forms import group_units_by_parent
from minsheng.accounts.models import Organisation, Role, User
from minsheng.accounts.rules import is_department_staff
from minsheng.accounts.selectors import area_of

from .models import (
    ApprovalDecision,
    ApprovalKind,
    Candidate,
    CandidateStage,
    Choice,
    OpinionSource,
    PassBase,
    RatingValue,
)
from .selectors import deputies_of
from .services import EDITABLE_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _style(form: forms.BaseForm) -> None:
    """Bootstrap classes on the widgets (radio and checkbox groups are laid out by the template)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.RadioSelect | forms.CheckboxSelectMultiple, forms.CheckboxInput)):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class CandidateForm(forms.ModelForm):
    class Meta:
        model = Candidate
        fields = [f for f in EDITABLE_FIELDS if f != "continues"]
        widgets = {"deadline": DATE, "content": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = Organisation.objects.filter(kind__in=[Organisation.Kind.DEPARTMENT, Organisation.Kind.OFFICE])
        group_units_by_parent(
            self.fields["responsible_unit"], units.order_by("parent_id", "sort_order", "name")
        )
        if user is not None and is_department_staff(user):
            self.fields.pop("responsible_unit")
        for name in ("name", "content", "investment", "funding_source", "deadline"):
            self.fields[name].required = False  # completeness is checked when the stage moves on
        self.fields["name"].required = True
        _style(self)


class YearTargetForm(StyledForm):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    description = forms.CharField(label="年度目标", max_length=300)
    quantity = forms.DecimalField(
        label="目标数量", required=False, min_value=0, max_digits=16, decimal_places=4
    )
    unit = forms.CharField(label="单位", max_length=20, required=False)


class TransitionForm(StyledForm):
    to_stage = forms.ChoiceField(label="转入阶段", choices=CandidateStage.choices)
    comment = forms.CharField(label="说明（退回时必填）", required=False, max_length=500)


class BudgetForm(StyledForm):
    confirmed = forms.BooleanField(label="资金已纳入年度财政预算", required=False)
    note = forms.CharField(label="预算安排说明", required=False, max_length=300)


SCORE_CHOICES = [(i, str(i)) for i in range(1, 6)]


class ScoreForm(StyledForm):
    necessity = forms.TypedChoiceField(label="必要性", choices=SCORE_CHOICES, coerce=int)
    feasibility = forms.TypedChoiceField(label="可行性", choices=SCORE_CHOICES, coerce=int)
    funding = forms.TypedChoiceField(label="资金保障", choices=SCORE_CHOICES, coerce=int)
    performance = forms.TypedChoiceField(label="绩效目标", choices=SCORE_CHOICES, coerce=int)
    comment = forms.CharField(label="评审意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class OpinionForm(StyledForm):
    source = forms.ChoiceField(label="意见来源", choices=OpinionSource.choices)
    source_name = forms.CharField(label="提出单位/人", max_length=100)
    content = forms.CharField(label="意见内容", widget=forms.Textarea(attrs={"rows": 2}))


class ResponseForm(StyledForm):
    response = forms.CharField(label="工作组答复", widget=forms.Textarea(attrs={"rows": 2}))


class ApprovalForm(StyledForm):
    kind = forms.TypedChoiceField(label="会议", choices=ApprovalKind.choices, coerce=int)
    held_on = forms.DateField(label="会议日期", widget=DATE)
    decision = forms.ChoiceField(label="会议意见", choices=ApprovalDecision.choices)
    note = forms.CharField(label="纪要摘要", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    attachment = forms.FileField(label="附件（PDF/Word/图片）", required=False)


class MergeForm(StyledForm):
    target = forms.ModelChoiceField(label="保留项目", queryset=Candidate.objects.none())
    sources = forms.ModelMultipleChoiceField(
        label="归并入保留项目的相似项目",
        queryset=Candidate.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    comment = forms.CharField(label="归并说明", required=False, max_length=300)

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = candidates
        self.fields["sources"].queryset = candidates


class SessionForm(StyledForm):
    title = forms.CharField(label="名称", max_length=200)
    seats = forms.IntegerField(label="应选项目数（N）", min_value=1)
    candidates = forms.ModelMultipleChoiceField(
        label="候选项目（须多于 N 个）",
        queryset=Candidate.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    roster = forms.ModelMultipleChoiceField(
        label="代表名单", queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    pass_base = forms.ChoiceField(label="通过基数", choices=PassBase.choices, initial=PassBase.ALL)

    def __init__(self, *args, candidates=None, round=None, **kwargs):  # noqa: A002
        super().__init__(*args, **kwargs)
        self.fields["candidates"].queryset = candidates
        deputies = User.objects.filter(role=Role.DEPUTY, is_active=True)
        if round is not None:
            # A government's deputies vote on its own candidates: 北塔区's on 北塔区's, not 邵阳市's nor another
            # county's (session_create refuses the others with a specific message).
            deputies = deputies_of(organisation=area_of(round.organisation))
        self.fields["roster"].queryset = deputies.order_by("username")
        self.fields["roster"].label_from_instance = lambda u: u.display_name


class BallotForm(StyledForm):
    """One radio group per candidate: 赞成 / 反对 / 弃权."""

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        for c in candidates:
            self.fields[f"c{c.pk}"] = forms.ChoiceField(
                label=c.name, choices=Choice.choices, widget=forms.RadioSelect, required=False
            )
        self.candidates = list(candidates)
        _style(self)

    def marks(self) -> dict[int, str]:
        return {
            c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.candidates if self.cleaned_data.get(f"c{c.pk}")
        }


class CloseForm(StyledForm):
    present_count = forms.IntegerField(
        label="出席代表人数（留空则按已投票人数）", required=False, min_value=0
    )


class PaperVoterForm(StyledForm):
    deputy = forms.ModelChoiceField(label="领取纸质选票的代表", queryset=User.objects.none())

    def __init__(self, *args, roster=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = roster
        self.fields["deputy"].label_from_instance = lambda u: u.display_name


class PaperVoterVoidForm(StyledForm):
    deputy = forms.ModelChoiceField(label="误登记领取纸质选票的代表", queryset=User.objects.none())
    reason = forms.CharField(label="更正原因", max_length=300)

    def __init__(self, *args, voters=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = voters
        self.fields["deputy"].label_from_instance = lambda u: u.display_name


class RatingSheetForm(StyledForm):
    """The 测评表: one radio group per project, 满意 / 基本满意 / 不满意."""

    def __init__(self, *args, projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        for p in projects:
            self.fields[f"p{p.pk}"] = forms.ChoiceField(
                label=p.name, choices=RatingValue.choices, widget=forms.RadioSelect, required=False
            )
        self.projects = list(projects)
        _style(self)

    def values(self) -> dict[int, str]:
        return {
            p.pk: self.cleaned_data[f"p{p.pk}"] for p in self.projects if self.cleaned_data.get(f"p{p.pk}")
        }


class SurveyPaperForm(StyledForm):
    deputy = forms.ModelChoiceField(label="领取纸质测评表的代表", queryset=User.objects.none())

    def __init__(self, *args, roster=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = roster
        self.fields["deputy"].label_from_instance = lambda u: u.display_name
