from django import forms

from minsheng.accounts.models import Organisation
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.filter(
            organisation__kind=Organisation.Kind.CITY
        ).select_related("organisation")
        self.fields["scope"].queryset = Organisation.objects.filter(
            kind__in=[Organisation.Kind.CITY, Organisation.Kind.COUNTY]
        ).order_by("kind", "sort_order", "id")
        self.fields["scope"].label_from_instance = lambda o: o.name


class SectionsForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    doc_date = forms.DateField(
        label="成文日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, keys=compose.EDITABLE_SECTIONS, labels=compose.SECTION_LABELS, **kwargs):
        super().__init__(*args, **kwargs)
        for key in keys:
            self.fields[f"s_{key}"] = forms.CharField(
                label=labels.get(key, key),
                required=False,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 8 if key != "intro" else 3}),
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
