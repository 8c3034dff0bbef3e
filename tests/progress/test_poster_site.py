"""Issue 17 part 8: the A4 poster shows what a passer-by needs (name, 实施单位, 地点, 工期, 监督电话, a large QR),
and production refuses to print one while SITE_URL is unset or a local address."""

import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse

from progress import qr

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("site_url", "problem"),
    [
        ("", qr.ERR_SITE_URL_UNSET),
        ("   ", qr.ERR_SITE_URL_UNSET),
        ("minsheng.example.gov.cn", qr.ERR_SITE_URL_UNSET),  # no scheme: not an address a phone opens
        ("http://127.0.0.1:8000", "local"),
        ("http://localhost:8000/", "local"),
        ("http://[::1]/", "local"),
        ("http://192.168.1.20/", "local"),
        ("http://10.0.0.5:8080", "local"),
        ("http://web01:8000", "local"),
        ("https://minsheng.local", "local"),
        ("https://ms.shaoyang.gov.cn", None),
        ("https://ms.shaoyang.gov.cn/", None),
        ("http://58.20.1.10/", None),
    ],
)
def test_site_url_problem(site_url, problem):
    got = qr.site_url_problem(site_url)
    if problem == "local":
        assert got == qr.ERR_SITE_URL_LOCAL.format(url=site_url.strip())
    else:
        assert got == problem


def test_poster_refused_with_a_message_when_required_and_local(client, world, settings):
    cache.clear()
    url = reverse("progress:project_poster", args=[world["ind"].project.public_code])
    settings.MINSHENG = {**settings.MINSHENG, "POSTER_REQUIRE_PUBLIC_SITE_URL": True}
    for site in ("", "http://127.0.0.1:8000"):
        settings.SITE_URL = site
        r = client.get(url)
        page = r.content.decode()
        assert r.status_code == 503 and r["Content-Type"].startswith("text/html")
        assert "暂不能打印亮码海报" in page and "SITE_URL" in page and "%PDF" not in page
    settings.SITE_URL = "https://ms.shaoyang.gov.cn"
    r = client.get(url)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    # a developer's machine (the requirement off) may print with a local address
    settings.MINSHENG = {**settings.MINSHENG, "POSTER_REQUIRE_PUBLIC_SITE_URL": False}
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert client.get(url).status_code == 200
    cache.clear()


def test_production_settings_require_a_public_site_url():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "minsheng.settings.production",
        "SECRET_KEY": "x" * 60,
        "DEBUG": "False",
        "SITE_URL": "http://127.0.0.1:8000",
    }
    env.pop("POSTER_REQUIRE_PUBLIC_SITE_URL", None)
    code = "import django; django.setup(); from progress import qr; print(qr.poster_print_refusal() or 'OK')"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, check=True
    ).stdout
    assert "暂不能打印亮码海报" in out and "127.0.0.1" in out


def test_poster_facts_for_a_passer_by(world):
    w = world
    project = w["ind"].project
    dept = w["dept"].organisation
    dept.public_phone = "0739-5320000"
    dept.save()
    project.lead_unit = dept
    project.save()
    w["ind"].due_date = date(2024, 11, 30)
    w["ind"].save()
    facts = qr.poster_facts(project=project)
    assert facts == {
        "units": "测试局",
        "place": "甲县、乙县",
        "period": f"{project.matter.programme.year} 年 1 月 1 日 至 2024 年 11 月 30 日",
        "phone": "0739-5320000",
    }


@pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("zbarimg")), reason="poppler/zbar missing"
)
def test_poster_pdf_shows_the_facts_and_a_large_scannable_qr(world, tmp_path):
    w = world
    project = w["ind"].project
    dept = w["dept"].organisation
    dept.public_phone = "0739-5320000"
    dept.save()
    project.lead_unit = dept
    project.save()
    url = f"https://ms.shaoyang.gov.cn/progress/p/{project.public_code}/"
    pdf = qr.poster_pdf(project=project, url=url, base_url="https://ms.shaoyang.gov.cn/")
    path = tmp_path / "poster.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    flat = text.replace("\n", "").replace(" ", "")
    for needle in (project.name, "实施单位", "测试局", "甲县、乙县", "工期", "监督电话", "0739-5320000"):
        assert needle.replace(" ", "") in flat, needle
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M)  # everything on one A4 sheet
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(tmp_path / "pg")], check=True)
    png = next(tmp_path.glob("pg*.png"))
    out = subprocess.run(["zbarimg", "-q", str(png)], capture_output=True, text=True, check=True).stdout
    assert url in out
    # the QR code is large: printed at least 15 cm wide on the A4 sheet (21 cm)
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True)
    (row,) = [line.split() for line in listing.stdout.splitlines()[2:] if line.strip()]
    width_px, x_ppi = int(row[3]), int(row[12])
    assert width_px / x_ppi * 25.4 >= 150
