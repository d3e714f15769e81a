"""The employer's education-fund check (Luoyang notice, 四、落实继续教育经费保障).

From the payroll: the education fund to extract at the general or the higher rate, the
part of this year's spending (plus what earlier years carried forward) deductible before
enterprise income tax, and what carries forward to later years. Every percentage comes from
``[funding]`` of rules.toml, and every figure names the clause it comes from.

Money is exact: yuan as Decimal, rounded half-up to the fen, and returned as strings
("12345.60") so JSON never turns it into a binary float.

Input::

    {"policy": "henan-luoyang-2023",
     "payroll": "1200000",           # 职工工资总额 (元)
     "rate": "general-enterprise",   # an extraction item id of [funding.items]
     "salary_total": "1200000",      # 工资薪金总额 for the tax limit; default: payroll
     "extracted": "15000",           # optional: what the unit extracted this year
     "spent": "110000",              # optional: education-fund spending this year
     "carried_in": "0"}              # optional: spending carried forward from earlier years
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from .. import typed
from ..errors import InputError, shown
from ..policy.loader import policy_data

FEN = Decimal("0.01")
MAX_AMOUNT = Decimal("1e13")        # ten trillion yuan: beyond any unit's payroll
KEYS = ("policy", "payroll", "rate", "salary_total", "extracted", "spent", "carried_in")


def check(data: Any) -> dict:
    if not isinstance(data, dict):
        raise InputError("input", "应为对象（JSON object）")
    for key in data:
        if key not in KEYS:
            raise InputError(key, f"不是经费测算的栏目（可用：{'、'.join(KEYS)}）")
    policy_id = data.get("policy")
    rules = policy_data(policy_id) if isinstance(policy_id, str) else {}
    funding = rules.get("funding")
    if not funding:
        raise InputError("policy", "此政策没有职工教育经费的规定")
    clause = f"{policy_id}#{funding['clause']}"
    documents = {d["id"]: d for d in rules.get("documents", [])}
    extraction = {i["id"]: i for i in funding["items"] if not i.get("carry_forward")}
    deduction = next((i for i in funding["items"] if i.get("carry_forward")), None)

    payroll = _amount(data, "payroll", required=True)
    rate_id = data.get("rate") or next(iter(extraction))
    if not isinstance(rate_id, str) or rate_id not in extraction:
        choices = "、".join(f"{k}（{v['label']}）" for k, v in extraction.items())
        raise InputError("rate", f"{shown(rate_id)} 不是提取比例，应为：{choices}")
    rate = extraction[rate_id]
    salary = _amount(data, "salary_total") if data.get("salary_total") not in (None, "") else payroll
    extracted = _amount(data, "extracted")
    spent = _amount(data, "spent")
    carried_in = _amount(data, "carried_in") or Decimal(0)

    figures, checks = [], []

    def figure(fid, label, amount, working, item):
        doc = documents.get(item.get("document"), {})
        figures.append({"id": fid, "label": label, "amount": _money(amount), "working": working,
                        "clause": clause, "document": doc.get("number"), "text": item.get("text", "")})

    # The lowest rate is the floor every enterprise must extract (足额提取); a higher one
    # is what the notice allows (可按), so falling short of it is advice, not a failure.
    floor = min(extraction.values(), key=lambda i: Decimal(str(i["percent"])))
    need = _round(payroll * Decimal(str(rate["percent"])) / 100)
    verb = "应提取" if rate is floor else "可提取"
    figure("extraction", f"{verb}职工教育经费（{rate['label']}）", need,
           f"{rate['basis']} {_money(payroll)} 元 × {_pct(rate['percent'])} = {_money(need)} 元", rate)
    for other in extraction.values():
        if other is not rate:
            amount = _round(payroll * Decimal(str(other['percent'])) / 100)
            figure(f"extraction-{other['id']}", f"按{_pct(other['percent'])}提取（{other['label']}）", amount,
                   f"{other['basis']} {_money(payroll)} 元 × {_pct(other['percent'])} = {_money(amount)} 元", other)
    if extracted is not None:
        # The floor is checked whatever rate was chosen: a unit planning on the higher
        # rate that extracted less than the floor is short of what it must extract.
        required = _round(payroll * Decimal(str(floor["percent"])) / 100)
        short = max(Decimal(0), required - extracted)
        basis = f"按{floor['basis']}的{_pct(floor['percent'])}应提取的 {_money(required)} 元"
        checks.append({"id": "extraction", "passed": short == 0, "clause": clause, "severity": "requirement",
                       "message": (f"已提取 {_money(extracted)} 元，达到{basis}。" if not short else
                                   f"已提取 {_money(extracted)} 元，低于{basis}，少 {_money(short)} 元。")})
        if rate is not floor:
            short = max(Decimal(0), need - extracted)
            checks.append({"id": f"extraction-{rate['id']}", "passed": short == 0, "clause": clause,
                           "severity": "advice",
                           "message": (f"已提取 {_money(extracted)} 元，达到按{_pct(rate['percent'])}可提取的 {_money(need)} 元。"
                                       if not short else
                                       f"已提取 {_money(extracted)} 元，比按{_pct(rate['percent'])}可提取的 {_money(need)} 元"
                                       f"少 {_money(short)} 元（{_pct(rate['percent'])}为可选的较高比例，仅为提示）。")})
    if deduction is not None:
        limit = _round(salary * Decimal(str(deduction["percent"])) / 100)
        figure("deduction-limit", "税前扣除限额", limit,
               f"{deduction['basis']} {_money(salary)} 元 × {_pct(deduction['percent'])} = {_money(limit)} 元", deduction)
        if spent is not None:
            claim = spent + carried_in
            deductible = min(claim, limit)
            carry_out = claim - deductible
            working = (f"本年支出 {_money(spent)} 元 + 以前年度结转 {_money(carried_in)} 元 = {_money(claim)} 元"
                       if carried_in else f"本年支出 {_money(claim)} 元") + f"，以限额 {_money(limit)} 元为限"
            figure("deductible", "本年准予税前扣除", deductible, working, deduction)
            figure("carry-forward", "结转以后年度扣除", carry_out,
                   f"{_money(claim)} 元 − {_money(deductible)} 元 = {_money(carry_out)} 元", deduction)
            checks.append({"id": "deduction", "passed": carry_out == 0, "clause": clause, "severity": "advice",
                           "message": ("本年支出（含结转）未超过扣除限额，可全部在本年扣除。" if not carry_out else
                                       f"超过限额的 {_money(carry_out)} 元准予在以后纳税年度结转扣除。")})
    return {"policy": policy_id, "rate": rate_id, "figures": figures, "checks": checks,
            "note": funding.get("note", ""), "clause": clause}


def _amount(data: dict, key: str, required: bool = False) -> Decimal | None:
    raw = data.get(key)
    if raw in (None, ""):
        if required:
            raise InputError(key, "必须填写（单位：元）")
        return None
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        raise InputError(key, f"{shown(raw)} 不是金额（元）")
    text = typed.half_width(str(raw)).replace(",", "").replace("，", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise InputError(key, f"{shown(raw)} 不是金额（元），例如 1200000 或 1200000.50") from None
    if not value.is_finite() or value < 0 or value >= MAX_AMOUNT or value.as_tuple().exponent < -2:
        raise InputError(key, f"{shown(raw)} 不是不小于0、最多两位小数的金额（元）")
    return value


def _round(value: Decimal) -> Decimal:
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def _money(value: Decimal) -> str:
    return f"{_round(value):,.2f}"


def _pct(percent) -> str:
    return f"{Decimal(str(percent)).normalize():f}%"
