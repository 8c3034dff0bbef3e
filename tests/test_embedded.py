"""The embedded default that `make run` sets up (SQLite, Celery tasks run in-process): the short SQLite pass.

scripts/test runs the tests marked `embedded` on SQLite, then the whole suite once on PostgreSQL + Redis + a real
Celery worker. Marked here: the models and the migrations agree, load_demo fills the migrated database (and a
second run changes nothing), every app's main pages answer for the roles that use them; marked in its own module:
one browser journey (tests/e2e/test_progress_journey.py)."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from minsheng.accounts.models import User

pytestmark = pytest.mark.embedded

# role (demo account, None = not signed in) → URL names of the app pages that role starts from
MAIN_PAGES = {
    None: [
        "home",
        "accounts:login",
        "projects:programme_list",
        "proposals:campaigns",
        "proposals:status",
        "progress:open_data",
        "observers:public_findings",
        "reports:public_list",
    ],
    "office": [
        "home",
        "common:inbox",
        "common:schedules",
        "projects:programme_list",
        "candidates:round_list",
        "proposals:manage",
        "progress:dashboard",
        "progress:ranking",
        "progress:heatmap",
        "progress:periods",
        "progress:publish_index",
        "observers:finding_list",
        "observers:handoff_list",
        "observers:duty",
        "observers:roster",
        "reports:list",
    ],
    "county_dongkou": ["home", "progress:index", "observers:handoff_list", "reports:list"],
    "dept_education": ["home", "progress:index"],
    "observer": ["home", "observers:home", "observers:report_create", "observers:report_list"],
    "deputy": ["home", "candidates:round_list"],
    "admin": ["admin:index"],
}


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit:
        pytest.fail(f"模型有改动但没有迁移（manage.py makemigrations --name …）：\n{out.getvalue()}")


@pytest.mark.django_db
def test_load_demo_fills_the_migrated_database_and_a_second_run_changes_nothing():
    assert not User.objects.exists()
    first, second = io.StringIO(), io.StringIO()
    call_command("load_demo", stdout=first)
    assert "演示数据已就绪" in first.getvalue() and "已更新" in first.getvalue()
    assert User.objects.filter(username="office", is_demo=True).exists()
    call_command("load_demo", stdout=second)
    assert "演示数据已就绪" in second.getvalue()
    assert "已更新" not in second.getvalue(), second.getvalue()


@pytest.mark.parametrize("role", list(MAIN_PAGES), ids=lambda role: role or "anon")
def test_main_pages_of_every_app(client, demo, role):
    if role:
        client.force_login(User.objects.get(username=role))
    for name in MAIN_PAGES[role]:
        response = client.get(reverse(name), follow=True)  # a role's landing page may redirect to its own view
        assert response.status_code == 200, (role, name, response.status_code)
        assert '<html lang="zh-hans"' in response.content.decode().lower(), (role, name)
