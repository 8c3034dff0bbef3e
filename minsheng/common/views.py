from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from . import abuse
from .home import home_panels
from .params import is_id
from .services import notification_mark_read
from .todo import todo_items


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["panels"] = home_panels(self.request)
        ctx["todos"] = todo_items(self.request)
        return ctx


class InboxView(LoginRequiredMixin, TemplateView):
    template_name = "common/inbox.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        page = Paginator(self.request.user.notifications.all(), 30).get_page(self.request.GET.get("page"))
        ctx["page"] = page
        return ctx


class InboxOpenView(LoginRequiredMixin, View):
    """Follow a notice's link: the notice counts as read, and the reader lands on the object it is about."""

    def get(self, request, pk: int):
        note = get_object_or_404(request.user.notifications, pk=pk)
        notification_mark_read(user=request.user, notification_ids=[note.pk])
        if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()}):
            return redirect(note.url)
        return redirect("common:inbox")


class InboxMarkReadView(LoginRequiredMixin, View):
    def post(self, request):
        ids = request.POST.getlist("id")
        notification_mark_read(
            user=request.user, notification_ids=[int(i) for i in ids if is_id(i)] or None
        )
        return redirect("common:inbox")


@never_cache
@require_GET
def captcha_image(request):
    """The CAPTCHA of the anonymous forms as PNG (?new=1: a new question, e.g. after 换一张)."""
    question = abuse.captcha_new(request) if request.GET.get("new") else abuse.captcha_question(request)
    return HttpResponse(abuse.captcha_png(question), content_type="image/png")


def healthz(request):
    """Liveness + database check for load balancers and compose health checks."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
