"""The worked-examples page (/calculator/examples/) is generated from the golden cases of
the site's policies (tests/cases/<policy-id>/, tests/cases/_any/) by running the real calculator at build time: every case appears, with
the engine's own result or error message, and a link that opens it in the self-check."""

from __future__ import annotations

import base64
import json
import re
import sys
from html import unescape
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from sitebuild.cases import case_files, golden_cases  # noqa: E402

import calculator  # noqa: E402

CASES = ROOT / "tests" / "cases"
PAGE = ROOT / "site" / "calculator" / "examples" / "index.html"


@pytest.fixture(scope="module")
def cases():
    return golden_cases(CASES, calculator.policy_ids())


def test_every_golden_case_is_an_example(cases):
    files = case_files(CASES, calculator.policy_ids())
    assert files, "no golden cases"
    assert not [c for c in cases if "fixture" in c["path"]], "the real site shows no test fixture"
    assert [c["path"] for c in cases] == [f.relative_to(ROOT).as_posix() for f in files]
    assert len({c["id"] for c in cases}) == len(cases), "case file names must be unique (they are anchors)"


def test_each_example_is_what_the_engine_answers(cases):
    for case in cases:
        run = calculator.assess_span if case["span"] else calculator.assess
        try:
            assert case["result"] == run(case["input"]) and case["error"] is None, case["id"]
        except calculator.InputError as error:
            assert case["result"] is None and case["error"] == error.to_dict(), case["id"]
    assert any(c["error"] for c in cases) and any(c["result"] for c in cases)


def test_share_link_carries_the_input(cases):
    for case in cases:
        text = case["share"]
        assert re.fullmatch(r"[A-Za-z0-9_-]+", text), case["id"]
        data = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
        assert data == json.loads(json.dumps(case["input"], default=str)), case["id"]


@pytest.fixture(scope="module")
def page_html():
    if not PAGE.is_file():
        pytest.fail("site/ is not built: run `make site` (make test and make unit do it first)")
    return PAGE.read_text(encoding="utf-8")


def example_block(html: str, case_id: str) -> str:
    start = html.index(f'id="{case_id}"')
    end = html.find('<h3 id="', start + 1)
    return html[start:end if end > 0 else len(html)]


def test_page_shows_every_case_with_its_outcome(cases, page_html):
    for case in cases:
        block = unescape(example_block(page_html, case["id"]))
        if case["error"]:
            assert "输入错误" in block and case["error"]["problem"] in block, case["id"]
            assert case["error"]["field"] in block, case["id"]
        else:
            badge = "达到要求" if case["result"]["passed"] else "未达到要求"
            assert f">{badge}<" in block, case["id"]
            for entry in case["result"].get("trace", []):
                assert entry["working"] in block, case["id"]
        assert case["path"] in block, case["id"]


def test_page_links_figures_to_clauses_and_cases_to_the_selfcheck(cases, page_html):
    for case in cases:
        block = example_block(page_html, case["id"])
        policy = case["input"].get("policy") if isinstance(case["input"], dict) else None
        if case["result"]:
            assert f'href="../../policies/{policy}/#' in block, case["id"]
        if policy in calculator.policy_ids():
            assert f'href="../#s={case["share"]}"' in block, case["id"]
