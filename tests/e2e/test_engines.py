"""The cross-engine leg: what a person does on this site, in Firefox and in WebKit (Safari's
engine), as Chromium does it in the rest of the suite (DESIGN section 4: current Chromium/Edge,
Firefox and Safari all work).

In each engine: the memory-snapshot boot (not the fallback), every golden case through
window.calculator with exactly CPython's answers, a self-check typed and clicked through the
page, /forms/ filled with an imported roster and its XLSX downloaded and opened, and the whole
site offline after one visit. Screenshots of each page in each engine are kept in
build/e2e-engines/ for a person to look at. The engines themselves are in engines.py.
"""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from calculator.forms.idcard import check_char
from calculator.assessment.golden import compare_result

from .golden_cases import CASES, RUN_ALL, cpython_answer, load, name, requests
from .servers import ROOT, recording_server

SHOTS = ROOT / "build" / "e2e-engines"
HUNAN = "hunan-2023"
LY = "henan-luoyang-2023"


@pytest.fixture(scope="session")
def site(engine, site_dir):
    """The site on a server of its own per engine (a fresh origin: nothing cached), with
    the log of what the engine asked it for."""
    with recording_server(site_dir) as (url, log, _stop):
        yield url, log


def shot(engine, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    engine.screenshot(SHOTS / f"{engine.name}-{name}.png")


# ---- the boot ----------------------------------------------------------------------------------


def test_the_snapshot_boot_is_used(engine, site):
    url, log = site
    engine.goto(url + "calculator/")
    assert engine.js("return window.browserCheck.missing();") == []
    assert engine.ready() is True
    served = {path.rsplit("/", 1)[-1]: status for path, status in log}
    # A snapshot boot reads the checked memory image and never installs the wheel; the
    # fallback (a plain boot) would fetch calculator-*.whl through the lockfile.
    assert served.get("snapshot.pages.gz") == 200, sorted(served)
    assert served.get("snapshot.json") == 200
    assert not [name for name in served if name.startswith("calculator-") and name.endswith(".whl")]
    engine.wait_for("document.querySelector('#calc.is-ready')")
    assert "已就绪" in engine.text(".calc-status")
    shot(engine, "calculator")


# ---- golden cases --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def engine_answers(engine, site):
    url, _ = site
    engine.goto(url + "calculator/")
    engine.ready()
    return engine.js(RUN_ALL, requests())


def test_every_golden_case_ran(engine_answers):
    assert set(engine_answers) == {name(path) for path in CASES}


@pytest.mark.parametrize("path", CASES, ids=name)
def test_golden_case_matches_cpython(engine_answers, path):
    case = load(path)
    answer = engine_answers[name(path)]
    assert answer == cpython_answer(case)
    if answer["ok"]:
        assert compare_result(case["expected"], answer["result"]) == []
    else:
        assert answer["field"] == case["error"]["field"]


# ---- a self-check through the page -------------------------------------------------------------


def entry(n: int) -> str:
    return f'.calc-policy[data-policy="{HUNAN}"] .calc-sheet[data-sheet="year"] .calc-activity:nth-of-type({n})'


def add(engine, kind: str, n: int) -> str:
    engine.choose(f"#calc-kind-{HUNAN}-year", kind)
    engine.click(f'.calc-add[data-policy="{HUNAN}"][data-sheet="year"] .calc-add-button')
    engine.wait_for(f"document.querySelector({entry(n)!r})")
    return entry(n)


def earned(engine, category: str) -> str:
    return engine.text(f'.calc-result .calc-bar[data-category="{category}"] .calc-bar-earned')


def test_a_self_check_typed_into_the_page(engine, site):
    url, _ = site
    engine.goto(url + "calculator/")
    engine.js("localStorage.clear();")
    engine.goto(url + "calculator/")
    engine.ready()
    engine.choose("#calc-policy", HUNAN)
    engine.wait_for(f"!document.querySelector('.calc-policy[data-policy=\"{HUNAN}\"]').hidden")

    training = add(engine, "training", 1)
    engine.click(f'{training} input[data-field="category"][value="professional"]')
    engine.type(f'{training} input[data-field="days"]', "3")
    engine.type(f'{training} input[data-field="half_days"]', "1")
    paper = add(engine, "paper", 2)
    engine.click(f'{paper} input[data-field="role"][value="first_author"]')
    engine.type(f'{paper} input[data-field="count"]', "1")
    online = add(engine, "certified_hours", 3)
    engine.click(f'{online} input[data-field="category"][value="public"]')
    engine.type(f'{online} input[data-field="hours"]', "12.5")
    exam = add(engine, "computer_exam", 4)
    engine.type(f'{exam} input[data-field="modules"]', "2")

    engine.wait_for("document.querySelector('.calc-result .calc-bar[data-category=\"total\"] .calc-bar-earned')"
                    ".textContent.trim() === '116.5'")
    assert earned(engine, "professional").strip() == "104"
    assert "已达到要求" in engine.text(".calc-result .calc-verdict")
    assert engine.js("return document.querySelectorAll('.calc-details table.calc-trace tbody tr').length") == 4

    # A mistake is named next to its box, the other entries stay as typed; fixing it recalculates.
    award = add(engine, "award_prefecture", 5)
    engine.type(f'{award} input[data-field="rank"]', "第三")
    engine.wait_for(f"document.querySelector({award + ' .calc-error[data-for=rank]'!r}).textContent.trim()")
    assert engine.js(f"return document.querySelector({training + ' input[data-field=days]'!r}).value") == "3"
    shot(engine, "calculator-mistake")
    engine.type(f'{award} input[data-field="rank"]', "3")
    engine.wait_for("document.querySelector('.calc-result .calc-bar[data-category=\"total\"] .calc-bar-earned')"
                    ".textContent.trim() === '176.5'")

    # The answers are kept in this browser: a reload shows them again.
    engine.goto(url + "calculator/")
    engine.ready()
    engine.wait_for("document.querySelector('.calc-result .calc-bar[data-category=\"total\"] .calc-bar-earned')"
                    ".textContent.trim() === '176.5'")
    assert engine.js(f"return document.querySelector({exam + ' input[data-field=modules]'!r}).value") == "2"
    shot(engine, "calculator-filled")


# ---- /forms/ ---------------------------------------------------------------------------------


def people(count: int) -> list[str]:
    out = []
    for i in range(count):
        base = f"410302{1970 + i}0{1 + i}1{i}{100 + i:03d}"
        out.append(base + check_char(base))
    return out


def test_forms_import_a_roster_and_download_the_xlsx(engine, site, tmp_path):
    url, _ = site
    ids = people(3)
    roster = tmp_path / "名单.csv"
    roster.write_text("序号,姓名,性别,专业,身份证号码,公需科目学时,专业科目学时\n"
                      + "".join(f"{i},人员{i},,临床医学,{n},30,{60 if i != 2 else 45}\n"
                                for i, n in enumerate(ids, 1)), encoding="utf-8")
    engine.goto(url + "forms/")
    engine.js("localStorage.clear();")
    engine.goto(url + "forms/")
    engine.ready()
    engine.wait_for("document.querySelector('.forms-status').textContent.includes('已就绪')")
    unit = f'.forms-editor[data-editor="unit"][data-policy="{LY}"]'
    engine.type(f"{unit} [data-field=unit_name]", "洛阳市第一人民医院")
    editor = f'.forms-editor[data-editor="roster"][data-policy="{LY}"]'
    engine.upload(f"{editor} [data-role=file]", roster)
    engine.wait_for(f"document.querySelector({editor + ' [data-role=import]'!r}).textContent.includes('导入 3 人')")
    grade = f'.forms-form[data-policy="{LY}"][data-form="grade_sheet"]'
    engine.wait_for(f"document.querySelector({grade + ' [data-role=state]'!r}).textContent.trim() === '已填写'")
    engine.wait_for(f"!document.querySelector({grade + ' [data-action=xlsx]'!r}).disabled")
    engine.element(f"{grade} [data-role=paper]")
    shot(engine, "forms")

    name, data = engine.download(f"{grade} [data-action=xlsx]")
    assert name == "2023年度洛阳市第一人民医院专业技术人员继续教育参训人员成绩单.xlsx"
    assert data[:2] == b"PK"
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][:5] == ("序号", "姓名", "性别", "专业", "身份证号")
    people_rows = [r for r in rows[4:] if isinstance(r[0], int)]
    assert [(r[0], r[1], r[4]) for r in people_rows] == [(i, f"人员{i}", n) for i, n in enumerate(ids, 1)]
    # Every cell is inert text or a number: nothing a spreadsheet would evaluate.
    assert not [c for r in rows for c in r if isinstance(c, str) and c.startswith("=")]


