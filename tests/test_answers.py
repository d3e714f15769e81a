"""The one converter of typed answers (calculator.typed, calculator.assessment.answers):
the self-check page sends what the person typed, exactly as typed, and Python reads the
numbers. The forms page fills forms from the same saved answers through the same code,
so an answer one page accepts, the other accepts too."""

from __future__ import annotations

import json

import pytest

from calculator import InputError, assess, assess_span, typed
from calculator.api import handle
from calculator.assessment.answers import span_input, year_input
from calculator.forms.ops import form_values

HUNAN, HENAN = "hunan-2023", "henan-luoyang-2023"


@pytest.mark.parametrize("text, kind, value", [
    ("12", "int", 12), (" ３ ", "int", 3), ("１２．５", "decimal", 12.5), ("12.5", "decimal", 12.5),
    ("１２", "decimal", 12), ("－２", "int", -2), ("12.5", "int", "12.5"), ("十二", "int", "十二"),
    ("", "int", ""), ("3", "text", "3"), (True, "bool", True), (7, "int", 7),
])
def test_typed_numbers(text, kind, value):
    got = typed.number(text, kind)
    assert got == value and type(got) is type(value)


def draft(*activities, **more):
    return {"mode": "year", "year": "2023", "activities": list(activities), **more}


def test_full_width_answers_count_as_their_numbers():
    typed_draft = draft({"kind": "certified_hours", "category": "public", "hours": "１２．５"},
                        {"kind": "training", "category": "professional", "days": "３", "half_days": "",
                         "label": "  年会  "})
    data = year_input(HUNAN, typed_draft)
    assert data["activities"] == [{"kind": "certified_hours", "category": "public", "hours": 12.5},
                                  {"kind": "training", "category": "professional", "days": 3, "label": "年会"}]
    assert data["year"] == 2023
    assert assess(data)["earned"] == {"public": 12.5, "professional": 30, "total": 42.5}


def test_an_answer_that_is_no_number_stays_as_typed_so_the_message_names_its_field():
    reply = json.loads(handle(json.dumps({"op": "answers", "input": {
        "policy": HUNAN, "answers": draft({"kind": "training", "category": "professional", "days": "三天"})}})))
    assert reply["ok"] is True
    answer = reply["result"]
    assert answer["input"]["activities"][0]["days"] == "三天"
    assert answer["result"] is None
    assert answer["error"]["field"] == "activities[0].days"


def test_the_answers_operation_gives_the_input_and_the_result():
    reply = json.loads(handle(json.dumps({"op": "answers", "input": {
        "policy": HENAN, "answers": draft({"kind": "certified_hours", "category": "public", "hours": "３０"},
                                          circumstances={"on": True, "values": {"on_post_months": "７",
                                                                                "reason": "childbirth"}})}})))
    answer = reply["result"]
    assert answer["mode"] == "year" and answer["error"] is None
    assert answer["input"]["circumstances"] == {"on_post_months": 7, "reason": "childbirth"}
    assert answer["result"] == assess(answer["input"])
    assert answer["result"]["required"]["public"] == 18


def test_circumstances_switched_off_are_not_sent():
    data = year_input(HENAN, draft(circumstances={"on": False, "values": {"on_post_months": "3"}}))
    assert "circumstances" not in data


def test_span_answers_keep_prior_years_postings_and_the_older_saved_shape():
    answers = {"mode": "span", "span": {
        "2018": {"prior": True, "activities": [{"kind": "paper", "role": "first_author", "count": "1"}]},
        "2019": {"prior": False, "activities": [{"kind": "training", "category": "professional", "days": "９"}]},
        "2020": [{"kind": "certified_hours", "category": "public", "hours": "30"}],      # saved before prior
        "2021": {"prior": False, "activities": []},
    }, "postings": [{"kind": "aid_assignment", "start": "２０２１－０３", "end": "2022-06",
                     "assessed_qualified": True, "label": ""}]}
    data = span_input(HUNAN, answers)
    assert data["years"] == [
        {"year": 2018, "prior_certificate": True},
        {"year": 2019, "activities": [{"kind": "training", "category": "professional", "days": 9}]},
        {"year": 2020, "activities": [{"kind": "certified_hours", "category": "public", "hours": 30}]},
    ]
    assert data["postings"] == [{"kind": "aid_assignment", "start": "2021-03", "end": "2022-06",
                                 "assessed_qualified": True}]
    result = assess_span(data)
    assert [y["year"] for y in result["years"] if y["passed"]] == [2018, 2019, 2021, 2022]


def test_malformed_answers_are_input_errors():
    with pytest.raises(InputError) as error:
        year_input(HUNAN, ["not", "a", "draft"])
    assert error.value.field == "answers"
    with pytest.raises(InputError) as error:
        span_input(HUNAN, {"span": {"2019": 5}})
    assert error.value.field == "answers.span.2019"
    reply = json.loads(handle(json.dumps({"op": "answers", "input": {"policy": HUNAN, "mode": "sideways",
                                                                     "answers": {}}})))
    assert reply["ok"] is False and reply["error"]["field"] == "mode"


def test_the_forms_read_the_same_answers_the_same_way():
    """What the self-check accepts (full-width digits) fills the 附件2 申报表 too."""
    saved = draft({"kind": "cadre_college_offset", "hours": "４２", "public_institution_staff": True},
                  {"kind": "certified_hours", "category": "professional", "hours": "６４"})
    values = form_values({"policy": HENAN, "form": "cadre_offset", "source": {"selfcheck": saved}})
    assert values["fields"]["completed_hours"] == 42 and values["fields"]["offset_hours"] == 30
    spans = {"mode": "span", "span": {"2019": {"prior": False, "activities": [
        {"kind": "training", "category": "professional", "days": "６"}]}}}
    summary = form_values({"policy": HUNAN, "form": "individual_summary", "source": {"selfcheck": spans}})
    assert {"year": 2019, "professional_hours": 60} in [
        {k: row[k] for k in ("year", "professional_hours") if k in row} for row in summary["rows"]]
