"""The office's 建账导入 pages: template download, upload → preview → confirm, and the set-up checklist."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from minsheng.accounts.models import Organisation, Role
from minsheng.common import workbook as wb
from projects import workbooks as pw
from projects.models import Indicator, IndicatorTarget
from tests.factories import UserFactory
from tests.workbooks import book

pytestmark = pytest.mark.django_db

O_HEADERS = ["单位全称", "简称", "类型", "上级单位", "代码", "排序"]


@pytest.fixture
def office(client):
    user = UserFactory(username="office_x", role=Role.OFFICE, organisation=None)
    client.force_login(user)
    return user


def upload(client, kind, f):
    return client.post("/setup/import/", {"kind": kind, "file": f})


def test_only_the_office_opens_the_setup_pages(client):
    clerk = UserFactory(username="c1", role=Role.COUNTY)
    client.force_login(clerk)
    assert client.get("/setup/").status_code == 403
    assert client.get("/setup/checklist/").status_code == 403


def test_template_download_has_instructions_and_examples(client, office):
    resp = client.get("/setup/template/?kind=programme")
    assert resp.status_code == 200
    book_ = load_workbook(io.BytesIO(resp.content))
    assert book_.sheetnames == ["年度实事计划", "填写说明", "示例"]
    assert [c.value for c in book_["年度实事计划"][1]] == [c.header for c in pw.ProgrammeKind.columns]
    assert book_["示例"].max_row == 1 + len(pw.ProgrammeKind.examples)
    assert client.get("/setup/template/?kind=nothing").status_code == 404


def test_upload_preview_confirm_stores_only_after_confirm(client, office):
    rows = [["湖东省", "", "省", "", "", 1], ["青山市", "", "市（州）", "湖东省", "", 1]]
    resp = upload(client, "organisations", book("组织机构", O_HEADERS, rows))
    body = resp.content.decode()
    assert resp.status_code == 200 and "新增 2" in body and "确认导入" in body
    assert not Organisation.objects.exists()
    token = resp.context["token"]
    resp = client.post("/setup/import/", {"token": token})
    assert "已导入组织机构：新增 2 个单位" in resp.content.decode()
    assert Organisation.objects.filter(name="青山市", parent__name="湖东省").exists()
    # the token is spent: a second confirm stores nothing more and says so
    resp = client.post("/setup/import/", {"token": token})
    assert wb.ERR_STALE in resp.content.decode()


def test_bad_workbook_shows_errors_by_row_and_column_and_stores_nothing(client, office):
    rows = [["湖东省", "", "省", "", "", 1], ["青山市", "", "市", "湖东是", "", 1]]
    resp = upload(client, "organisations", book("组织机构", O_HEADERS, rows))
    body = resp.content.decode()
    assert "发现 1 处错误，未导入任何数据" in body
    assert "第 3 行" in body and "D 列（上级单位）" in body and "您是否要找“湖东省”？" in body
    assert "确认导入" not in body
    assert not Organisation.objects.exists()


def test_wrong_kind_keeps_the_choice_and_says_which_kind_it_is(client, office):
    resp = upload(client, "users", book("组织机构", O_HEADERS, [["湖东省", "", "省", "", "", 1]]))
    body = resp.content.decode()
    assert "这是“组织机构”工作簿，不是所选的“用户”" in body
    assert resp.context["form"]["kind"].value() == "users"


def test_checklist_names_missing_clerk_and_targets_with_links(client, office):
    province = Organisation.objects.create(name="湖东省", kind="province")
    city = Organisation.objects.create(name="青山市", kind="city", parent=province)
    Organisation.objects.create(name="洞口县", kind="county", parent=city)
    Organisation.objects.create(name="青山市教育局", short_name="市教育局", kind="department", parent=city)
    rows = [
        [
            2025,
            "青山市",
            "省定",
            1,
            "教育",
            1,
            "学校",
            "",
            "建设学校",
            "所",
            "",
            3,
            "",
            "",
            "市教育局",
            "",
            "",
        ]
    ]
    f = book("年度实事计划", [c.header for c in pw.ProgrammeKind.columns], rows)
    wb.workbook_commit(uploaded=f, expected="programme", actor=office)
    body = client.get("/setup/checklist/").content.decode()
    assert "洞口县没有县市区专班账户" in body and "/setup/?kind=users" in body
    assert "1 个指标尚未分解到县市区" in body and "/setup/?kind=targets" in body
    assert "青山市没有专班办公室" in body
    assert "尚未开启第一个调度月份" in body
    UserFactory(username="dk", role=Role.COUNTY, organisation=Organisation.objects.get(name="洞口县"))
    ind = Indicator.objects.get()
    IndicatorTarget.objects.create(indicator=ind, county=Organisation.objects.get(name="洞口县"), target=3)
    body = client.get("/setup/checklist/").content.decode()
    assert "洞口县没有县市区专班账户" not in body
    assert "各指标均已分解到县市区" in body


def test_office_navigation_links_to_setup(client, office):
    assert 'href="/setup/"' in client.get("/").content.decode()


def test_checklist_on_the_demo_names_counties_without_a_clerk(
    client, office_user, django_assert_max_num_queries
):
    client.force_login(office_user)
    with django_assert_max_num_queries(60):
        body = client.get("/setup/checklist/").content.decode()
    assert "洞口县没有县市区专班账户" not in body  # county_dongkou reports for 洞口县
    assert "隆回县没有县市区专班账户" in body


def test_users_import_shows_the_password_sheet_once_and_uncached(client, office):
    province = Organisation.objects.create(name="湖东省", kind="province")
    city = Organisation.objects.create(name="青山市", kind="city", parent=province)
    Organisation.objects.create(name="甲县", kind="county", parent=city)
    rows = [["李明", "county_jia", "县市区专班", "甲县", "", ""]]
    f = book("用户", ["姓名", "登录名", "角色", "所属单位", "联系电话", "电子邮箱"], rows)
    resp = upload(client, "users", f)
    assert "初始密码" not in resp.content.decode()
    resp = client.post("/setup/import/", {"token": resp.context["token"]})
    body = resp.content.decode()
    assert "初始密码单" in body and "county_jia" in body
    password = resp.context["result"].sheet[0]["初始密码"]
    assert password in body and resp["Cache-Control"] == "no-store"
    from minsheng.accounts.models import User

    assert User.objects.get(username="county_jia").check_password(password)
    assert password not in str(dict(client.session))  # not kept in the session
