"""What the two rules.toml files say: the notices' figures, evidence, deadlines, forms,
rulings and documents, as the issue lists them."""

from __future__ import annotations

import re
import tomllib
from fractions import Fraction
from pathlib import Path

import pytest

import calculator

ROOT = Path(__file__).resolve().parent.parent
HENAN, HUNAN = "henan-luoyang-2023", "hunan-2023"


@pytest.fixture(scope="module")
def henan():
    return calculator.policy_data(HENAN)


@pytest.fixture(scope="module")
def hunan():
    return calculator.policy_data(HUNAN)


def test_meta(henan, hunan):
    assert hunan["policy"]["document_number"] == "湘人社办函〔2023〕23号"
    assert hunan["policy"]["issuer"] == "湖南省人力资源和社会保障厅办公室"
    assert hunan["policy"]["signature"]["date"] == "2023-05-08"
    assert henan["policy"]["issuer"] == "洛阳市人力资源和社会保障局"
    assert "document_number" not in henan["policy"] and "发文字号" in henan["policy"]["remarks"]
    for data in (henan, hunan):
        assert data["policy"]["year"] == 2023
        assert data["policy"]["source"].startswith("seeds/")


def test_requirements():
    h = calculator.load_policy(HENAN).requirements
    assert (h.total, h.public, h.professional) == (900, 300, 600)          # tenths
    assert h.carry_over is False
    u = calculator.load_policy(HUNAN).requirements
    assert (u.total, u.public, u.professional) == (900, None, 600)
    assert u.professional_share == Fraction(2, 3)


def test_hunan_conversion_table_is_complete(hunan):
    kinds = hunan["kinds"]
    assert set(kinds) == {"certified_hours", "training", "research_project", "book", "paper", "patent",
                          "award_provincial", "award_prefecture", "computer_exam", "aid_assignment",
                          "degree_course", "qualification_exam"}
    cited = {k["clause"] for k in kinds.values()}
    assert {f"conversion-{i}" for i in range(1, 10)} <= cited
    assert kinds["training"]["rates"] == {"days": 10, "half_days": 4, "evenings": 2}
    assert kinds["research_project"]["rates"] == {"host": 90, "participant": 60}
    assert kinds["book"]["rates"] == {"first_author": 90, "other_author": 60}
    assert kinds["paper"]["rates"] == {"first_author": 30, "other_author": 10}
    assert kinds["patent"]["rates"] == {"first_inventor": 90, "other_inventor": 60}
    assert kinds["award_provincial"]["rate"] == 90
    p = kinds["award_prefecture"]
    assert (p["top_ranks"], p["top_rate"], p["other_rate"]) == (5, 60, 30)
    assert kinds["computer_exam"]["rate"] == 20
    a = kinds["aid_assignment"]
    assert (a["min_months"], a["all_years_over_months"], a["credit"]) == (6, 12, {"total": 90})
    # A missing assessment result is asked for, not taken as failed: no default.
    assert [f for f in a["fields"] if f["name"] == "assessed_qualified"][0].get("default") is None
    assert kinds["degree_course"]["hours"] == kinds["qualification_exam"]["hours"] == 90


def test_henan_kinds(henan):
    kinds = henan["kinds"]
    assert set(kinds) == {"certified_hours", "cadre_college_offset", "aid_full_year"}
    assert kinds["aid_full_year"]["min_months"] == 12
    assert kinds["aid_full_year"]["credit"] == {"public": 30, "professional": 60}
    assert kinds["cadre_college_offset"]["category"] == "public"
    assert [f["type"] for f in kinds["certified_hours"]["fields"] if f["name"] == "hours"] == ["decimal"]


def test_every_kind_is_described_in_chinese(henan, hunan):
    for data in (henan, hunan):
        for kid, kind in data["kinds"].items():
            assert re.search(r"[\u4e00-\u9fff]", kind["label"]) and re.search(r"[\u4e00-\u9fff]", kind["help"]), kid
            for f in kind["fields"]:
                assert re.search(r"[\u4e00-\u9fff]", f["label"]), (kid, f["name"])
                for c in f.get("choices", []):
                    assert re.search(r"[\u4e00-\u9fff]", c["label"]), (kid, c)


def test_kind_prose_quotes_its_figures_instead_of_repeating_them():
    # A figure is written once: a kind's help text refers to {rates.days}, it does not
    # say 10 again. Checked on the raw file, before placeholders are filled.
    for pid in (HENAN, HUNAN):
        raw = tomllib.loads((ROOT / "policies" / pid / "rules.toml").read_text(encoding="utf-8"))
        for kid, kind in raw["kinds"].items():
            own = set()
            for key, value in kind.items():
                if key in ("rate", "rates", "top_rate", "other_rate", "hours", "credit", "top_ranks",
                           "min_months", "all_years_over_months"):
                    own |= set(value.values()) if isinstance(value, dict) else {value}
            prose = re.sub(r"\{[^}]*\}", "", kind["help"])
            prose = re.sub(r"〔\d+〕\d+号|附件\d", "", prose)
            written = {int(n) for n in re.findall(r"\d+", prose)}
            assert not (written & own), f"{pid} kinds.{kid}.help repeats {written & own}"


