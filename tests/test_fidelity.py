"""Fidelity of rules.toml to the notice text.

Every figure in rules.toml (requirements, rates, months, percentages, dates...; which
values are figures is declared in calculator.policy.declaration) must be written in the section of
notice.md its entry cites: from the cited anchor's heading to the next heading. Every
citation must resolve to an anchor. A missing notice.md is a failure, not a skip: the
figures would then be unchecked.

How a figure may be written: a number as a number token ("90学时", "每篇 30"), or in
Chinese numerals ("前五名"); a percentage followed by % ("1.5%"); a fraction as "2/3";
a number of months as months ("6个月") or, when whole years, as years ("满一年",
"超过 1 年"); a date as its year and its "N月" and "N日" ("2023 年 10 月 11 日至 20 日").
"""

from __future__ import annotations

import pytest

import calculator
from calculator.policy import declaration, notice

POLICIES = ["henan-luoyang-2023", "hunan-2023"]


def test_the_shipped_policies_are_the_ones_checked_here():
    assert calculator.policy_ids() == POLICIES


@pytest.fixture(params=POLICIES)
def policy(request):
    pid = request.param
    markdown = notice.read_notice(pid)
    assert markdown is not None, f"policies/{pid}/notice.md is missing: its figures cannot be checked"
    return pid, calculator.policy_data(pid), markdown


def test_every_citation_resolves(policy):
    pid, data, markdown = policy
    assert notice.missing_anchors(data, markdown) == []


def test_every_figure_is_written_in_the_section_it_cites(policy):
    pid, data, markdown = policy
    problems = notice.fidelity_problems(data, markdown)
    assert problems == [], "\n".join(f"policies/{pid}/rules.toml: {p}: {m}" for p, m in problems)


def test_there_are_figures_to_check(policy):
    pid, data, _ = policy
    assert len(declaration.figures(data)) >= 15


def test_a_changed_figure_is_caught(policy):
    pid, data, markdown = policy
    data["requirements"]["total"] = 91
    assert notice.fidelity_problems(data, markdown) == [
        ("requirements.total", "91 (number) is not written in section "
                               f"#{data['requirements']['clause']}")]


def test_a_figure_cited_to_the_wrong_clause_is_caught(policy):
    pid, data, markdown = policy
    data["requirements"]["clause"] = "preamble"
    assert any(path == "requirements.total" for path, _ in notice.fidelity_problems(data, markdown))


# ----------------------------------------------------- the matcher itself

SAMPLE = """\
# 通知 {#top}

### （二）学时要求 {#req}
每年累计不少于90学时（分），其中，专业科目一般不少于总学时（分）
的 2/3。

#### 1. 年度内在境外工作超过6个月的； {: #away .item }

### 四、经费 {#money}
一般企业按照职工工资总额的1.5%足额提取，不超过工资薪金总额８％的部分。
获地厅级奖项的，前五名完成人每项折算 60 学时；满一年的计算完成。

### 三、备案 {#filing}
备案时间：2023 年 10 月 11 日至 20 日、12 月 11 日至 20 日的工作日时间。

A heading without an anchor
## 无锚点的标题
不属于任何一节：100
"""


def test_sections_run_from_heading_to_next_heading():
    secs = notice.sections(SAMPLE)
    assert set(secs) == {"top", "req", "away", "money", "filing"}
    assert secs["req"].startswith("### （二）学时要求") and "2/3" in secs["req"]
    assert "6个月" not in secs["req"] and "6个月" in secs["away"]
    assert "100" not in secs["filing"]


@pytest.mark.parametrize("anchor, value, kind, found", [
    ("req", 90, "number", True), ("req", 60, "number", False), ("req", "2/3", "fraction", True),
    ("req", "1/3", "fraction", False), ("away", 6, "months", True), ("money", 1.5, "percent", True),
    ("money", 8, "percent", True), ("money", 2.5, "percent", False), ("money", 5, "number", True),
    ("money", 12, "months", True), ("money", 24, "months", False), ("money", 60, "number", True),
    ("filing", "2023-10-11", "date", True), ("filing", "2023-12-20", "date", True),
    ("filing", "2023-10-21", "date", False), ("filing", "2024-10-11", "date", False),
    ("req", 2, "number", True),
])
def test_token_matching(anchor, value, kind, found):
    tokens = notice.Tokens(notice.sections(SAMPLE)[anchor])
    assert tokens.has(value, kind) is found


@pytest.mark.parametrize("text, value", [("一", 1), ("五", 5), ("十", 10), ("十二", 12), ("二十", 20),
                                         ("三十五", 35), ("二零二三", 2023), ("百", None)])
def test_chinese_numbers(text, value):
    assert notice.chinese_number(text) == value
