"""Publishing on a project's public page: 工作动态 and policy documents (office; lead department for its own
projects), and the public download of a published policy PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from minsheng.common.downloads import serve_stored_file
from projects.models import Project

from .. import selectors, services
from ..forms import PolicyDocumentForm, PublicUpdateForm
from ..models import PolicyDocument, PublicUpdate


@login_required
def publish_index(request):
    """The projects whose public page the user may publish on."""
    user = request.user
    if not user.has_perm("progress.view_dashboard"):
        raise PermissionDenied
    projects = list(selectors.projects_publishable_by(user)[:300])
    return render(request, "progress/publish_index.html", {"projects": projects})


def _project(request, pk: int) -> Project:
    project = get_object_or_404(Project.objects.select_related("matter__programme", "lead_unit"), pk=pk)
    if not request.user.has_perm("progress.publish_project", project):
        raise PermissionDenied
    return project


@login_required
def publish_project(request, pk: int):
    """Add updates and policy documents to one project, publish or withdraw them."""
    project = _project(request, pk)
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


@login_required
@require_POST
def publish_toggle(request, kind: str, pk: int):
    """Publish or withdraw one update or policy document."""
    model = {"update": PublicUpdate, "policy": PolicyDocument}.get(kind)
    if model is None:
        raise Http404
    item = get_object_or_404(model.objects.select_related("project"), pk=pk)
    published = request.POST.get("published") == "1"
    services.public_item_set_published(item=item, actor=request.user, published=published)
    messages.success(request, f"“{item.title}”已{'公开' if published else '撤回'}。")
    return redirect("progress:publish_project", pk=item.project_id)


def policy_download(request, code: str, pk: int):
    """A published policy PDF of a public project (no log-in)."""
    project = selectors.public_project(code=code)
    if project is None:
        raise Http404("未找到该项目")
    doc = PolicyDocument.objects.filter(project=project, pk=pk, is_published=True).exclude(file="").first()
    if doc is None:
        raise Http404("未找到该文件")
    return serve_stored_file(doc.file, mime=doc.mime, filename=doc.title)
