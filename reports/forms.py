from django import forms
from django.db.models import Q

from minsheng.accounts.forms import group_units_by_parent
from minsheng.accounts.models import Organisation
from minsheng.accounts.rules import office_root_of, office_scope_q
from projects.models import Programme

from . import compose
from .models import Article, Kind, Section


class GenerateForm(forms.Form):
    kind = forms.ChoiceField(
        label="类型",
        choices=[(Kind.BULLETIN, "月通报"), (Kind.TENDAY, "旬简报"), (Kind.QUARTERLY, "季总结")],
        initial=Kind.BULLETIN,
    )
    programme = forms.ModelChoiceField(label="年度计划", queryset=Programme.objects.none())
    month = forms.IntegerField(label="截至月份", min_value=1, max_value=12)
    scope = forms.ModelChoiceField(label="范围", queryset=Organisation.objects.none())
    dekad = forms.TypedChoiceField(
        label="旬（仅旬简报）",
        choices=[("", "—"), (1, "上旬"), (2, "中旬"), (3, "下旬")],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # An office generates documents only for the programmes of its own level and scopes in its subtree.
        own = office_scope_q(user, "organisation", manage=True) if user is not None else Q()
        # A city's programme, or a county-level government's own (邵东市's: its own 通报 series).
        self.fields["programme"].queryset = Programme.objects.filter(
            own, organisation__kind__in=[Organisation.Kind.CITY, Organisation.Kind.COUNTY]
        ).select_related("organisation")
        group_units_by_parent(
            self.fields["scope"],
            Organisation.objects.filter(
                office_scope_q(user) if user is not None else Q(),
                kind__in=[Organisation.Kind.CITY, Organisation.Kind.COUNTY],
            ).order_by("kind", "sort_order", "id"),
        )


class SectionsForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    doc_date = forms.DateField(
        label="成文日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, keys=compose.BULLETIN_FORM, labels=compose.FIELD_LABELS, annex=None, **kwargs):
        """`annex`: {sections key: label} of the annex rows, set after the date as the document prints them."""
        super().__init__(*args, **kwargs)
        labels = {**labels, **(annex or {})}
        for key in keys:
            if key in compose.SINGLE_LINE:
                widget = forms.TextInput()
            else:
                widget = forms.Textarea(attrs={"rows": 3 if key in ("intro", "masthead") else 8})
            self.fields[f"s_{key}"] = forms.CharField(
                label=labels.get(key, "其他内容"), required=False, max_length=20000, widget=widget
            )
        # The date comes after the signature (成文日期), then the annexes' rows.
        self.fields["doc_date"] = self.fields.pop("doc_date")
        for key, label in (annex or {}).items():
            self.fields[f"s_{key}"] = forms.CharField(
                label=label, required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
            )

    def sections(self) -> dict:
        return {k[2:]: v for k, v in self.cleaned_data.items() if k.startswith("s_")}


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = ["section", "title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}


class NewsletterForm(forms.Form):
    title = forms.CharField(label="报头", max_length=100, initial="")
    articles = forms.ModelMultipleChoiceField(
        label="采用的稿件", queryset=Article.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, articles=None, **kwargs):
        super().__init__(*args, **kwargs)
        if articles is not None:
            self.fields["articles"].queryset = articles


SECTION_CHOICES = Section.choices


class LetterForm(forms.Form):
    """A letter written in the app: facts pre-filled from a lagging row or a hand-off."""

    kind = forms.ChoiceField(
        label="函件类型",
        choices=[
            (Kind.GENTLE, "温馨提示函"),
            (Kind.WORK, "工作提示函"),
            (Kind.ASSIGN, "工作交办函"),
            (Kind.REMINDER, "提醒函"),
        ],
        initial=Kind.WORK,
    )
    addressee = forms.ModelChoiceField(label="收文单位", queryset=Organisation.objects.none())
    facts = forms.CharField(
        label="事实（已按数据预填，可修改）", max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    requirement = forms.CharField(label="工作要求", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    reply_deadline = forms.DateField(
        label="回复期限", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, programme=None, user=None, **kwargs):
        """The addressees offered are the units of the programme's government (邵东市's office writes to 邵东市's
        towns and departments; 邵阳市's to its counties, 邵东市 included, and departments; a province's 督办函 to its
        cities), else of the office's subtree."""
        super().__init__(*args, **kwargs)
        K = Organisation.Kind
        units = Organisation.objects.filter(kind__in=[K.CITY, K.COUNTY, K.DEPARTMENT, K.TOWN])
        if programme is not None:
            units = units.filter(path__startswith=programme.organisation.path).exclude(
                pk=programme.organisation_id
            )
        elif user is not None:
            root = office_root_of(user)
            units = units.filter(office_scope_q(user)).exclude(pk=getattr(root, "pk", None))
        group_units_by_parent(
            self.fields["addressee"], units.order_by("parent_id", "kind", "sort_order", "id")
        )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label="回复内容（整改落实情况）", max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )
    file = forms.FileField(
        label="回复附件（PDF 或照片，可选）",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/*"}),
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label="审核", choices=[("accept", "采纳"), ("return", "退回重新回复")])
    comment = forms.CharField(label="意见", max_length=200, required=False)
