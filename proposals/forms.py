"""Forms of the intake: the public suggestion form, staff entry, triage, filters, status and import."""
from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from minsheng.accounts.forms import group_units_by_parent
from minsheng.accounts.models import Organisation
from minsheng.common.abuse import CaptchaField
from minsheng.common.codes import normalise_code, normalise_digits
from projects.models import Domain

from .models import Channel, Proposal, ProposalLevel, Satisfaction, State, normalise_phone
from .services import MAX_ATTACHMENTS

ERR_REQUIRED = "请填写{label}。"
ERR_CONSENT = "请阅读并同意个人信息使用说明。"
ERR_UNIT_REQUIRED = "请选择或填写建议承办单位。"
ERR_STATUS_NOT_FOUND = "未找到对应的建议：请核对查询码和手机号后四位。"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        if len(items) > MAX_ATTACHMENTS:
            raise ValidationError(f"最多只能上传 {MAX_ATTACHMENTS} 个附件。")
        return [super(MultipleFileField, self).clean(d, initial) for d in items]


def _unit_queryset():
    return Organisation.objects.filter(
        kind__in=[Organisation.Kind.COUNTY, Organisation.Kind.DEPARTMENT], is_active=True, parent__kind=Organisation.Kind.CITY
    ).order_by("kind", "sort_order", "id")


