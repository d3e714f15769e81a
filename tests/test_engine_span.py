"""calculator.assess_span: several years, each on its own (golden cases cover the rest)."""

from __future__ import annotations

import pytest

from calculator import InputError, assess, assess_span


def year(y, days_prof, days_pub=0):
    acts = [{"kind": "training", "category": "professional", "days": days_prof}]
    if days_pub:
        acts.append({"kind": "training", "category": "public", "days": days_pub})
    return {"year": y, "activities": acts}


def test_each_year_is_exactly_a_single_year_assessment():
    data = {"policy": "hunan-2023", "years": [year(2019, 6, 3), year(2021, 4)]}
    r = assess_span(data)
    assert [y["year"] for y in r["years"]] == [2018, 2019, 2020, 2021, 2022]
    single = assess({"policy": "hunan-2023", "year": 2019, "activities": data["years"][0]["activities"]})
    assert r["years"][1] == single
    assert r["failed_years"] == [2018, 2020, 2021, 2022] and r["passed_years"] == [2019]
    assert r["years_without_input"] == [2018, 2020, 2022]
    assert r["span"] == {"from": 2018, "to": 2022, "label": "2023年度参评高级职称继续教育学时核认",
                         "clause": "hunan-2023#s3-title-verification"}
    assert "hunan-span-each-year" in [i["id"] for i in r["interpretations"]]


def test_surplus_in_one_year_does_not_cover_another():
    r = assess_span({"policy": "hunan-2023", "years": [year(y, 30) for y in (2018, 2019, 2020, 2021)]})
    assert r["failed_years"] == [2022] and not r["passed"]


def test_posting_months_per_year():
    posting = {"kind": "aid_assignment", "start": "2019-03", "end": "2019-12", "assessed_qualified": True}
    r = assess_span({"policy": "hunan-2023", "postings": [posting]})
    assert r["passed_years"] == [2019]
    trace = r["years"][1]["trace"][0]
    assert trace["activity"] is None and trace["posting"] == 0 and trace["hours"] == 90
    assert "2019-03 至 2019-12" in trace["working"]
    unqualified = dict(posting, assessed_qualified=False, end="2021-12")
    r = assess_span({"policy": "hunan-2023", "postings": [unqualified]})
    assert r["passed_years"] == [] and "考核未合格" in r["years"][1]["trace"][0]["working"]


def test_activity_dates_are_checked_against_their_own_year():
    with pytest.raises(InputError) as e:
        assess_span({"policy": "hunan-2023", "years": [
            {"year": 2020, "activities": [{"kind": "paper", "role": "first_author", "date": "2021-01-01"}]}]})
    assert e.value.field == "years[0].activities[0].date"


@pytest.mark.parametrize("data, field", [
    ({"policy": "hunan-2023", "span": [2022, 2018]}, "span"),
    ({"policy": "hunan-2023", "span": [2017, 2022]}, "span"),
    ({"policy": "hunan-2023", "span": "2018-2022"}, "span"),
    ({"policy": "hunan-2023", "years": {}}, "years"),
    ({"policy": "hunan-2023", "years": [{"activities": []}]}, "years[0].year"),
    ({"policy": "hunan-2023", "years": [{"year": 2019, "extra": 1}]}, "years[0].extra"),
    ({"policy": "hunan-2023", "years": [{"year": 2019, "prior_certificate": "yes"}]}, "years[0].prior_certificate"),
    ({"policy": "hunan-2023", "postings": [{"kind": "training"}]}, "postings[0].kind"),
    ({"policy": "hunan-2023", "postings": [{"kind": "aid_assignment", "start": "2019-01", "end": "2019-06",
                                            "months": 6}]}, "postings[0].months"),
    ({"policy": "hunan-2023", "postings": [{"kind": "aid_assignment", "start": "2019-01"}]}, "postings[0].end"),
    ({"policy": "hunan-2023", "activities": []}, "activities"),
    ({"policy": "henan-luoyang-2023"}, "policy"),
])
def test_span_input_errors(data, field):
    with pytest.raises(InputError) as e:
        assess_span(data)
    assert e.value.field == field
