"""Publishing on a project's public page: 工作动态 / 本地化更新 with photos and policy documents (the office, the
departments of the project, the counties with a target in it), the office hiding an item with a reason, and
the public download of a published policy PDF or update photo."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from minsheng.common.downloads import serve_stored_file
from minsheng.common.mixins import PostOnlyMixin
from projects.models import Project

from .. import selectors, services
from ..forms import HideForm, PolicyDocumentForm, PublicUpdateForm
from ..models import PolicyDocument, PosterPrint, PublicUpdate, PublicUpdatePhoto

ITEM_MODELS = {"update": PublicUpdate, "policy": PolicyDocument}
PHOTO_CACHE_CONTROL = "public, max-age=300"
MSG_POSTER_PRINTED = (
    "已登记打印海报（{at:%Y-%m-%d %H:%M}）：请打开海报 PDF 用 A4 纸打印，张贴后在下方登记“已张贴”。"
)
MSG_POSTER_POSTED = "已登记张贴，项目公开页会显示“现场已张贴公示牌”。"


def _item(kind: str, pk: int):
    model = ITEM_MODELS.get(kind)
    if model is None:
        raise Http404
    return get_object_or_404(model.objects.select_related("project", "unit"), pk=pk)


class PublishIndexView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """The projects whose public page the user may publish on, and the latest published items."""

    permission_required = "progress.publish_any"

    def get(self, request):
        projects = list(selectors.projects_publishable_by(request.user)[:300])
        return render(
            request,
            "progress/publish_index.html",
            {
                "projects": projects,
                "recent": selectors.public_items_recent(user=request.user),
                "unit": selectors.publishing_unit_of(request.user),
            },
        )

    post = get  # the index answered any method alike


class PublishProjectView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Add updates (with photos) and policy documents to one project, publish or withdraw one's own, and (the
    office) hide any with a reason."""

    permission_required = "progress.publish_project"

    def get_permission_object(self) -> Project:
        self.project = get_object_or_404(
            Project.objects.select_related("matter__programme", "lead_unit"), pk=self.kwargs["pk"]
        )
        return self.project

    def get(self, request, pk: int):
        project = self.project
        today = timezone.localdate()
        update_form = PublicUpdateForm(prefix="u", initial={"published_on": today})
        policy_form = PolicyDocumentForm(prefix="d", initial={"published_on": today})
        if request.method == "POST":
            kind = request.POST.get("kind")
            try:
                if kind == "update":
                    update_form = PublicUpdateForm(request.POST, request.FILES, prefix="u")
                    if update_form.is_valid():
                        services.public_update_add(
                            project=project, actor=request.user, **update_form.cleaned_data
                        )
                        messages.success(request, "动态已保存。")
                        return redirect("progress:publish_project", pk=project.pk)
                elif kind == "policy":
                    policy_form = PolicyDocumentForm(request.POST, request.FILES, prefix="d")
                    if policy_form.is_valid():
                        data = dict(policy_form.cleaned_data)
                        services.policy_document_add(
                            project=project, actor=request.user, uploaded=data.pop("file"), **data
                        )
                        messages.success(request, "政策文件已保存。")
                        return redirect("progress:publish_project", pk=project.pk)
            except ValidationError as exc:
                form = update_form if kind == "update" else policy_form
                if hasattr(exc, "error_dict"):
                    for field, errs in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errs)
                else:
                    form.add_error(None, exc.messages)
        updates, policies = selectors.publish_items_for(project=project)
        unit = selectors.publishing_unit_of(request.user)
        return render(
            request,
            "progress/publish_project.html",
            {
                "project": project,
                "updates": updates,
                "policies": policies,
                "update_form": update_form,
                "policy_form": policy_form,
                "unit": unit,
                "own_unit_id": unit.pk if unit else None,
                "hide_form": HideForm(),
                "posters": list(selectors.poster_prints_for(project=project, user=request.user)),
            },
            status=400 if (update_form.errors or policy_form.errors) else 200,
        )

    post = get  # one page: a POST's "kind" says which form it carries


