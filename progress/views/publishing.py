"""Publishing on a project's public page: 工作动态 and policy documents (office; lead department for its own
projects), and the public download of a published policy PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from minsheng.common.downloads import serve_stored_file
from minsheng.common.mixins import PostOnlyMixin
from projects.models import Project

from .. import selectors, services
from ..forms import PolicyDocumentForm, PublicUpdateForm
from ..models import PolicyDocument, PublicUpdate


class PublishIndexView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """The projects whose public page the user may publish on."""

    permission_required = "progress.view_dashboard"

    def get(self, request):
        projects = list(selectors.projects_publishable_by(request.user)[:300])
        return render(request, "progress/publish_index.html", {"projects": projects})

    post = get  # the index answered any method alike


class PublishProjectView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Add updates and policy documents to one project, publish or withdraw them."""

    permission_required = "progress.publish_project"

    def get_permission_object(self) -> Project:
        self.project = get_object_or_404(
            Project.objects.select_related("matter__programme", "lead_unit"), pk=self.kwargs["pk"]
        )
        return self.project

    def get(self, request, pk: int):
        project = self.project
        update_form = PublicUpdateForm(prefix="u")
        policy_form = PolicyDocumentForm(prefix="d")
        if request.method == "POST":
            kind = request.POST.get("kind")
            try:
                if kind == "update":
                    update_form = PublicUpdateForm(request.POST, prefix="u")
                    if update_form.is_valid():
                        services.public_update_add(
                            project=project, actor=request.user, **update_form.cleaned_data
                        )
                        messages.success(request, "工作动态已保存。")
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
                    form.add_error("file" if kind == "policy" else None, exc.messages)
        return render(
            request,
            "progress/publish_project.html",
            {
                "project": project,
                "updates": list(PublicUpdate.objects.filter(project=project)),
                "policies": list(PolicyDocument.objects.filter(project=project)),
                "update_form": update_form,
                "policy_form": policy_form,
            },
        )

    post = get  # one page: a POST's "kind" says which form it carries


class PublishToggleView(LoginRequiredMixin, PostOnlyMixin, View):
    """Publish or withdraw one update or policy document (the service checks the user may publish)."""

    def post(self, request, kind: str, pk: int):
        model = {"update": PublicUpdate, "policy": PolicyDocument}.get(kind)
        if model is None:
            raise Http404
        item = get_object_or_404(model.objects.select_related("project"), pk=pk)
        published = request.POST.get("published") == "1"
        services.public_item_set_published(item=item, actor=request.user, published=published)
        messages.success(request, f"“{item.title}”已{'公开' if published else '撤回'}。")
        return redirect("progress:publish_project", pk=item.project_id)


class PolicyDownloadView(View):
    """A published policy PDF of a public project (no log-in)."""

    def get(self, request, code: str, pk: int):
        project = selectors.public_project(code=code)
        if project is None:
            raise Http404("未找到该项目")
        doc = (
            PolicyDocument.objects.filter(project=project, pk=pk, is_published=True).exclude(file="").first()
        )
        if doc is None:
            raise Http404("未找到该文件")
        return serve_stored_file(doc.file, mime=doc.mime, filename=doc.title)

    post = get  # the download answered any method alike
