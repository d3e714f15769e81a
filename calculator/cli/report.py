"""The command line's plain-text reports of `assess` and `span` results.

Every citation is printed as the page shows it: the policy's short name, the clause's
number and its heading (``湖南 附件·二·1 参加有关培训、会议等``), not a bare anchor.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from ..policy.loader import cite
from ..policy.model import Policy


def width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def pad(s: str, n: int, right: bool = False) -> str:
    gap = " " * max(0, n - width(s))
    return gap + s if right else s + gap


def _num(value: Any) -> str:
    return "—" if value is None else str(value)


def _cited(clause: str | None) -> str:
    return f"〔{cite(clause)}〕" if clause else ""


def sentence(parts: list[dict]) -> str:
    """A sentence whose citations travel as data (suggestions' ``parts``), with each
    clause cited by its number and heading."""
    return "".join(p["text"] if "text" in p else cite(p["clause"]) for p in parts)


def report(result: dict, policy: Policy) -> str:
    """The human-readable assessment of one year."""
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
        lines += ["", "未通过的要求："] + [f"  ✗ {c['message']}{_cited(c['clause'])}" for c in failed]
    if advice:
        lines += ["", "提示："] + [f"  ! {c['message']}{_cited(c['clause'])}" for c in advice]
    if result.get("suggestions"):
        lines += ["", "建议："] + [f"  · {sentence(s['parts'])}" for s in result["suggestions"]]
    if result["trace"]:
        lines += ["", "明细："]
        for t in result["trace"]:
            where = f"[{t['activity'] + 1}]" if t.get("activity") is not None else f"[外派{t['posting'] + 1}]"
            cat = policy.categories.get(t["category"] or "total")
            lines.append(f"  {where} {t['working']} → {cat} {_num(t['hours'])}{_cited(t['clause'])}")
    if result.get("interpretations"):
        lines += ["", "本次适用的解释（本站对通知未明确之处的处理）："]
        lines += [f"  · {i['title']}：{i['text']}{_cited(i['clause'])}" for i in result["interpretations"]]
    return "\n".join(lines)


def span_report(result: dict, policy: Policy) -> str:
    """The human-readable multi-year check."""
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
            lines += [f"  ✗ {c['message']}{_cited(c['clause'])}" for c in y["checks"]
                      if not c["passed"] and c["severity"] == "requirement"]
            lines += [f"  · {sentence(s['parts'])}" for s in y.get("suggestions", []) if s["severity"] == "requirement"]
    postings = [(y["year"], t) for y in result["years"] for t in y.get("trace", []) if t.get("posting") is not None]
    if postings:
        lines += ["", "跨年度外派："]
        lines += [f"  [外派{t['posting'] + 1}] {year} 年：{t['working']} → {_num(t['hours'])}{_cited(t['clause'])}"
                  for year, t in sorted(postings, key=lambda item: (item[1]["posting"], item[0]))]
    if result["years_without_input"]:
        lines += ["", "没有填写的年度（按无学时计算）：" + "、".join(str(y) for y in result["years_without_input"])]
    seen, applied = set(), []
    for i in [*result.get("interpretations", []), *(i for y in result["years"] for i in y.get("interpretations", []))]:
        if i["id"] not in seen:
            seen.add(i["id"])
            applied.append(i)
    if applied:
        lines += ["", "本次适用的解释（本站对通知未明确之处的处理）："]
        lines += [f"  · {i['title']}：{i['text']}{_cited(i['clause'])}" for i in applied]
    if result.get("not_modelled"):
        lines += ["", "不在本计算范围内："]
        lines += [f"  · {n['title']}：{n['text']}{_cited(n['clause'])}" for n in result["not_modelled"]]
    return "\n".join(lines)
