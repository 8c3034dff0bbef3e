"""发文设置: the office's 发文机关标志 for its 通报, 专报 and letters."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from ..models import Letterhead
from ..services.letterhead import letterhead_for, letterhead_save

MSG_SAVED = "发文机关标志已保存，此后新生成的文件将使用；已生成的草稿可在文件页面修改“发文机关标志”。"
ERR_NO_OFFICE = "您的账户没有关联专班办公室，无法设置发文机关标志，请联系系统管理员。"


class LetterheadForm(forms.ModelForm):
    class Meta:
        model = Letterhead
        fields = ["bulletin_masthead", "newsletter_masthead", "letter_masthead"]
        widgets = {
            "bulletin_masthead": forms.TextInput(attrs={"class": "form-control"}),
            "newsletter_masthead": forms.Textarea(attrs={"class": "form-control", "rows": 2}),
            "letter_masthead": forms.TextInput(attrs={"class": "form-control"}),
        }


class LetterheadView(PermissionRequiredMixin, View):
    permission_required = "reports.manage_document"
    template_name = "reports/letterhead.html"

    def _office(self, request):
        org = getattr(request.user, "organisation", None)
        if org is None or org.kind != org.Kind.OFFICE:
            raise PermissionDenied(ERR_NO_OFFICE)
        return org

    def get(self, request):
        office = self._office(request)
        head = letterhead_for(office=office)
        return self._page(request, office, LetterheadForm(instance=head))

    def post(self, request):
        office = self._office(request)
        form = LetterheadForm(request.POST, instance=letterhead_for(office=office))
        if not form.is_valid():
            return self._page(request, office, form, status=400)
        letterhead_save(office=office, actor=request.user, **form.cleaned_data)
        messages.success(request, MSG_SAVED)
        return redirect("reports:letterhead")

    def _page(self, request, office, form, status=200):
        return render(request, self.template_name, {"office": office, "form": form}, status=status)
