"""calculator.policy.declaration: the declared schema of rules.toml, and its error messages."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import calculator
from calculator import RulesError
from calculator.policy import declaration
from calculator.policy.coherence import validate
from calculator.policy.loader import check_citations, parse_rules, validate_policy

ROOT = Path(__file__).resolve().parent.parent
FILE = "policies/hunan-2023/rules.toml"


def raw(policy_id: str = "hunan-2023") -> dict:
    return tomllib.loads((ROOT / "policies" / policy_id / "rules.toml").read_text(encoding="utf-8"))


def problems(data: dict, policy_id: str = "hunan-2023") -> list[str]:
    try:
        validate(data, f"policies/{policy_id}/rules.toml", policy_id)
    except RulesError as e:
        return [f"{path}: {msg}" for _, path, msg in e.problems]
    return []


@pytest.mark.parametrize("policy_id", ["henan-luoyang-2023", "hunan-2023"])
def test_shipped_rules_are_valid(policy_id):
    assert problems(raw(policy_id), policy_id) == []


def test_error_names_file_key_path_and_problem():
    data = raw()
    data["kinds"]["paper"]["rates"]["first_author"] = -30
    with pytest.raises(RulesError) as e:
        validate(data, FILE, "hunan-2023")
    assert str(e.value) == f"{FILE}: kinds.paper.rates.first_author: must be a number >= 0"


@pytest.mark.parametrize("mutate, expected", [
    (lambda d: d["kinds"]["paper"]["rates"].update(first_author="30"),
     "kinds.paper.rates.first_author: must be a number >= 0"),
    (lambda d: d["kinds"]["paper"]["rates"].update(first_author=True),
     "kinds.paper.rates.first_author: must be a number >= 0"),
    (lambda d: d["kinds"]["training"]["rates"].update(days=10.25),
     "kinds.training.rates.days: must have at most one decimal place"),
    (lambda d: d["requirements"].pop("total"), "requirements.total: is required"),
    (lambda d: d["kinds"]["paper"].update(colour="red"), "kinds.paper.colour: unknown key"),
    (lambda d: d["kinds"]["paper"].update(clause="hunan-2023#conversion-3"),
     "kinds.paper.clause: must be the anchor only"),
    (lambda d: d["kinds"]["paper"].update(clause="Conversion 3"), "kinds.paper.clause: must be a clause anchor"),
    (lambda d: d["kinds"]["paper"].update(method="magic"), "kinds.paper.method: must be one of"),
    (lambda d: d["evidence"][0]["kinds"].append("cooking"), "evidence[0].kinds[2]: names no entry of kinds"),
    (lambda d: d["interpretations"][0]["drives"].append("check:nope"),
     "interpretations[0].drives[2]: names no entry of checks"),
    (lambda d: d["interpretations"][0]["drives"].append("sideways"), "interpretations[0].drives[2]: must be kind:"),
    (lambda d: d["interpretations"][1].update(id=d["interpretations"][0]["id"]),
     'interpretations[1].id: duplicate "hunan-professional-share" (also at interpretations[0])'),
    (lambda d: d["kinds"]["paper"].update(count_field="pages"), "kinds.paper.count_field: names no field"),
    (lambda d: d["kinds"]["paper"].update(count_field="role"),
     'kinds.paper.count_field: must name a field of type int, "role" is choice'),
    (lambda d: d["kinds"]["paper"]["rates"].pop("other_author"),
     "kinds.paper.rates.other_author: is required: every choice needs a rate"),
    (lambda d: d["kinds"]["paper"]["rates"].update(editor=5), "kinds.paper.rates.editor: is not a choice of role"),
    (lambda d: d["kinds"]["training"]["rates"].update(weeks=50),
     "kinds.training.rates.weeks: must be named after an int field"),
    (lambda d: d["kinds"]["paper"].pop("category"), "kinds.paper.category: is required"),
    (lambda d: d["kinds"]["aid_assignment"].update(category="professional"),
     "kinds.aid_assignment.category: does not apply to method deemed_complete"),
    (lambda d: d["kinds"]["paper"]["fields"][1].update(default=101), "kinds.paper.fields[1].default: must be a valid int"),
    (lambda d: d["kinds"]["paper"]["fields"][0].update(default="editor"),
     "kinds.paper.fields[0].default: must be a valid choice"),
    (lambda d: d["kinds"]["paper"]["fields"][1].update(min=5, max=1), "kinds.paper.fields[1].max: must be >= min"),
    (lambda d: d["kinds"]["paper"]["fields"][1].update(name="date"),
     'kinds.paper.fields[1].name: "date" is reserved'),
    (lambda d: d["kinds"]["paper"].update(help="每篇 {rates.editor} 学时"),
     "kinds.paper.help: placeholder {rates.editor} names no key of this table"),
    (lambda d: d["kinds"]["paper"].update(suggest="发表 {pages} 页"), "kinds.paper.suggest: unknown placeholder {pages}"),
    (lambda d: d["requirements"].update(professional_share="3/2"),
     'requirements.professional_share: must be a fraction between 0 and 1'),
    (lambda d: d["requirements"].update(professional=60),
     "requirements.professional: give exactly one of professional, professional_share"),
    (lambda d: d["span"].update(from_year=2010), "span: must lie within policy.assess_years"),
    (lambda d: d["policy"].update(id="hunan-2024"), 'policy.id: must be the folder name "hunan-2023"'),
    (lambda d: d["deadlines"][1].update(months=[7, 13]), "deadlines[1].months[1]: must be a whole number between 1 and 12"),
    (lambda d: d["policy"]["signature"].update(date="2023-02-30"), "policy.signature.date: must be a date (YYYY-MM-DD)"),
    (lambda d: d.pop("interpretations"), "interpretations: is required"),
    (lambda d: d.update(kinds=[]), "kinds: must be a table"),
    (lambda d: d["kinds"].update({"Paper": d["kinds"]["paper"]}),
     "kinds.Paper: key must be lowercase letters, digits and underscores"),
])
def test_schema_problem(mutate, expected):
    data = raw()
    mutate(data)
    found = problems(data)
    assert any(p.startswith(expected) for p in found), found


def test_every_problem_is_reported_at_once():
    data = raw()
    data["kinds"]["paper"]["rates"]["first_author"] = -1
    data["requirements"].pop("total")
    data["policy"]["year"] = "2023"
    assert len(problems(data)) == 3


def test_henan_specific_checks():
    data = raw("henan-luoyang-2023")
    data["circumstances"]["reasons"][0]["away_months_over"] = 13
    data["kinds"]["cadre_college_offset"]["category"] = "chosen"
    found = problems(data, "henan-luoyang-2023")
    assert any(p.startswith("circumstances.reasons[0].away_months_over: must be a whole number between 0 and 12")
               for p in found), found
    assert any(p.startswith("kinds.cadre_college_offset.category: must be a fixed category") for p in found), found


def test_templates_are_resolved_from_sibling_figures():
    data = calculator.policy_data("hunan-2023")
    assert "每天折算 10 学时，半天折算 4 学时，晚上折算 2 学时" in data["kinds"]["training"]["help"]
    assert "前5名完成人" in data["kinds"]["award_prefecture"]["help"]
    henan = calculator.policy_data("henan-luoyang-2023")
    assert henan["circumstances"]["reasons"][0]["label"] == "年度内在境外工作超过6个月"
    assert "一天不超过6学时，半天不超过3学时" in henan["forms"]["plan"]["notes"]["items"][3]


def test_invalid_toml_names_the_file_and_line():
    with pytest.raises(RulesError) as e:
        parse_rules("schema_version = 1\n[policy\n", FILE)
    assert str(e.value).startswith(f"{FILE}: invalid TOML")
    assert "line 2" in str(e.value)


def test_rules_error_lists_problems():
    e = RulesError([("a.toml", "x.y", "bad"), ("a.toml", "", "worse")])
    assert str(e) == "a.toml: x.y: bad\na.toml: worse"
    with pytest.raises(ValueError):
        RulesError([])


def test_figures_and_anchors_are_found_by_the_schema():
    data = calculator.policy_data("hunan-2023")
    figures = {path: (value, kind, clause) for path, value, kind, clause in declaration.figures(data)}
    assert figures["kinds.paper.rates.first_author"] == (30, "number", "conversion-3")
    assert figures["requirements.professional_share"] == ("2/3", "fraction", "s1-2-hours-requirement")
    assert figures["kinds.aid_assignment.min_months"] == (6, "months", "conversion-7")
    # field bounds are form settings, not transcribed figures
    assert not any(".fields[" in path for path in figures)
    anchors = dict(declaration.citations(data))
    assert anchors["kinds.paper.clause"] == "conversion-3"
    assert anchors["documents[0].clauses[0]"] == "preamble"


# --------------------------------------------------------- anchors in notice.md


def _folder(tmp_path: Path, notice: str | None) -> Path:
    folder = tmp_path / "hunan-2023"
    folder.mkdir()
    (folder / "rules.toml").write_text((ROOT / "policies/hunan-2023/rules.toml").read_text(encoding="utf-8"),
                                       encoding="utf-8")
    if notice is not None:
        (folder / "notice.md").write_text(notice, encoding="utf-8")
    return folder


def test_validate_policy_without_notice_checks_the_schema_only(tmp_path):
    folder = _folder(tmp_path, None)
    assert validate_policy("hunan-2023", folder)["policy"]["id"] == "hunan-2023"
    with pytest.raises(RulesError, match="policies/hunan-2023/notice.md: file not found"):
        check_citations("hunan-2023", folder)


def test_validate_policy_reports_missing_anchors(tmp_path):
    folder = _folder(tmp_path, "# 通知 {#preamble}\n\n## 附件 {: #annex .x }\n")
    with pytest.raises(RulesError) as e:
        validate_policy("hunan-2023", folder)
    text = str(e.value)
    assert 'policies/hunan-2023/rules.toml: kinds.paper.clause: cites "conversion-3", which is no anchor of ' \
           'policies/hunan-2023/notice.md' in text
    assert '"preamble"' not in text and '"annex"' not in text


def test_validate_policy_missing_rules(tmp_path):
    with pytest.raises(RulesError, match="rules.toml: file not found"):
        validate_policy("hunan-2023", tmp_path)


@pytest.mark.parametrize("policy_id", ["henan-luoyang-2023", "hunan-2023"])
def test_shipped_notices_define_every_cited_anchor(policy_id):
    check_citations(policy_id)


def test_policy_data_is_a_fresh_copy():
    data = calculator.policy_data("hunan-2023")
    data["kinds"]["paper"]["rates"]["first_author"] = 1
    assert calculator.policy_data("hunan-2023")["kinds"]["paper"]["rates"]["first_author"] == 30
