"""House conventions that every app must keep: Chinese names in the admin, admin for every model."""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin

OUR_APPS = ("accounts", "common", "projects", "candidates", "proposals", "progress", "observers", "reports")
CJK = re.compile(r"[\u4e00-\u9fff]")


def our_models():
    for label in OUR_APPS:
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical"):
                continue  # simple_history's shadow tables take their names from the audited model
            yield model


@pytest.mark.parametrize("model", list(our_models()), ids=lambda m: m._meta.label)
def test_model_and_fields_have_chinese_names(model):
    assert CJK.search(str(model._meta.verbose_name)), f"{model._meta.label} 缺少中文 verbose_name"
    for field in model._meta.get_fields():
        if not getattr(field, "concrete", False) or field.auto_created or field.name in ("id", "password"):
            continue
        if model._meta.label == "accounts.User" and field.name in {
            "last_login",
            "is_superuser",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_staff",
            "is_active",
            "date_joined",
            "groups",
            "user_permissions",
        }:
            continue  # Django's own fields: translated by Django's zh-hans catalogue
        assert CJK.search(str(field.verbose_name)), f"{model._meta.label}.{field.name} 缺少中文 verbose_name"


def _inline_models():
    return {inline.model for model_admin in admin.site._registry.values() for inline in model_admin.inlines}


@pytest.mark.parametrize("model", list(our_models()), ids=lambda m: m._meta.label)
def test_every_model_is_in_the_admin(model):
    """Registered, or shown as an inline of a registered model (read-only audit rows included)."""
    shown = model in admin.site._registry or model in _inline_models() or model._meta.auto_created
    assert shown, f"{model._meta.label} 未在后台显示（未注册，也不是任何后台页面的内联）"


APP_PACKAGES = ("minsheng", "projects", "candidates", "proposals", "progress", "observers", "reports")
ROOT = Path(__file__).resolve().parents[2]


def _python_files(*tops: str):
    for top in tops:
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield node, ast.unparse(node.func)


def test_no_dunder_import():
    """Imports are written as imports, where import-linter and readers can see them."""
    found = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in _python_files(*APP_PACKAGES, "tests", "bench")
        for node, name in _calls(ast.parse(path.read_text(encoding="utf-8")))
        if name == "__import__"
    ]
    assert not found, "请改用 import 语句：" + "，".join(found)


def test_app_code_dates_in_china_time():
    """The container's clock has no time zone: date.today() before 08:00 China time is yesterday."""
    naive = {"date.today", "datetime.date.today", "datetime.today", "datetime.now", "datetime.datetime.now"}
    found = [
        f"{path.relative_to(ROOT)}:{node.lineno} {name}()"
        for path in _python_files(*APP_PACKAGES)
        for node, name in _calls(ast.parse(path.read_text(encoding="utf-8")))
        if name in naive and not node.args and not node.keywords
    ]
    assert not found, "请改用 timezone.localdate() / timezone.now()：" + "，".join(found)

