"""The Luoyang education-fund check: extraction, the deductible limit, the carry-forward."""

from __future__ import annotations

from decimal import Decimal

import pytest

from calculator import InputError, policy_data
from calculator.employer import fund

POLICY = "henan-luoyang-2023"
ITEMS = {i["id"]: i for i in policy_data(POLICY)["funding"]["items"]}


def figures(**given):
    result = fund.check({"policy": POLICY, **given})
    return result, {f["id"]: f for f in result["figures"]}


def money(value) -> str:
    return f"{Decimal(value).quantize(Decimal('0.01')):,.2f}"


def test_percentages_come_from_the_rules():
    assert {i["percent"] for i in ITEMS.values()} == {1.5, 2.5, 8}
    carry = [i for i in ITEMS.values() if i.get("carry_forward")]
    assert len(carry) == 1 and carry[0]["percent"] == 8


def test_general_rate_extraction_and_limit():
    result, by_id = figures(payroll="1200000")
    assert by_id["extraction"]["amount"] == money(1200000 * Decimal("0.015"))      # 18,000.00
    assert by_id["extraction"]["amount"] == "18,000.00"
    assert by_id["deduction-limit"]["amount"] == "96,000.00"
    assert "deductible" not in by_id                    # no spending given
    assert all(f["clause"] == f"{POLICY}#s4-funding" for f in result["figures"])
    assert by_id["extraction"]["document"] == "国人部发〔2007〕96号"
    assert by_id["deduction-limit"]["document"] == "财税〔2018〕51号"


def test_higher_rate_is_advice_not_a_requirement():
    result, by_id = figures(payroll="1200000", rate="demanding-enterprise", extracted="20000")
    assert by_id["extraction"]["amount"] == "30,000.00"
    assert by_id["extraction"]["label"].startswith("可提取")
    floor, higher = result["checks"]
    assert floor["severity"] == "requirement" and floor["passed"] and "18,000.00" in floor["message"]
    assert higher["severity"] == "advice" and not higher["passed"] and "少 10,000.00 元" in higher["message"]


def test_below_the_required_rate_is_a_failure_whichever_rate_was_chosen():
    """Planning on the optional 2.5% does not hide an extraction below the required 1.5%."""
    result, _ = figures(payroll="1200000", rate="demanding-enterprise", extracted="10000")
    floor, higher = result["checks"]
    assert (floor["id"], floor["severity"], floor["passed"]) == ("extraction", "requirement", False)
    assert "低于按职工工资总额的1.5%应提取的 18,000.00 元，少 8,000.00 元" in floor["message"]
    assert higher["severity"] == "advice" and not higher["passed"]


def test_general_rate_shortfall_is_a_requirement():
    result, _ = figures(payroll="1000000", extracted="14999.99")
    assert result["checks"][0]["severity"] == "requirement"
    assert "少 0.01 元" in result["checks"][0]["message"]


def test_spending_within_the_limit_is_all_deductible():
    result, by_id = figures(payroll="1000000", spent="50000")
    assert by_id["deductible"]["amount"] == "50,000.00"
    assert by_id["carry-forward"]["amount"] == "0.00"
    assert result["checks"][-1]["passed"]


def test_spending_over_the_limit_carries_forward_with_earlier_years():
    _, by_id = figures(payroll="1000000", salary_total="900000", spent="70000", carried_in="10000")
    assert by_id["deduction-limit"]["amount"] == "72,000.00"        # 8% of 900,000
    assert by_id["deductible"]["amount"] == "72,000.00"
    assert by_id["carry-forward"]["amount"] == "8,000.00"            # 80,000 - 72,000
    assert "以前年度结转 10,000.00 元" in by_id["deductible"]["working"]


def test_rounding_is_half_up_to_the_fen():
    _, by_id = figures(payroll="333.33")
    assert by_id["extraction"]["amount"] == "5.00"                   # 4.99995 -> 5.00


@pytest.mark.parametrize("given,field", [
    ({}, "payroll"),
    ({"payroll": "-1"}, "payroll"),
    ({"payroll": "abc"}, "payroll"),
    ({"payroll": "1.005"}, "payroll"),
    ({"payroll": "100", "rate": "tax-deduction"}, "rate"),
    ({"payroll": "100", "bonus": 1}, "bonus"),
])
def test_bad_input_names_the_field(given, field):
    with pytest.raises(InputError) as error:
        fund.check({"policy": POLICY, **given})
    assert error.value.field == field


def test_a_policy_without_funding_rules():
    with pytest.raises(InputError, match="没有职工教育经费"):
        fund.check({"policy": "hunan-2023", "payroll": "1"})
