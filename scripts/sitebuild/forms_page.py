"""What the /forms/ page template needs: every form of every policy rendered blank by the
calculator package itself (so the page shows and prints them before Python has loaded
in the browser, and they are the very HTML the CLI writes), the forms' CSS, and what
fills each form on the page: rules.toml's `filled_from` (the unit plan editor, an
imported roster, or the self-check answers with the person's details; none: offered
blank).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from calculator import workdays
from calculator.employer import filing, plan, publicity
from calculator.forms import layout, render_html

from .errors import BuildError


@dataclass
class PageForm:
    id: str
    title: str
    layout: str
    orientation: str
    draft: bool
    per_year: bool
    variants: list[str]
    clause: str                 # anchor in the policy's notice
    source: str                 # plan | roster | selfcheck | none
    note: str
    fill_help: str              # what fills it, in the policy's words (rules.toml), or ""
    remarks: list[str]
    columns: list[dict]         # leaf columns of a table form: name, label, type
    blank_html: str
    publicity_days: int | None = None   # a list posted for at least so many working days


@dataclass
class PagePolicy:
    id: str
    name: str
    year: int
    years: list[int]                       # per-year forms: the span's years
    categories: dict
    forms: list[PageForm] = field(default_factory=list)
    import_form: str | None = None         # the table form a roster file is read against
    plan_form: str | None = None           # the table form the unit plan fills
    plan_limits: dict | None = None        # its hours per day and half day, and their clause
    funding: dict | None = None
    deadlines: list[dict] = field(default_factory=list)
    filing: dict | None = None             # the filing checklist (employer/filing.py), or None

    def form(self, form_id: str) -> PageForm | None:
        return next((f for f in self.forms if f.id == form_id), None)


def context(catalogue) -> dict:
    policies = []
    for policy in catalogue:
        data = policy.data
        span = data.get("span") or {}
        years = list(range(span["from_year"], span["to_year"] + 1)) if span else [data["policy"]["year"]]
        page = PagePolicy(id=policy.id, name=data["policy"]["short_name"], year=data["policy"]["year"],
                          years=years, categories=data["categories"], funding=data.get("funding"),
                          deadlines=[d for d in data.get("deadlines", []) if d.get("min_working_days")],
                filing=filing.checklist(policy.id) if data.get("filing") else None)
        posted = {p["clause"].split("#", 1)[1]: p["days"] for p in publicity.periods(policy.id)}
        for form_id, spec in data.get("forms", {}).items():
            try:
                built = layout.build(policy.id, form_id)
            except Exception as error:  # a definition the renderer cannot lay out
                raise BuildError(f"policies/{policy.id}/rules.toml: forms.{form_id}: {error}") from error
            page.forms.append(PageForm(
                id=form_id, title=built.title_text, layout=spec["layout"], orientation=built.orientation,
                draft=spec.get("draft", False), per_year=spec.get("per_year", False),
                variants=spec.get("variants") or [], clause=spec["clause"],
                source=spec.get("filled_from", "none"), note=built.page_note,
                fill_help=spec.get("fill_help", ""), remarks=built.remarks,
                columns=[{"name": c.name, "label": c.label, "type": c.type, "group": c.group} for c in built.columns],
                blank_html=render_html.fragment(built), publicity_days=posted.get(spec["clause"])))
        roster_forms = [f for f in page.forms if f.source == "roster"]
        if roster_forms:
            # Read the file against the widest roster form (the 成绩单 covers the 名单).
            page.import_form = max(roster_forms, key=lambda f: len(f.columns)).id
        page.plan_form, _ = plan.plan_forms(data)
        if page.plan_form:
            limits = plan.limits(policy.id)
            page.plan_limits = {"hours_per_day": float(limits["hours_per_day"]),
                                "hours_per_half_day": float(limits["hours_per_half_day"]),
                                "clause": limits["clause"].split("#", 1)[1]}
        policies.append(page)
    return {"css": render_html.CSS, "policies": policies, "periods": plan.PERIODS, "calendar": workdays.sources()}
