"""Page generation (scripts/sitebuild/pages.py) without a browser: clause labels, figure
wording, where interpretations go, search ranking, and the search worker fix."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from sitebuild import clauses, figures, pages, policies, search  # noqa: E402
from sitebuild.errors import BuildError  # noqa: E402
from sitebuild.runtime import StagedRuntime  # noqa: E402

TEMPLATES = ROOT / "web" / "templates"
READING_TEMPLATES = ["home.md.j2", "policies.md.j2", "notice.md.j2", "compare.md.j2", "documents.md.j2",
                     "partials/glance.md.j2", "partials/rules.md.j2", "partials/interpretation.md.j2"]


@pytest.fixture(scope="module")
def catalogue():
    return policies.load(ROOT / "policies")


@pytest.fixture(scope="module")
def by_id(catalogue):
    return {p.id: p for p in catalogue}


@pytest.fixture(scope="module")
def site(catalogue, tmp_path_factory):
    out = tmp_path_factory.mktemp("docs")
    folder = tmp_path_factory.mktemp("runtime") / "0123456789ab"
    folder.mkdir()
    for name, size in RUNTIME_SIZES.items():
        with open(folder / name, "wb") as file:
            file.truncate(size)
    runtime = StagedRuntime(folder=folder, version="0", packages=("calculator",))
    pages.generate(catalogue, runtime, web=ROOT / "web", out=out)
    return out


# A stand-in runtime folder: 3.2 MB a first visit downloads (the runtime and the larger
# of the snapshot and the plain boot's stdlib and wheel), and 0.27 MB of optional XLSX wheels.
RUNTIME_SIZES = {"pyodide.asm.wasm.gz": 3_000_000, "snapshot.pages.gz": 200_000,
                 "python_stdlib.trimmed.zip": 50_000, "calculator-0.1.0-py3-none-any.whl": 100_000,
                 "openpyxl-3.1.5-py2.py3-none-any.whl": 250_000, "et_xmlfile-2.0.0-py3-none-any.whl": 20_000}


def test_pages_state_the_download_the_build_ships(site):
    assert "首次打开需下载约 3 MB" in (site / "calculator" / "index.md").read_text(encoding="utf-8")
    forms = (site / "forms" / "index.md").read_text(encoding="utf-8")
    assert "首次打开需下载约 3 MB" in forms
    assert "需加载约 0.3 MB 的表格组件" in forms


@pytest.mark.parametrize("policy, anchor, label", [
    ("henan-luoyang-2023", "s1-3-hours-requirement", "一（三）"),
    ("henan-luoyang-2023", "s2-3-pro-rating-2", "二（三）2"),
    ("henan-luoyang-2023", "annex1-s3-time-place", "附件1·三"),
    ("henan-luoyang-2023", "table-filing-form", "附件1·四·备案表（样表）"),
    ("hunan-2023", "conversion-3", "附件·二·3"),
    ("hunan-2023", "evidence-12", "附件·一·12"),
    ("hunan-2023", "s3-title-verification", "三"),
])
def test_clause_labels_follow_the_notice_numbering(by_id, policy, anchor, label):
    assert clauses.clause_index(by_id[policy])[anchor].label == label


def test_every_anchor_of_a_notice_is_indexed_with_a_short_label(catalogue):
    for policy in catalogue:
        index = clauses.clause_index(policy)
        assert set(index) == set(policy.anchors)
        # Citations never wrap (site.css), so they must fit a phone's line.
        assert max(len(clause.label) for clause in index.values()) <= 20


def test_dates_and_periods_are_written_the_notice_way():
    assert figures.cn_date("2023-10-11") == "2023年10月11日"
    assert figures.window({"start": "2023-10-11", "end": "2023-10-20"}) == "2023年10月11日至20日"
    assert figures.window({"start": "2023-11-25", "end": "2023-12-05"}) == "2023年11月25日至12月5日"
    assert figures.months([8, 7]) == "7月至8月"
    assert figures.months([3, 9]) == "3月、9月"
    assert figures.share_of(90, "2/3") == "60"
    assert figures.share_of(100, "2/3") == "67"
    assert figures.number(30.0) == "30" and figures.number(1.5) == "1.5"


def test_interpretation_goes_after_the_clause_text_before_its_subclauses(by_id):
    policy = by_id["henan-luoyang-2023"]
    body = pages.with_interpretations(policy, lambda entry: f"BOX:{entry['id']}")
    clause = body.index("{#s2-3-pro-rating}")
    box = body.index("BOX:henan-pro-rating")
    first_item = body.index("{#s2-3-pro-rating-1}")
    assert clause < body.index("可按实际在岗时间折算应完成年度继续教育学时", clause) < box < first_item


def test_interpretation_citing_an_unknown_clause_names_the_file(by_id):
    policy = by_id["hunan-2023"]
    broken = type(policy)(**{**policy.__dict__, "data": {**policy.data, "interpretations": [
        {"id": "x", "clause": "no-such-clause", "title": "t", "text": "t", "drives": ["dates"]}]}})
    with pytest.raises(BuildError, match=r"policies/hunan-2023/rules.toml: .*#no-such-clause"):
        pages.with_interpretations(broken, lambda entry: "")


def test_pages_other_than_notices_rank_after_them():
    ranked = search.ranked_after_notices("---\ntitle: x\n---\n# x\n")
    assert ranked.startswith(f"---\ntitle: x\nsearch:\n  boost: {search.DERIVED_PAGE_BOOST}\n---\n# x")
    own = "---\ntitle: x\nsearch:\n  exclude: true\n---\n"
    assert search.ranked_after_notices(own) == own
    assert search.ranked_after_notices("# x\n").startswith("---\nsearch:\n  boost: ")


def test_search_worker_fix_applies_to_the_installed_material(tmp_path):
    search.fix_search_worker(tmp_path)
    [worker] = (tmp_path / "assets" / "javascripts" / "workers").glob("search.*.min.js")
    code = worker.read_text(encoding="utf-8")
    assert re.search(r"for\(let (\w+)=\w+\+1;\1<=\w+\.length;", code)
    assert '=>" "+[...' in code


def test_reading_templates_type_no_figures():
    """Every number on a reading page comes from rules.toml or notice.md."""
    for name in READING_TEMPLATES:
        text = (TEMPLATES / name).read_text(encoding="utf-8")
        text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)          # front matter
        text = re.sub(r"\{##.*?##\}|\{%.*?%\}|\{\{.*?\}\}", "", text, flags=re.S)  # Jinja
        text = re.sub(r"<[^>]+>|\{[#.][^}]*\}|\{ \.[^}]*\}", "", text)     # HTML, attribute lists
        text = re.sub(r"^#{1,6} ", "", text, flags=re.M)
        assert not re.findall(r"\d", text), f"{name} types a figure: {re.findall(r'.{0,12}\d.{0,12}', text)}"


def test_generated_pages_carry_the_rules_figures(site, by_id):
    henan = (site / "policies/henan-luoyang-2023/index.md").read_text(encoding="utf-8")
    data = by_id["henan-luoyang-2023"].data
    for key in ("total", "public", "professional"):
        assert f"不少于 {figures.number(data['requirements'][key])} 学时" in henan
    for item in data["funding"]["items"]:
        assert f"| {figures.number(item['percent'])}% |" in henan
    hunan = (site / "policies/hunan-2023/index.md").read_text(encoding="utf-8")
    kind = by_id["hunan-2023"].data["kinds"]["award_prefecture"]
    assert f"前 {kind['top_ranks']} 名完成人每项 {kind['top_rate']} 学时" in hunan


def test_generated_pages_link_only_to_existing_clauses(site, catalogue):
    anchors = {p.id: set(p.anchors) for p in catalogue}
    for path in ["policies/compare/index.md", "policies/documents/index.md",
                 *[f"policies/{p.id}/index.md" for p in catalogue]]:
        text = (site / path).read_text(encoding="utf-8")
        for policy_id, anchor in re.findall(r"\]\(\.\./(?:\.\./)?(?:policies/)?([\w-]+)/#([\w-]+)", text):
            if policy_id in anchors and not anchor.startswith("interpretation-"):
                assert anchor in anchors[policy_id], f"{path}: {policy_id}#{anchor}"
        assert "{{" not in text and "None" not in text, path


def test_comparison_says_when_a_notice_is_silent(site):
    text = (site / "policies/compare/index.md").read_text(encoding="utf-8")
    funding = text.split("{#funding}")[1].split("\n## ")[0]
    assert "通知未涉及" in funding and "职工工资总额" in funding


def test_the_forms_page_states_luoyangs_no_makeup_rule_and_the_grade_sheets_own_result(site, by_id):
    forms = (site / "forms" / "index.md").read_text(encoding="utf-8")
    luoyang = forms.split("{#forms-henan-luoyang-2023}")[1].split("{#forms-hunan-2023}")[0]
    year = by_id["henan-luoyang-2023"].data["requirements"]["no_makeup_from_year"]
    assert f"原则上自 {year} 年起不再开展继续教育往年内容补学、学时补报" in luoyang
    assert "(../policies/henan-luoyang-2023/#s1-3-hours-requirement)" in luoyang
    hunan = forms.split("{#forms-hunan-2023}")[1]
    assert "不再开展继续教育往年内容补学" not in hunan          # a rule of Luoyang's notice only
    assert "本站不按年度学时要求代为评定" in luoyang and "评定为“合格”或“不合格”" not in forms