def test_hunan_evidence_list(hunan):
    ev = hunan["evidence"]
    assert [e["number"] for e in ev] == list(range(1, 13))
    assert [e["clause"] for e in ev] == [f"evidence-{i}" for i in range(1, 13)]
    for e in ev[:4]:
        assert e["choose"] == "one"
        assert [i["label"] for i in e["items"]] == ["（1）", "（2）"]
    covered = {k for e in ev for k in e["kinds"]}
    assert covered == set(hunan["kinds"])
    six = {tuple(i["kinds"]): i["materials"] for i in ev[5]["items"]}
    assert "版权页" in six[("book",)] and "刊号" in six[("paper",)]


def test_deadlines(henan, hunan):
    filing = next(d for d in henan["deadlines"] if d["id"] == "unit-filing")
    assert filing["windows"] == [{"start": "2023-10-11", "end": "2023-10-20"},
                                 {"start": "2023-12-11", "end": "2023-12-20"}]
    assert filing["working_days_only"] is True
    assert "开元大道" in filing["place"] and "208" in filing["place"]
    publicity = next(d for d in hunan["deadlines"] if d["id"] == "unit-publicity")
    assert publicity["min_working_days"] == 5 and publicity["per_year"] is True
    submission = next(d for d in hunan["deadlines"] if d["id"] == "provincial-submission")
    assert submission["months"] == [7, 8]


def test_funding(henan):
    items = {i["id"]: i for i in henan["funding"]["items"]}
    assert items["general-enterprise"]["percent"] == 1.5
    assert items["demanding-enterprise"]["percent"] == 2.5
    assert items["tax-deduction"]["percent"] == 8 and items["tax-deduction"]["carry_forward"] is True
    numbers = {d["id"]: d["number"] for d in henan["documents"]}
    assert numbers[items["general-enterprise"]["document"]] == "国人部发〔2007〕96号"
    assert numbers[items["tax-deduction"]["document"]] == "财税〔2018〕51号"


def test_henan_forms(henan):
    forms = henan["forms"]
    filing = forms["filing"]
    assert filing["copies"] == 3 and filing["copies_to"] == ["单位", "主管部门", "人社部门"]
    assert [f["label"] for f in filing["fields"]] == ["单位名称", "备案科目", "培训人数", "培训地点", "培训方式",
                                                       "培训课时", "负责人", "联系电话", "培训内容", "培训目标"]
    plan = forms["plan"]
    assert [c["label"] for c in plan["columns"]] == ["序号", "时间", "地点", "内容", "形式", "参训对象", "人数",
                                                      "课时", "授课人", "备注"]
    assert len(plan["notes"]["items"]) == 4 and plan["notes"]["clause"] == "table-plan-notes"
    assert plan["notes"]["limits"] == {"hours_per_day": 6, "hours_per_half_day": 3}
    assert forms["roster"]["columns_given"] is False and forms["roster"]["columns"] == []
    grade = forms["grade_sheet"]["columns"]
    hours = next(c for c in grade if c["label"] == "完成学时")
    assert [c["label"] for c in hours["children"]] == ["公需科目", "专业科目"]
    assert "身份证号" in [c["label"] for c in grade]
    annex2 = forms["cadre_offset"]
    assert annex2["clause"] == "annex2"
    assert {"完成课时数", "抵扣课时数", "身份证号"} <= {f["label"] for f in annex2["fields"]}


def test_hunan_forms_are_drafts(hunan):
    forms = hunan["forms"]
    assert forms["qualified_list"]["draft"] and forms["qualified_list"]["per_year"]
    assert forms["individual_summary"]["draft"]


def test_interpretations_carry_every_ruling(henan, hunan):
    assert {i["id"] for i in henan["interpretations"]} >= {
        "henan-three-minimums", "henan-pro-rating", "henan-pro-rating-away", "henan-aid-full-year",
        "henan-cadre-offset", "henan-other-activities", "henan-no-carry-over", "henan-plan-daily-limit"}
    assert {i["id"] for i in hunan["interpretations"]} >= {
        "hunan-professional-share", "hunan-both-kinds-every-year", "hunan-degree-once-a-year",
        "hunan-exam-once-a-year", "hunan-per-item", "hunan-aid-year-complete", "hunan-aid-postings",
        "hunan-span-each-year"}
    for data in (henan, hunan):
        for i in data["interpretations"]:
            assert re.search(r"[\u4e00-\u9fff]", i["text"]) and i["drives"]


def test_documents(henan, hunan):
    def numbers(data):
        return {d.get("number") or d["title"]: d["modelled"] for d in data["documents"]}
    h = numbers(henan)
    assert h["豫人社函〔2023〕190号"] is False
    assert h["豫人社办〔2017〕121号"] is False
    assert h["人社部令第25号"] is False
    assert h["国人部发〔2007〕96号"] is True and h["财税〔2018〕51号"] is True
    u = numbers(hunan)
    assert u["人社部令第25号"] is False
    assert {"湖南省专业技术人员继续教育登记手册", "湖南省专业技术人员继续教育学时认定单",
            "专业技术人员继续教育线下培训备案表"} <= set(u)
    for data in (henan, hunan):
        for d in data["documents"]:
            assert re.search(r"[\u4e00-\u9fff]", d["note"])


def test_not_modelled(henan, hunan):
    assert "121号" in next(n for n in henan["not_modelled"] if n["clause"] == "s2-2-conversion")["title"]
    assert "博士参评副高" in next(n["text"] for n in hunan["not_modelled"] if n["id"] == "doctors-associate-senior")


def test_span(hunan, henan):
    assert (hunan["span"]["from_year"], hunan["span"]["to_year"]) == (2018, 2022)
    assert "span" not in henan