class ProposalFieldsMixin(forms.ModelForm):
    """Shared field set and messages of the public and staff forms."""

    class Meta:
        model = Proposal
        fields = ["title", "level", "domain", "proposer_name", "proposer_phone", "suggested_unit", "suggested_unit_text",
                  "situation", "content", "effect", "remark"]
        widgets = {
            "situation": forms.Textarea(attrs={"rows": 3}),
            "content": forms.Textarea(attrs={"rows": 4}),
            "effect": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "title": "一事一提：一条建议只提一件事，请简明概括。",
            "domain": "不确定可不选，系统会根据内容建议领域。",
            "proposer_phone": "手机号码或带区号的固定电话。仅用于工作人员联系您，不会公开。",
            "suggested_unit_text": "列表中没有合适单位时可在此填写。",
        }

    def __init__(self, *args, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        if campaign is not None:
            self.fields["level"].choices = [("", "请选择"), *campaign.level_choices]
        self.fields["domain"].choices = [("", "不确定（由系统建议）"), *Domain.choices]
        self.fields["suggested_unit"].queryset = _unit_queryset()
        self.fields["suggested_unit"].empty_label = "请选择（或在下方填写）"
        for name, field in self.fields.items():
            if name in self.Meta.fields:
                field.error_messages["required"] = ERR_REQUIRED.format(label=field.label)
            if isinstance(field, forms.CharField) and field.max_length:
                field.error_messages["max_length"] = f"{field.label}不能超过 {field.max_length} 个字（当前 %(show_value)d 个）。"
            if name in ("content",):
                field.required = True

    def clean_proposer_phone(self):
        value = self.cleaned_data.get("proposer_phone", "")
        return normalise_phone(value) if value else value

    def _post_clean(self):
        # Campaign is assigned in the service; give the instance one so model.clean can check levels.
        if self.campaign is not None:
            self.instance.campaign = self.campaign
        super()._post_clean()


class PublicProposalForm(ProposalFieldsMixin):
    attachments = MultipleFileField(label="附件（可选）", required=False,
                                    help_text="最多 3 个，图片或 PDF，每个不超过 5 MB。")
    consent = forms.BooleanField(
        label="我已阅读并同意：所填姓名和电话仅用于工作人员就本建议与我联系，不会公开。", required=True,
        error_messages={"required": ERR_CONSENT},
    )
    captcha = CaptchaField()
    # Honeypot: hidden from people (CSS + aria-hidden); bots fill every field.
    website = forms.CharField(label="网址（请留空）", required=False,
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("proposer_name", "proposer_phone", "level"):
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = ERR_REQUIRED.format(label=self.fields[name].label)

    def clean(self):
        data = super().clean()
        if not data.get("suggested_unit") and not (data.get("suggested_unit_text") or "").strip():
            self.add_error("suggested_unit", ERR_UNIT_REQUIRED)
        return data


class StaffProposalForm(ProposalFieldsMixin):
    """A unit clerk's or the office's entry (the unit's extra columns included)."""

    channel = forms.ChoiceField(label="征集渠道", choices=Channel.choices, initial=Channel.DIRECTED)
    attachments = MultipleFileField(label="附件（可选）", required=False)

    class Meta(ProposalFieldsMixin.Meta):
        fields = [*ProposalFieldsMixin.Meta.fields, "responsible_text", "necessity", "schedule", "investment"]
        widgets = {**ProposalFieldsMixin.Meta.widgets,
                   "necessity": forms.Textarea(attrs={"rows": 3}), "schedule": forms.Textarea(attrs={"rows": 3}),
                   "investment": forms.Textarea(attrs={"rows": 2})}
        help_texts = ProposalFieldsMixin.Meta.help_texts


class ProposalEditForm(StaffProposalForm):
    """Edit a proposal; the proposer's name and phone are only in the office's form (others see them masked)."""

    def __init__(self, *args, personal: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["channel"]
        del self.fields["attachments"]
        if not personal:
            del self.fields["proposer_name"]
            del self.fields["proposer_phone"]


class StatusForm(forms.Form):
    """查询码 and the last four phone digits, as typed on a phone: spaces, dashes and full-width characters forgiven."""

    code = forms.CharField(label="查询码", max_length=40, error_messages={"required": "请填写查询码。"})
    last4 = forms.CharField(label="手机号（电话）后四位", max_length=10,
                            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
                            error_messages={"required": "请填写电话后四位。"})

    def clean_code(self):
        return normalise_code(self.cleaned_data["code"])

    def clean_last4(self):
        value = normalise_digits(self.cleaned_data["last4"])
        if len(value) != 4 or not value.isdigit():
            raise forms.ValidationError("请填写 4 位数字。")
        return value


class RatingForm(StatusForm):
    """The proposer's rating of the finished project: the code and last four digits of the look-up (carried
    over as hidden fields, checked again), the rating and the CAPTCHA."""

    value = forms.ChoiceField(
        label="您对这个项目满意吗？",
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "请选择“满意”“基本满意”或“不满意”。",
            "invalid_choice": "请选择“满意”“基本满意”或“不满意”。",
        },
    )
    captcha = CaptchaField()
    # Honeypot, as on the proposal form: hidden from people, filled by bots.
    website = forms.CharField(
        label="网址（请留空）",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget = forms.HiddenInput()
        self.fields["last4"].widget = forms.HiddenInput()


TRIAGE_CHOICES = [(State.ACCEPTED, "受理"), (State.REJECTED, "不予受理"), (State.FORWARDED, "转交承办单位"),
                  (State.DECLINED, "未采纳")]


class TransitionForm(forms.Form):
    to_state = forms.ChoiceField(label="处理为", choices=TRIAGE_CHOICES)
    reason = forms.CharField(label="不予受理理由", required=False, max_length=300,
                             help_text="如：属个别单位或个人诉求，不作为重点民生实事项目。")
    departments = forms.ModelMultipleChoiceField(label="转交单位", required=False, queryset=Organisation.objects.none(),
                                                 widget=forms.SelectMultiple(attrs={"size": 6}))
    public_reply = forms.CharField(label="对建议人的答复（公开）", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    comment = forms.CharField(label="内部说明（不公开）", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        group_units_by_parent(self.fields["departments"], _unit_queryset())


class ReplyForm(forms.Form):
    public_reply = forms.CharField(label="对建议人的答复（公开）", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    internal_note = forms.CharField(label="内部备注（不公开）", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class FilterForm(forms.Form):
    campaign = forms.ModelChoiceField(label="征集活动", required=False, queryset=None, empty_label="全部活动")
    unit = forms.ModelChoiceField(label="报送单位", required=False, queryset=None, empty_label="全部单位")
    domain = forms.ChoiceField(label="领域", required=False, choices=[("", "全部领域"), *Domain.choices])
    level = forms.ChoiceField(label="级别", required=False, choices=[("", "全部级别"), *ProposalLevel.choices])
    state = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态"), *State.choices])
    channel = forms.ChoiceField(label="渠道", required=False, choices=[("", "全部渠道"), *Channel.choices])
    q = forms.CharField(label="关键词或查询码", required=False, max_length=50)

    def __init__(self, *args, campaigns=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        group_units_by_parent(self.fields["unit"], _unit_queryset())


class ImportForm(forms.Form):
    file = forms.FileField(label="征集汇总表（.xlsx，不超过 10 MB）",
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))
    unit = forms.ModelChoiceField(label="报送单位（专班办公室代录时选择）", required=False, queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        group_units_by_parent(self.fields["unit"], _unit_queryset())
