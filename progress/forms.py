"""Forms of monthly progress (validation of single fields; rules across models live in services)."""

from __future__ import annotations

from django import forms

from minsheng.common.abuse import CaptchaField
from minsheng.common.codes import normalise_code, normalise_digits

from .models import ERR_PERCENT_RANGE, Figure, FigureState, UpdateKind
from .plausibility import whole_error
from .services.opinions import ERR_OPINION_COUNTY, ERR_OPINION_EMPTY

ERR_OPINION_PHONE = "请填写完整的电话号码（手机 11 位，或带区号的固定电话），或者不填。"

ERR_NARRATIVE_TOO_LONG = "进展情况不能超过 {n} 个字（当前 {count} 个字），请精简后再提交。"


class _Literal(str):
    """A message Django may %-format with params (a non-finite Decimal does): it has no placeholders."""

    def __mod__(self, params):
        return self


# Numbers as people type them: Chinese messages instead of Django's "确认总共不超过 16 个数字."
NUMBER_MESSAGES = {
    "invalid": _Literal("请只填数字，不要带逗号、%或“约”。"),
    "max_digits": "数字过长：整数部分最多 12 位，小数最多 4 位。",
    "max_whole_digits": "数字过长：整数部分最多 12 位，小数最多 4 位。",
    "max_decimal_places": "小数最多 4 位。",
}
NARRATIVE_MAX = 2000


class FigureForm(forms.ModelForm):
    class Meta:
        model = Figure
        fields = [
            "value",
            "progress_percent",
            "planned_investment",
            "completed_investment",
            "narrative",
            "fall_reason",
        ]
        widgets = {
            "narrative": forms.Textarea(attrs={"rows": 3}),
            "value": forms.NumberInput(attrs={"inputmode": "decimal", "step": "any", "min": "0"}),
            "progress_percent": forms.NumberInput(
                attrs={"inputmode": "decimal", "step": "any", "min": "0", "max": "100"}
            ),
            "planned_investment": forms.NumberInput(
                attrs={"inputmode": "decimal", "step": "any", "min": "0"}
            ),
            "completed_investment": forms.NumberInput(
                attrs={"inputmode": "decimal", "step": "any", "min": "0"}
            ),
        }

    def __init__(self, *args, indicator=None, **kwargs):
        super().__init__(*args, **kwargs)
        if indicator is not None:
            unit = indicator.unit or ""
            if indicator.kind in ("percent", "deadline"):
                self.fields["value"].label = "累计形象进度（%）"
                del self.fields["progress_percent"]
            else:
                self.fields["value"].label = f"累计完成（{unit}）" if unit else "累计完成"
        self._percent_value = indicator is not None and indicator.kind in ("percent", "deadline")
        self._unit = (indicator.unit or "") if indicator is not None else ""
        self.fields["narrative"].widget.attrs["maxlength"] = NARRATIVE_MAX
        for name in ("value", "progress_percent", "planned_investment", "completed_investment"):
            if name in self.fields:
                self.fields[name].error_messages.update(NUMBER_MESSAGES)
                stored = self.initial.get(name)
                if stored is not None and hasattr(stored, "normalize"):
                    self.initial[name] = f"{stored.normalize():f}"  # "9.4", not the column's "9.4000"

    def clean_value(self):
        value = self.cleaned_data.get("value")
        if self._percent_value and value is not None and value > 100:
            raise forms.ValidationError(ERR_PERCENT_RANGE)
        whole = None if self._percent_value else whole_error(value=value, unit=self._unit)
        if whole:
            raise forms.ValidationError(whole)
        return value

    def clean_progress_percent(self):
        value = self.cleaned_data.get("progress_percent")
        if value is not None and not (0 <= value <= 100):
            raise forms.ValidationError(ERR_PERCENT_RANGE)
        return value

    def clean_narrative(self):
        text = self.cleaned_data.get("narrative") or ""
        if len(text) > NARRATIVE_MAX:
            raise forms.ValidationError(ERR_NARRATIVE_TOO_LONG.format(n=NARRATIVE_MAX, count=len(text)))
        return text


class EvidenceForm(forms.Form):
    file = forms.FileField(label="佐证材料（PDF、图片或 Office 文档）")


class ReviewForm(forms.Form):
    ACTIONS = [("verify", "审核通过"), ("return", "退回修改"), ("deduct", "核减")]
    action = forms.ChoiceField(label="审核操作", choices=ACTIONS, widget=forms.RadioSelect)
    verified_value = forms.DecimalField(
        label="核减后的核定值", required=False, min_value=0, max_digits=16, decimal_places=4
    )
    comment = forms.CharField(label="审核意见 / 核减原因", required=False, max_length=300)
    # The state the reviewer saw: a review of a figure someone else has handled since is refused.
    state = forms.ChoiceField(choices=FigureState.choices, required=False, widget=forms.HiddenInput)


