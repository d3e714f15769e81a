"""What the /unit/ page template needs, from each policy through the calculator itself:
the years it may check, the columns its unit roster may have (calculator.unit.roster:
which are required, what a cell holds, which clause decides it), the clauses the
result's figures cite, the posting period a list of qualified people needs (Hunan) and
the holiday calendars the working days are counted with. The page's script gets the
same per-policy facts as JSON, so it needs no second source.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from calculator import load_policy, workdays
from calculator.employer import publicity
from calculator.hours import out
from calculator.unit import roster as unit_roster


@dataclass
class RosterColumn:
    label: str
    required: bool
    holds: str                      # what a cell holds, in Chinese
    clause: str | None = None       # the clause that decides it (<policy>#<anchor>)


@dataclass
class UnitPolicy:
    id: str
    name: str
    title: str
    issuer: str
    years: list[int]
    default_year: int
    requirements: dict              # public, professional, total (null: none), clause
    columns: list[RosterColumn] = field(default_factory=list)
    publicity: list[dict] = field(default_factory=list)
    forms: list[dict] = field(default_factory=list)      # the roster forms the result fills

    def script_data(self) -> dict:
        return asdict(self)


def context(catalogue) -> dict:
    policies = []
    for page_policy in catalogue:
        policy = load_policy(page_policy.id)
        shape = unit_roster.layout(policy)
        req = policy.requirements
        lo, hi = policy.assess_years
        unit = UnitPolicy(
            id=policy.id, name=policy.short_name, title=policy.title, issuer=policy.issuer,
            years=list(range(hi, lo - 1, -1)), default_year=policy.year,
            requirements={"public": out(req.public), "professional": out(req.professional),
                          "total": out(req.total), "clause": req.clause},
            columns=_columns(policy, shape), publicity=publicity.periods(policy.id),
            forms=[{"id": form_id, "title": spec["title"], "per_year": spec.get("per_year", False)}
                   for form_id, spec in page_policy.data.get("forms", {}).items()
                   if spec.get("filled_from") == "roster" and spec.get("layout") == "table"],
        )
        policies.append(unit)
    return {"policies": policies, "script": [p.script_data() for p in policies],
            "calendar": workdays.sources(), "max_rows": unit_roster.forms_roster.MAX_ROWS}


def _columns(policy, shape: unit_roster.Layout) -> list[RosterColumn]:
    hours_clause = policy.kinds[shape.hours_kind].clause
    cols = [RosterColumn("姓名", True, "姓名"),
            RosterColumn("身份证号", True, "18位居民身份证号码，核对出生日期和校验位；同一号码只能出现一次"),
            RosterColumn("性别", False, "可不填，按身份证号填写；填了的须与身份证号相符"),
            RosterColumn("专业、单位", False, "可不填，照录到结果和表格中")]
    for c in ("public", "professional"):
        cols.append(RosterColumn(shape.hours[c].label + "（学时）", False,
                                 "已认定的学时，最多一位小数；空白按 0 学时", hours_clause))
    if shape.on_post is not None:
        reasons = "、".join(r.label for r in policy.pro_rating.reasons)
        cols.append(RosterColumn(shape.on_post.label, False, "有折算情形的填 0 到 12 的整数，不折算的留空",
                                 policy.pro_rating.clause))
        cols.append(RosterColumn(shape.reason.label, False,
                                 f"通知所列的情形之一：{reasons}（可写其中能区分的词，如“病假”“生育”）",
                                 policy.pro_rating.clause))
    if shape.posting is not None:
        kind = shape.posting.kind
        cols.append(RosterColumn(shape.posting.months.label, False,
                                 f"{kind.label}的工作月数，没有的留空", kind.clause))
        if shape.posting.qualified is not None:
            cols.append(RosterColumn(shape.posting.qualified.label, False,
                                     "填了月数的必填：是或否（合格、不合格）", kind.clause))
    if shape.carried:
        cols.append(RosterColumn("、".join(c.label for c in shape.carried), False, "可不填，填入生成的表格"))
    cols.append(RosterColumn("年度", False, "可不填；填了的须是所选的核查年度"))
    return cols
