"""A notice is data: the invented fixture policy of tests/fixtures/policies (示例市, a made-up
city, marked as test data) works end to end in CPython with no code written for it: its
rules validate and cite its notice, the engine assesses it, the command line lists it,
its form renders and fills from a roster, and the build generates its notice page,
self-check, worked examples and form. (The browser side: tests/e2e/test_fixture_site.py.)
It never reaches the real site."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from pathlib import Path

import pytest

import calculator
from calculator.cli import main
from calculator.forms import render
from calculator.forms.idcard import check_char
from calculator.forms.ops import roster_op
from calculator.policy import notice
from calculator.policy.folders import EXTRA_ROOTS
from sitebuild import pages, policies, wheel
from sitebuild.cases import case_files
from sitebuild.runtime import StagedRuntime

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "policies"
FIXTURE = "shili-fixture-2023"


@pytest.fixture
def fixtures(monkeypatch):
    monkeypatch.setenv(EXTRA_ROOTS, str(FIXTURES))


def test_the_fixture_is_not_a_shipped_policy():
    assert FIXTURE not in calculator.policy_ids()
    with pytest.raises(calculator.InputError):
        calculator.assess({"policy": FIXTURE})
    assert not (ROOT / "policies" / FIXTURE).exists()


def test_the_fixture_says_it_is_test_data():
    text = (FIXTURES / FIXTURE / "notice.md").read_text(encoding="utf-8")
    assert "测试数据" in text.split("---")[1] and "虚构" in text.split("---")[1]       # front matter
    assert "本通知为测试数据" in text and "示例市并不存在" in text                        # the notice
    rules = (FIXTURES / FIXTURE / "rules.toml").read_text(encoding="utf-8")
    assert rules.startswith("# TEST DATA")


def test_its_rules_are_valid_and_every_figure_is_in_its_notice(fixtures):
    calculator.check_citations(FIXTURE)
    data = calculator.policy_data(FIXTURE)
    assert notice.fidelity_problems(data, notice.read_notice(FIXTURE)) == []
    assert {k["method"] for k in data["kinds"].values()} == {"certified", "per_item"}
    assert len(data["circumstances"]["reasons"]) == 1 and list(data["forms"]) == ["register"]


def test_the_engine_assesses_it(fixtures):
    r = calculator.assess({"policy": FIXTURE, "activities": [
        {"kind": "certified_hours", "category": "public", "hours": 24}, {"kind": "lecture", "count": 6}]})
    assert r["passed"] and r["earned"] == {"public": 24, "professional": 48, "total": 72}
    described = calculator.describe(FIXTURE)
    assert [k["rate"] for k in described["kinds"]] == ["按证书、成绩单等认定的学时计入", "每场 8 学时"]
    assert described["circumstances"]["reasons"][0]["on_post_months_below"] == 9


def test_the_command_line_knows_it(fixtures, capsys, tmp_path):
    assert main(["rules", FIXTURE]) == 0
    out = capsys.readouterr().out
    assert "每场 8 学时" in out and "示例市 三（二） 专业讲座" in out
    data = tmp_path / "me.json"
    data.write_text(json.dumps({"policy": FIXTURE, "activities": [{"kind": "lecture", "count": 2}]}), encoding="utf-8")
    assert main(["assess", str(data)]) == 0
    out = capsys.readouterr().out
    assert "还差 32 学时专业科目" in out and "〔示例市 三（二） 专业讲座〕" in out


def people(count: int) -> list[str]:
    out = []
    for i in range(count):
        base = f"110105{1970 + i}0{1 + i % 9}1{i % 10}{100 + i:03d}"
        out.append(base + check_char(base))
    return out


def test_its_form_renders_blank_and_fills_from_a_roster(fixtures):
    blank = render(FIXTURE, "register", None, "html")
    assert "学时登记表" in blank and "公需科目学时" in blank
    a, b = people(2)
    csv = f"姓名,身份证号,公需科目学时,专业科目学时\n张三,{a},24,48\n李四,{b},１０,２０\n"
    result = roster_op({"policy": FIXTURE, "form": "register", "format": "csv", "text": csv})
    assert result["counts"] == {"read": 2, "kept": 2, "rejected": 0}
    assert [p["passed"] for p in result["people"]] == [True, False]
    rows = result["forms"]["register"]["rows"]
    assert [r["total_hours"] for r in rows] == ["72", "30"]
    filled = render(FIXTURE, "register", result["forms"]["register"], "xlsx")
    assert zipfile.is_zipfile(io.BytesIO(filled))


def test_its_cases_pass(fixtures):
    from calculator.assessment.golden import run_case
    import tomllib
    files = case_files(ROOT / "tests" / "cases", [FIXTURE])
    mine = [f for f in files if FIXTURE in f.parts]
    assert len(mine) >= 5
    for path in mine:
        assert run_case(tomllib.loads(path.read_text(encoding="utf-8"))) == [], path.name


def test_the_real_wheel_carries_no_fixture_and_a_test_wheel_does(tmp_path):
    real = wheel.build(ROOT, tmp_path / "real")
    names = zipfile.ZipFile(real).namelist()
    assert "calculator/policies/hunan-2023/rules.toml" in names
    assert not [n for n in names if FIXTURE in n]
    test = wheel.build(ROOT, tmp_path / "test", extra_policies=[FIXTURES])
    names = zipfile.ZipFile(test).namelist()
    assert f"calculator/policies/{FIXTURE}/rules.toml" in names and f"calculator/policies/{FIXTURE}/notice.md" in names


@pytest.fixture
def fixture_site(fixtures, tmp_path):
    """The pages the build generates for a site with the fixture beside the real notices."""
    catalogue = policies.load(ROOT / "policies", FIXTURES)
    folder = tmp_path / "runtime" / "0123456789ab"
    folder.mkdir(parents=True)
    (folder / "pyodide.asm.wasm").write_bytes(b"\0" * 1000)
    runtime = StagedRuntime(folder=folder, version="0", packages=("calculator",))
    out = tmp_path / "docs"
    pages.generate(catalogue, runtime, web=ROOT / "web", out=out)
    return out


def test_the_build_generates_its_pages(fixture_site):
    page = (fixture_site / "policies" / FIXTURE / "index.md").read_text(encoding="utf-8")
    assert "【测试数据】示例市" in page and "{#s3-2-lectures}" in page
    assert "每场 8 学时" in page                                          # the overview, worded by its method
    calc = (fixture_site / "calculator" / "index.md").read_text(encoding="utf-8")
    assert f'data-policy="{FIXTURE}"' in calc and 'data-kind="lecture"' in calc
    examples = (fixture_site / "calculator" / "examples" / "index.md").read_text(encoding="utf-8")
    assert f"tests/cases/{FIXTURE}/basic-pass.toml" in examples and "单个年度：示例市（虚构） 2023 年通知" in examples
    forms = (fixture_site / "forms" / "index.md").read_text(encoding="utf-8")
    assert f'data-form="{FIXTURE}/register"' in forms and 'data-source="roster"' in forms
    compare = (fixture_site / "policies" / "compare" / "index.md").read_text(encoding="utf-8")
    assert "市级专业讲座" in compare


def test_share_links_of_its_examples_carry_the_fixture(fixture_site):
    examples = (fixture_site / "calculator" / "examples" / "index.md").read_text(encoding="utf-8")
    share = examples.split(f"tests/cases/{FIXTURE}/basic-pass.toml")[1].split('href="../#s=')[1].split('"')[0]
    data = json.loads(base64.urlsafe_b64decode(share + "=" * (-len(share) % 4)))
    assert data["policy"] == FIXTURE
