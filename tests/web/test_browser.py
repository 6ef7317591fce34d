"""Pages in a real browser: Playwright driving Debian's Chromium (/usr/bin/chromium)."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.web.conftest import Server, start_server, stop_server

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not installed: run the README's test command")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    dialogs: list[str] = []
    opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    opened.dialogs = dialogs  # type: ignore[attr-defined]
    yield opened
    context.close()


def test_browse_from_home_to_agency_unit_figure_and_source(live: Server, page: Page,
                                                           tmp_path: Path) -> None:
    page.goto(live.url + "/")
    page.click("a.agency")
    assert page.locator("h1").inner_text() == "鄂州市人民政府办公室"
    charts = page.locator("figure.chart")
    assert charts.count() >= 6
    operating = page.locator("figure.chart[data-section='operating-costs']")
    assert operating.locator("svg rect").count() == 21
    assert "各项之和与合计不符" in operating.locator("figcaption").inner_text()
    three_public = page.locator("figure.chart[data-section='three-public']").first
    three_public.locator("summary").click()  # the numbers as a table
    assert "84.18 万元" in three_public.locator("table").inner_text()
    shot = tmp_path / "agency.png"
    page.screenshot(path=str(shot), full_page=True)
    header = shot.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    assert width >= 1280 and height > 900

    page.click("table.props a:text('督查室')")
    assert page.locator("h1").inner_text() == "督查室"
    page.go_back()

    three_public = page.locator("figure.chart[data-section='three-public']").first
    three_public.locator("summary").click()
    three_public.locator("table a:text('公务接待费')").click()
    assert page.locator("h1").inner_text() == "公务接待费"
    assert "9,200 元" in page.locator(".figure-box").inner_text()
    assert page.locator(".source mark").inner_text() == "0.92万元"
    page.click("a.source-report")
    assert page.locator("h1").inner_text() == "鄂州市人民政府办公室2018年度部门决算"
    assert page.dialogs == []  # type: ignore[attr-defined]


def test_language_switch(live: Server, page: Page) -> None:
    page.goto(live.url + "/def/Figure")
    assert page.locator("h1").inner_text() == "数字"
    page.click("a.lang-en")
    assert page.locator("h1").inner_text() == "figure"
    assert page.locator("html").get_attribute("lang") == "en"
    page.click("a.lang-zh")
    assert page.locator("h1").inner_text() == "数字"


def test_search_box(live: Server, page: Page) -> None:
    page.goto(live.url + "/")
    page.fill("form.search.big input[name=q]", "督查")
    page.press("form.search.big input[name=q]", "Enter")
    page.click("ol.hits a:text('督查室')")
    assert page.locator("h1").inner_text() == "督查室"


# (short enough to be read as unit names: at most 28 characters, no parentheses but a last one)
PAYLOAD = "<script>__pwned=1</script>科"
IMAGE = "<img src onerror=alert`1`>室"
HOSTILE = f"""鄂州市测试局2019年部门决算
一、部门基本情况
(一)部门预算单位构成
鄂州市测试局为一级预算单位,无二级单位。内设机构共有2个,分别是:{PAYLOAD}、{IMAGE}。
(二)人员基本情况
编制人数10名。
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A store built from a report whose unit name is a script."""
    from fiscal_kg.build import build
    from fiscal_kg.pipeline.iris import Minter

    folder = tmp_path_factory.mktemp("hostile")
    report = folder / "hostile.txt"
    report.write_text(HOSTILE, encoding="utf-8")
    store = folder / "store"
    assert build([report], store, Minter()).published
    server = start_server(store, folder / "server.log")
    yield server
    stop_server(server)


def test_a_label_with_a_script_renders_as_text(hostile: Server, page: Page) -> None:
    page.goto(hostile.url + "/id/agency/鄂州市测试局")
    units = page.locator("table.props").inner_text()
    assert PAYLOAD in units and IMAGE in units
    assert page.locator("table.props img").count() == 0
    page.click("table.props a:text('__pwned')")
    assert page.locator("h1").inner_text() == PAYLOAD
    assert page.evaluate("window.__pwned") is None
    assert page.dialogs == []  # type: ignore[attr-defined]