class PosterPrintView(LoginRequiredMixin, PostOnlyMixin, PermissionRequiredMixin, View):
    """A unit prints the project's poster from its publishing page: the print is recorded (who, which unit,
    when) and the page offers the PDF and the 已张贴 mark."""

    permission_required = "progress.publish_project"

    def get_permission_object(self) -> Project:
        self.project = get_object_or_404(
            Project.objects.select_related("matter__programme"), pk=self.kwargs["pk"]
        )
        return self.project

    def post(self, request, pk: int):
        try:
            row = services.poster_print_record(project=self.project, actor=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, MSG_POSTER_PRINTED.format(at=timezone.localtime(row.printed_at)))
        return redirect(f"{reverse('progress:publish_project', args=[pk])}#posters")


class PosterPostedView(LoginRequiredMixin, PostOnlyMixin, View):
    """The printing unit marks its printed poster 已张贴, optionally with the site (the service checks who may)."""

    def post(self, request, pk: int):
        poster = get_object_or_404(PosterPrint.objects.select_related("project"), pk=pk)
        try:
            services.poster_mark_posted(poster=poster, actor=request.user, site=request.POST.get("site", ""))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, MSG_POSTER_POSTED)
        return redirect(f"{reverse('progress:publish_project', args=[poster.project_id])}#posters")


class PublishToggleView(LoginRequiredMixin, PostOnlyMixin, View):
    """Publish or withdraw one's own update or policy document (the service checks who may)."""

    def post(self, request, kind: str, pk: int):
        item = _item(kind, pk)
        published = request.POST.get("published") == "1"
        try:
            services.public_item_set_published(item=item, actor=request.user, published=published)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"“{item.title}”已{'公开' if published else '撤回'}。")
        return redirect("progress:publish_project", pk=item.project_id)


class PublishHideView(LoginRequiredMixin, PostOnlyMixin, PermissionRequiredMixin, View):
    """The office hides an item from the public page with a reason (or shows it again)."""

    permission_required = "progress.hide_public_item"

    def post(self, request, kind: str, pk: int):
        item = _item(kind, pk)
        if not request.user.has_perm("progress.hide_public_item", item.project):
            raise PermissionDenied  # another level's office: its items are not this office's to hide
        if request.POST.get("unhide") == "1":
            services.public_item_unhide(item=item, actor=request.user)
            messages.success(request, f"“{item.title}”已恢复公开显示。")
            return redirect("progress:publish_project", pk=item.project_id)
        form = HideForm(request.POST)
        if form.is_valid():
            try:
                services.public_item_hide(item=item, actor=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                messages.error(request, "；".join(exc.messages))
            else:
                messages.success(request, f"“{item.title}”已隐藏，发布单位会看到隐藏原因。")
        else:
            messages.error(request, services.ERR_HIDE_REASON)
        return redirect("progress:publish_project", pk=item.project_id)


class PolicyDownloadView(View):
    """A published policy PDF of a public project (no log-in)."""

    def get(self, request, code: str, pk: int):
        project = selectors.public_project(code=code)
        if project is None:
            raise Http404("未找到该项目")
        doc = (
            PolicyDocument.objects.filter(project=project, pk=pk, is_published=True, hidden_at__isnull=True)
            .exclude(file="")
            .first()
        )
        if doc is None:
            raise Http404("未找到该文件")
        return serve_stored_file(doc.file, mime=doc.mime, filename=doc.title)

    post = get  # the download answered any method alike


class UpdatePhotoView(View):
    """A photo of a published update of a public project (no log-in; the stored copy carries no EXIF)."""

    def get(self, request, code: str, pk: int):
        photo = (
            PublicUpdatePhoto.objects.filter(
                pk=pk,
                update__project__public_code=code,
                update__project__matter__programme__is_public=True,
                update__is_published=True,
                update__hidden_at__isnull=True,
            )
            .select_related("update")
            .first()
        )
        if photo is None:
            raise Http404("未找到该照片")
        return serve_stored_file(
            photo.file,
            mime=photo.mime,
            filename=photo.original_name or "photo.jpg",
            # short: a photo the office hides must leave shared caches soon, not in an hour
            cache_control=PHOTO_CACHE_CONTROL,
        )

    post = get  # the photo answered any method alike
