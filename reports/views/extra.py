"""专报 articles (submit, pick, assemble) and letters (from lagging progress, from observer hand-offs)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from minsheng.accounts.models import Organisation
from minsheng.common.params import int_param, is_id, object_or_404
from observers.selectors import handoffs_visible_to
from projects.models import Programme

from ..forms import ArticleForm
from ..models import Article, Document, Kind, Section
from ..selectors import articles_visible_to
from ..services import (
    article_edit,
    article_move,
    article_submit,
    letter_from_handoff,
    letters_from_lagging,
    newsletter_assemble,
    newsletter_pick,
    newsletter_refresh,
    newsletter_unpick,
)
from ..tasks import enqueue_render


class ArticleListView(PermissionRequiredMixin, TemplateView):
    permission_required = "reports.submit_article"
    template_name = "reports/articles.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["articles"] = articles_visible_to(self.request.user).order_by("-submitted_at")[:100]
        ctx["form"] = kwargs.get("form") or ArticleForm()
        ctx["is_office"] = self.request.user.is_office
        return ctx

    def post(self, request):
        form = ArticleForm(request.POST)
        user = request.user
        org = user.county or (user.organisation.region if user.organisation_id else None)
        if not form.is_valid() or org is None:
            return self.render_to_response(self.get_context_data(form=form))
        article_submit(author_org=org, actor=user, **form.cleaned_data)
        messages.success(request, "稿件已提交，由专班办公室审核采用。")
        return redirect("reports:articles")


class NewsletterAssembleView(PermissionRequiredMixin, View):
    permission_required = "reports.manage_document"

    def post(self, request):
        ids = [int(i) for i in request.POST.getlist("article") if is_id(i)]
        articles = list(Article.objects.filter(pk__in=ids).select_related("author_org", "newsletter"))
        articles.sort(key=lambda a: ids.index(a.pk))
        city = Organisation.objects.filter(kind=Organisation.Kind.CITY).order_by("sort_order", "id").first()
        try:
            with transaction.atomic():
                doc = newsletter_assemble(
                    city=city, actor=request.user, articles=articles, doc_date=timezone.localdate()
                )
                enqueue_render(doc.pk)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return redirect("reports:articles")
        return redirect("reports:detail", pk=doc.pk)


class LettersFromProgressView(PermissionRequiredMixin, View):
    permission_required = "reports.manage_document"

    def post(self, request):
        programme = object_or_404(Programme, request.POST.get("programme"))
        month = int_param(request.POST.get("month"))
        kind = (
            request.POST.get("kind")
            if request.POST.get("kind") in (Kind.GENTLE, Kind.WORK, Kind.ASSIGN)
            else Kind.WORK
        )
        if not 1 <= month <= 12:
            messages.error(request, "月份须在 1 到 12 之间。")
            return redirect("reports:list")
        with transaction.atomic():
            docs = letters_from_lagging(programme=programme, month=month, actor=request.user, kind=kind)
            for d in docs:
                if not d.is_locked:
                    enqueue_render(d.pk)
        messages.success(request, f"已生成 {len(docs)} 份函件草稿。")
        return redirect(f"{request.build_absolute_uri('/reports/')}?kind={kind}")


class LetterFromHandOffView(PermissionRequiredMixin, View):
    permission_required = "reports.manage_document"

    def post(self, request, handoff_id: int):
        hand_off = get_object_or_404(
            handoffs_visible_to(request.user).select_related("finding", "unit"), pk=handoff_id
        )
        with transaction.atomic():
            doc = letter_from_handoff(hand_off=hand_off, actor=request.user)
            enqueue_render(doc.pk)
        return redirect("reports:detail", pk=doc.pk)


class NewsletterArticlesView(PermissionRequiredMixin, TemplateView):
    """The office arranges a 专报 draft: pick/unpick, reorder within a section, edit, regenerate."""

    permission_required = "reports.manage_document"
    template_name = "reports/newsletter_articles.html"

    def get_doc(self):
        return get_object_or_404(Document, pk=self.kwargs["pk"], kind=Kind.NEWSLETTER)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        doc = self.get_doc()
        picked = list(Article.objects.filter(newsletter=doc).select_related("author_org"))
        ctx["doc"] = doc
        ctx["groups"] = [
            {
                "label": s.label,
                "articles": sorted((a for a in picked if a.section == s), key=lambda a: (a.position, a.pk)),
            }
            for s in Section
        ]
        ctx["pool"] = list(
            Article.objects.filter(newsletter__isnull=True)
            .select_related("author_org")
            .order_by("-submitted_at")[:100]
        )
        return ctx

    def post(self, request, pk):
        doc = self.get_doc()
        op = request.POST.get("op")
        article = None
        if op != "refresh":
            article = object_or_404(Article, request.POST.get("article"))
        try:
            with transaction.atomic():
                if op == "pick":
                    newsletter_pick(document=doc, article=article, actor=request.user)
                elif op == "unpick":
                    newsletter_unpick(document=doc, article=article, actor=request.user)
                elif op in ("up", "down"):
                    article_move(document=doc, article=article, up=op == "up", actor=request.user)
                elif op == "refresh":
                    newsletter_refresh(document=doc, actor=request.user)
                    enqueue_render(doc.pk)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return redirect("reports:newsletter_articles", pk=doc.pk)
        if op == "refresh":
            messages.success(request, "已按调整后的稿件重新生成。")
            return redirect("reports:detail", pk=doc.pk)
        return redirect("reports:newsletter_articles", pk=doc.pk)


class ArticleEditView(PermissionRequiredMixin, TemplateView):
    permission_required = "reports.manage_document"
    template_name = "reports/article_edit.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        article = get_object_or_404(
            articles_visible_to(self.request.user).select_related("author_org", "newsletter"),
            pk=self.kwargs["pk"],
        )
        ctx["article"] = article
        ctx["form"] = kwargs.get("form") or ArticleForm(instance=article)
        return ctx

    def post(self, request, pk):
        article = get_object_or_404(articles_visible_to(request.user), pk=pk)
        form = ArticleForm(request.POST, instance=Article.objects.get(pk=pk))
        if form.is_valid():
            try:
                article_edit(article=article, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "稿件已保存；重新生成专报后生效。")
                if article.newsletter_id:
                    return redirect("reports:newsletter_articles", pk=article.newsletter_id)
                return redirect("reports:articles")
        return self.render_to_response(self.get_context_data(form=form))
