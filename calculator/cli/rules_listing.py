"""The command line's ``rules`` listing: what a person can claim under a policy, each
rule with the clause it comes from (its number and heading) and how it converts."""

from __future__ import annotations

from .. import methods
from ..hours import text as h
from ..policy.loader import cite
from ..policy.model import Policy


def rules_text(policy: Policy) -> str:
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
    lines.append(f"  依据 {cite(r.clause)}")
    lines += ["", "可申报的活动（kind）："]
    for kind in policy.kinds.values():
        method = methods.get(kind.method)
        if kind.category == "chosen":
            where = "科目由本人选择"
        elif kind.category:
            where = f"计入{policy.categories[kind.category]}"
        else:
            where = "视为完成当年"
        lines.append(f"  {kind.id}  {kind.label}")
        lines.append(f"      {kind.help}")
        lines.append(f"      折算：{method.rate(kind, policy)}")
        lines.append(f"      {where}；依据 {cite(kind.clause)}")
        lines.append("      填写：" + "、".join(
            f"{f.name}（{f.label}{'' if f.required else '，可选'}）" for f in kind.fields))
    if policy.pro_rating:
        c = policy.pro_rating
        lines += ["", f"{c.label}：{c.help}（{cite(c.clause)}）"]
        lines += [f"  {x.value}：{x.label}（{cite(x.clause)}）" for x in c.reasons]
    if policy.span:
        lines += ["", f"{policy.span.label}：{policy.span.from_year}~{policy.span.to_year} 年逐年核认"
                      f"（{cite(policy.span.clause)}）"]
    lines += ["", "本站的解释："]
    lines += [f"  · {i.title}：{i.text}（{cite(i.clause)}）" for i in policy.interpretations]
    if policy.not_modelled:
        lines += ["", "未纳入计算："]
        lines += [f"  · {n.title}：{n.text}（{cite(n.clause)}）" for n in policy.not_modelled]
    return "\n".join(lines)
