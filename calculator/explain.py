"""Chinese wording: how a credit was worked out, what a check found, what would close a
shortfall, and the plain-text reports of the command line.

Only words live here; every figure comes from the policy or the computation.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from . import methods
from .hours import text as h
from .model import Kind, Policy

ANY_CATEGORY = "（公需科目或专业科目均可）"


# ------------------------------------------------------------------ workings


def working(policy: Policy, kind: Kind, values: dict, credit: methods.Credit) -> str:
    p, f = kind.params, credit.facts
    label, cat = kind.label, policy.categories.get(credit.category or "total")
    if kind.method == "certified":
        source = values.get("source")
        return f"{label} {h(credit.hours)} 学时" + (f"（来源：{source}）" if source else "")
    if kind.method == "time_units":
        terms = [f"{n} {kind.field(unit).unit or unit} × {h(rate)}" for unit, n, rate in f["parts"] if n]
        return f"{label}：{' + '.join(terms) if terms else '0'} = {h(credit.hours)} 学时"
    if kind.method == "per_item":
        unit = kind.field(p["count_field"]).unit or ""
        return f"{label} {f['count']} {unit} × {h(f['rate'])} = {h(credit.hours)} 学时"
    if kind.method == "per_item_by_choice":
        unit = kind.field(p["count_field"]).unit or ""
        choice = kind.field(p["choice_field"]).choice_label(f["choice"])
        return f"{label} {f['count']} {unit}（{choice}）× {h(f['rate'])} = {h(credit.hours)} 学时"
    if kind.method == "per_item_by_rank":
        unit = kind.field(p["count_field"]).unit or ""
        band = f"前{p['top_ranks']}名" if f["top"] else f"前{p['top_ranks']}名以外"
        return (f"{label} {f['count']} {unit}（完成人第 {f['rank']} 名，{band}）"
                f"× {h(f['rate'])} = {h(credit.hours)} 学时")
    if kind.method == "once_if_any":
        unit = kind.field(p["count_field"]).unit or ""
        if f["count"] < 1:
            return f"{label}：当年度未通过，0 学时"
        return (f"{label}：当年度通过 {f['count']} {unit}，通过一{unit}即折算 {h(p['hours'])} 学时，"
                f"按年度计一次 = {h(credit.hours)} 学时")
    if kind.method == "deemed_complete":
        return deemed_working(kind, f["months"], f["qualified"], credit, cat)
    if kind.method == "capped_offset":
        if not f["eligible"]:
            eligible = kind.field(p["eligible_field"]).label
            return f"{label}：只适用于{eligible}，不能抵扣，0 学时"
        if f["asked"] > f["cap"] - f["used_before"]:
            return (f"{label}：完成 {h(f['asked'])} 学时，抵扣以当年{cat}要求 {h(f['cap'])} 学时为限"
                    f"{'（已抵扣 ' + h(f['used_before']) + ' 学时）' if f['used_before'] else ''}"
                    f" = {h(credit.hours)} 学时")
        return f"{label}：抵扣 {h(f['asked'])} 学时 = {h(credit.hours)} 学时"
    return f"{label} = {h(credit.hours)} 学时"


def deemed_working(kind: Kind, months: int, qualified: bool, credit: methods.Credit,
                   cat: str, lead: str | None = None) -> str:
    p = kind.params
    lead = lead or f"{kind.label}：{months} 个月"
    assessed = "且考核合格" if p.get("qualified_field") else ""
    if months < p["min_months"]:
        return f"{lead}，不满 {p['min_months']} 个月，不能视为完成当年，0 学时"
    if not qualified:
        return f"{lead}，考核未合格，不能视为完成当年，0 学时"
    if credit.category is None:
        return f"{lead}{assessed}，视为完成当年继续教育 {h(credit.hours)} 学时"
    return f"{lead}{assessed}，视为完成当年继续教育，计{cat} {h(credit.hours)} 学时"


def posting_working(kind: Kind, start: str, end: str, months: int, months_in_year: int,
                    all_years: bool, qualified: bool, credit: methods.Credit) -> str:
    if all_years and qualified:
        return (f"{kind.label}：外派 {start} 至 {end} 共 {months} 个月，满 {kind.params['all_years_months']} 个月"
                f"且考核合格，外派期间每一年度均视为完成，当年计 {h(credit.hours)} 学时")
    lead = f"{kind.label}：外派 {start} 至 {end}，当年 {months_in_year} 个月"
    return deemed_working(kind, months_in_year, qualified, credit, "", lead)


# -------------------------------------------------------------------- checks


def minimum_message(policy: Policy, category: str, earned: int, required: int, deemed: str | None,
                    prorated: bool) -> str:
    cat = policy.categories[category]
    basis = "折算后要求的" if prorated else "要求的"
    if category == "professional" and policy.requirements.professional_share is not None:
        share = policy.requirements.professional_share
        basis = f"总学时要求 {h(policy.requirements.total)} 的 {share.numerator}/{share.denominator}，即"
    if deemed:
        return f"{cat}：{deemed}，达到要求。"
    if earned >= required:
        return f"{cat}：已取得 {h(earned)} 学时，达到{basis} {h(required)} 学时。"
    return f"{cat}：已取得 {h(earned)} 学时，未达到{basis} {h(required)} 学时，还差 {h(required - earned)} 学时。"


def share_message(policy: Policy, share, professional: int, total: int, passed: bool,
                  extra: int, deemed: str | None) -> str:
    frac = f"{share.numerator}/{share.denominator}"
    cat = policy.categories["professional"]
    if deemed:
        return f"{deemed}，此项不适用。"
    if passed:
        return f"{cat} {h(professional)} 学时，不少于已取得总学时 {h(total)} 的 {frac}。"
    return (f"{cat} {h(professional)} 学时，少于已取得总学时 {h(total)} 的 {frac}；"
            f"按这一更严格的理解，还需再取得 {h(extra)} 学时{cat}（仅为提示，不影响结论）。")


def present_message(policy: Policy, category: str, earned: int, deemed: str | None, label: str) -> str:
    cat = policy.categories[category]
    if deemed:
        return f"{deemed}，此项不适用。"
    if earned > 0:
        return f"本年度已有{cat} {h(earned)} 学时。"
    return f"本年度没有{cat}学时；{label}，建议参加{cat}学习（仅为提示，不影响结论）。"


# --------------------------------------------------------------- suggestions


def suggestion(policy: Policy, category: str | None, need: int, severity: str = "requirement") -> dict:
    """What would add `need` tenths of an hour to `category` (None: any): the first
    kinds of the policy that can, with their own `suggest` wording."""
    cat = policy.categories[category] if category else ""
    options, clause = [], None
    for kind in policy.kinds.values():
        if not kind.suggest or not methods.can_serve(kind, category):
            continue
        values = methods.suggestion_values(kind, need)
        if values is None:
            continue
        anchor = kind.clause.split("#", 1)[1]
        fill = {"hours": h(values["hours"]), "n": str(values.get("n", "")), "rate": h(values.get("rate", 0)),
                "unit": values.get("unit", ""), "choice": values.get("choice", ""), "category": cat,
                "cite": f"{policy.short_name} {anchor}"}
        text = kind.suggest
        if "{cite}" not in text:
            text += "（{cite}）"
        options.append(_fill(text, fill))
        clause = clause or kind.clause
        if len(options) == 2:
            break
    head = f"还差 {h(need)} 学时{cat or ANY_CATEGORY}" if severity == "requirement" \
        else f"建议再取得 {h(need)} 学时{cat or ANY_CATEGORY}"
    text = f"{head}：例如" + "；或".join(options) if options else f"{head}。"
    return {"category": category or "total", "hours": need, "severity": severity, "text": text,
            "clause": clause}


def _fill(template: str, values: dict[str, str]) -> str:
    out = template
    for key, value in values.items():
        out = out.replace("{" + key + "}", value)
    return out


# ----------------------------------------------------------- plain-text reports


def width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def pad(s: str, n: int, right: bool = False) -> str:
    gap = " " * max(0, n - width(s))
    return gap + s if right else s + gap


def _num(value: Any) -> str:
    if value is None:
        return "—"
    return str(value)


def report(result: dict, policy: Policy) -> str:
    """The CLI's human-readable assessment."""
    lines = [f"{policy.short_name} {result['year']} 年度继续教育学时自查（{policy.id}）",
             f"结论：{'达到要求' if result['passed'] else '未达到要求'}"]
    if result.get("deemed_complete"):
        lines.append(f"  {result['deemed_complete']['text']}")
    if result.get("prorated"):
        pr = result["prorated"]
        lines.append(f"按实际在岗时间折算：{pr['reason_label']}，在岗 {pr['on_post_months']} 个月")
        lines += [f"  {w}" for w in pr["working"]]
    lines.append("")
    lines.append(pad("", 10) + pad("已取得", 8, True) + pad("要求", 8, True) + pad("还差", 8, True))
    for cat in ("public", "professional", "total"):
        lines.append(pad(policy.categories[cat], 10)
                     + pad(_num(result["earned"][cat]), 8, True)
                     + pad(_num(result["required"][cat]), 8, True)
                     + pad(_num(result["shortfall"][cat]), 8, True))
    failed = [c for c in result["checks"] if not c["passed"] and c["severity"] == "requirement"]
    advice = [c for c in result["checks"] if not c["passed"] and c["severity"] == "advice"]
    if failed:
        lines += ["", "未通过的要求："] + [f"  ✗ {c['message']}〔{c['clause']}〕" for c in failed]
    if advice:
        lines += ["", "提示："] + [f"  ! {c['message']}〔{c['clause']}〕" for c in advice]
    if result.get("suggestions"):
        lines += ["", "建议："] + [f"  · {s['text']}" for s in result["suggestions"]]
    if result["trace"]:
        lines += ["", "明细："]
        for t in result["trace"]:
            where = f"[{t['activity'] + 1}]" if t.get("activity") is not None else f"[外派{t['posting'] + 1}]"
            cat = policy.categories.get(t["category"] or "total")
            lines.append(f"  {where} {t['working']} → {cat} {_num(t['hours'])}〔{t['clause']}〕")
    if result.get("interpretations"):
        lines += ["", "本次适用的解释（本站对通知未明确之处的处理）："]
        lines += [f"  · {i['title']}：{i['text']}〔{i['clause']}〕" for i in result["interpretations"]]
    return "\n".join(lines)