# ---- offline after one visit -----------------------------------------------------------------


def test_the_whole_site_works_offline_after_one_visit(engine, site_dir):
    with recording_server(site_dir) as (url, _log, stop):
        engine.goto(url + "calculator/")
        engine.ready()
        # The service worker registers once Python is ready and precaches one build.
        engine.wait_for("navigator.serviceWorker.ready.then(() => true)", 120)
        engine.wait_for("navigator.serviceWorker.controller || navigator.serviceWorker.ready.then((r) => r.active)", 60)
        engine.goto(url + "forms/")
        engine.ready()
        stop()      # the site is off the network from here on

        for path, marker in (("", "学时自查"), ("policies/hunan-2023/", "折算"),
                             ("policies/henan-luoyang-2023/", "备案")):
            engine.goto(url + path)
            assert marker in engine.text("article"), path
        shot(engine, "offline-notice")
        engine.goto(url + "calculator/")
        assert engine.ready() is True
        result = engine.js("""return await window.calculator.assess({policy: "hunan-2023", year: 2023,
            activities: [{kind: "certified_hours", category: "professional", hours: 90}]});""")
        assert result["earned"]["total"] == 90
        engine.goto(url + "forms/")
        assert engine.ready() is True


# ---- how the pages look ----------------------------------------------------------------------


@pytest.mark.parametrize("path", ["", "policies/hunan-2023/", "policies/compare/"])
def test_reading_pages_render(engine, site, path):
    url, _ = site
    engine.goto(url + path)
    assert engine.js("return document.fonts.ready.then(() => document.querySelector('h1').textContent.length > 0)")
    # No horizontal scrolling at desktop width, and the page's own styles are applied.
    assert engine.js("return document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert engine.js("return getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    shot(engine, re.sub(r"[^a-z0-9]+", "-", path).strip("-") or "home")
