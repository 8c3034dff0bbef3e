from django.contrib import admin
from django.urls import include, path

from minsheng.common import views as common_views

admin.site.site_header = "重点民生实事管理平台 · 后台"
admin.site.site_title = "民生实事后台"
admin.site.index_title = "数据管理"

urlpatterns = [
    path("", common_views.HomeView.as_view(), name="home"),
    path("healthz", common_views.healthz, name="healthz"),
    path("accounts/", include("minsheng.accounts.urls")),
    path("", include("minsheng.common.urls")),
    path("programme/candidates/", include("candidates.urls")),
    path("programme/", include("projects.urls")),
    path("proposals/", include("proposals.urls")),
    path("progress/", include("progress.urls")),
    path("observers/", include("observers.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]
# Uploaded files are never served statically: each app serves its own through a permission check.

# Chinese error pages in the site layout (templates/400|403|404|403_csrf|500.html).
handler400 = "minsheng.common.errors.bad_request"
handler403 = "minsheng.common.errors.permission_denied"
handler404 = "minsheng.common.errors.page_not_found"