def span_report(result: dict, policy: Policy) -> str:
    span = result["span"]
    lines = [f"{span['label']}（{policy.id}，{span['from']}~{span['to']} 年逐年核认）",
             f"结论：{'各年度均达到要求' if result['passed'] else '未达到要求'}"]
    if result["failed_years"]:
        lines.append("未达到要求的年度：" + "、".join(str(y) for y in result["failed_years"]))
    lines.append("")
    lines.append(pad("年度", 8) + pad("公需", 8, True) + pad("专业", 8, True) + pad("合计", 8, True) + "  结论")
    for y in result["years"]:
        if y.get("prior_certificate"):
            lines.append(pad(str(y["year"]), 8) + pad("", 24) + "  已开具《学时认定单》")
            continue
        e = y["earned"]
        verdict = "达到" if y["passed"] else "未达到"
        if y.get("deemed_complete"):
            verdict += "（视为完成）"
        lines.append(pad(str(y["year"]), 8) + pad(_num(e["public"]), 8, True)
                     + pad(_num(e["professional"]), 8, True) + pad(_num(e["total"]), 8, True)
                     + "  " + verdict)
    for y in result["years"]:
        if not y["passed"]:
            lines += ["", f"{y['year']} 年："]
            lines += [f"  ✗ {c['message']}〔{c['clause']}〕" for c in y["checks"]
                      if not c["passed"] and c["severity"] == "requirement"]
            lines += [f"  · {s['text']}" for s in y.get("suggestions", []) if s["severity"] == "requirement"]
    if result["years_without_input"]:
        lines += ["", "没有填写的年度（按无学时计算）：" + "、".join(str(y) for y in result["years_without_input"])]
    return "\n".join(lines)