class OpinionForm(forms.Form):
    """The 意见建议 form of a project's public page (an anonymous write: CAPTCHA, honeypot, limits)."""

    content = forms.CharField(
        label="意见建议",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": ERR_OPINION_EMPTY},
    )
    contact_name = forms.CharField(label="姓名（选填，不公开）", required=False, max_length=50)
    contact_phone = forms.CharField(
        label="联系电话（选填，不公开）",
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    county = forms.TypedChoiceField(
        label="您说的是哪个县市区的情况（选填）",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="选了县市区，由该县市区答复；不确定就不选，由牵头单位答复。",
        error_messages={"invalid_choice": ERR_OPINION_COUNTY},
    )
    captcha = CaptchaField()
    website = forms.CharField(required=False, widget=forms.HiddenInput)  # honeypot for bots

    field_order = ["content", "county", "contact_name", "contact_phone", "captcha", "website"]

    def __init__(self, *args, counties=(), **kwargs):
        kwargs.setdefault("auto_id", "op-%s")
        super().__init__(*args, **kwargs)
        self.counties = {c.pk: c for c in counties}
        if len(self.counties) > 1:
            self.fields["county"].choices = [("", "不确定 / 不选")] + [(c.pk, c.name) for c in counties]
        else:
            del self.fields["county"]  # one county (or none): the opinion goes to it, nothing to choose
        self.fields["contact_phone"].help_text = "留了电话，才能凭查询码和电话后四位查看答复。"

    def clean_contact_phone(self):
        value = normalise_digits(self.cleaned_data.get("contact_phone", ""))
        digits = [ch for ch in value if ch.isdigit()]
        if value and len(digits) < 7:
            raise forms.ValidationError(ERR_OPINION_PHONE)
        return value

    def chosen_county(self):
        pk = self.cleaned_data.get("county")
        return self.counties.get(pk) if pk else None


class OpinionStatusForm(forms.Form):
    """A resident's look-up of the answer to their 意见建议 (spaces and full-width characters forgiven)."""

    code = forms.CharField(label="查询码", max_length=40, error_messages={"required": "请填写查询码。"})
    last4 = forms.CharField(
        label="所留电话的后四位",
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": "请填写电话后四位。"},
    )

    def clean_code(self):
        return normalise_code(self.cleaned_data["code"])

    def clean_last4(self):
        value = normalise_digits(self.cleaned_data["last4"])
        if len(value) != 4 or not value.isdigit():
            raise forms.ValidationError("请填写 4 位数字。")
        return value


class ReplyForm(forms.Form):
    reply = forms.CharField(label="答复", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    publish = forms.BooleanField(label="在项目公开页展示答复", required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label="填好的 Excel 文件（.xlsx）")
    # whether to submit is chosen on the preview's confirm buttons ("导入为草稿" / "导入并报送"), never pre-ticked


class PeriodExtendForm(forms.Form):
    deadline = forms.DateTimeField(
        label="新的截止时间",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    reason = forms.CharField(label="延期原因", max_length=300)


class PeriodLockForm(forms.Form):
    confirm = forms.BooleanField(label="我已核对：本月数据已全部审核，锁定后县市区不能再修改本月数据")
    comment = forms.CharField(label="说明（选填）", required=False, max_length=300)


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several photos from one input (a phone's gallery or camera); the service checks and re-encodes them."""

    widget = MultipleImageInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultiplePhotoField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class PublicUpdateForm(forms.Form):
    kind = forms.ChoiceField(
        label="类别", choices=UpdateKind.choices, initial=UpdateKind.NEWS, widget=forms.RadioSelect
    )
    title = forms.CharField(label="标题", max_length=200)
    body = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 3}))
    published_on = forms.DateField(
        label="发布日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    photos = MultiplePhotoField(
        label="现场照片（选填，最多 6 张）",
        required=False,
        help_text="照片会重新压缩，拍摄位置等信息会被去除后再公开。",
        widget=MultipleImageInput(attrs={"accept": "image/*"}),
    )
    is_published = forms.BooleanField(label="立即公开", required=False, initial=True)


class HideForm(forms.Form):
    reason = forms.CharField(label="隐藏原因（发布单位可见）", max_length=300)


class PolicyDocumentForm(forms.Form):
    title = forms.CharField(label="文件标题", max_length=200)
    doc_number = forms.CharField(label="文号", max_length=60, required=False)
    issuer = forms.CharField(label="发文单位", max_length=100, required=False)
    summary = forms.CharField(label="内容摘要", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    published_on = forms.DateField(
        label="发布日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    file = forms.FileField(
        label="PDF 文件", widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"})
    )
    is_published = forms.BooleanField(label="立即公开", required=False, initial=True)


class DisclosureWeightsForm(forms.Form):
    """The office's weights of the 信息公开 estimate: one weight per registered input, the 工作动态/政策文件
    expected per county and month, and the full score."""

    items_per_month = forms.IntegerField(
        label="每个县市区每月应发布工作动态和政策文件（条）", min_value=0, max_value=100
    )
    max_score = forms.DecimalField(label="满分", min_value=0, max_value=100, decimal_places=2)

    def __init__(self, *args, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.sources = sources
        for info in sources:
            self.fields[f"w_{info.key}"] = forms.DecimalField(
                label=f"权重：{info.label}",
                help_text=info.explain,
                min_value=0,
                max_value=100,
                decimal_places=2,
                error_messages={"min_value": "权重不能为负数。"},
            )

    def clean(self):
        data = super().clean()
        weights = [data.get(f"w_{info.key}") for info in self.sources]
        if all(w is not None for w in weights) and not any(w > 0 for w in weights):
            raise forms.ValidationError("至少有一项的权重须大于 0。")
        return data

    def weights(self) -> dict:
        return {info.key: self.cleaned_data[f"w_{info.key}"] for info in self.sources}