def rules_text(policy: Policy) -> str:
    """The CLI's `rules` listing: what a person can claim under a policy."""
    r = policy.requirements
    head = f"{policy.issuer}《{policy.title}》"
    if policy.document_number:
        head += f"（{policy.document_number}）"
    lines = [head, "", "学时要求："]
    lines.append(f"  总学时每年不少于 {h(r.total)} 学时")
    if r.public is not None:
        lines.append(f"  公需科目不少于 {h(r.public)} 学时")
    else:
        lines.append("  公需科目：未规定最低学时")
    if r.professional_share is not None:
        s = r.professional_share
        lines.append(f"  专业科目不少于总学时的 {s.numerator}/{s.denominator}，即 {h(r.professional)} 学时")
    elif r.professional is not None:
        lines.append(f"  专业科目不少于 {h(r.professional)} 学时")
    if not r.carry_over:
        lines.append("  学时不得结转到下一年度")
    lines.append(f"  依据 {r.clause}")
    lines += ["", "可申报的活动（kind）："]
    for kind in policy.kinds.values():
        if kind.category == "chosen":
            where = "科目由本人选择"
        elif kind.category:
            where = f"计入{policy.categories[kind.category]}"
        else:
            where = "视为完成当年"
        lines.append(f"  {kind.id}  {kind.label}")
        lines.append(f"      {kind.help}")
        lines.append(f"      {where}；依据 {kind.clause}")
        lines.append("      填写：" + "、".join(
            f"{f.name}（{f.label}{'' if f.required else '，可选'}）" for f in kind.fields))
    if policy.circumstances:
        c = policy.circumstances
        lines += ["", f"{c.label}：{c.help}（{c.clause}）"]
        lines += [f"  {x.value}：{x.label}（{x.clause}）" for x in c.reasons]
    if policy.span:
        lines += ["", f"{policy.span.label}：{policy.span.from_year}~{policy.span.to_year} 年逐年核认"
                      f"（{policy.span.clause}）"]
    lines += ["", "本站的解释："]
    lines += [f"  · {i.title}：{i.text}（{i.clause}）" for i in policy.interpretations]
    if policy.not_modelled:
        lines += ["", "未纳入计算："]
        lines += [f"  · {n.title}：{n.text}（{n.clause}）" for n in policy.not_modelled]
    return "\n".join(lines)

