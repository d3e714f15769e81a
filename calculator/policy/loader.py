"""Load policies: read rules.toml, validate it (`calculator.policy.coherence`), build the
typed model (`calculator.policy.model`); and check a policy folder for the build, its
citations against notice.md included. Loading is cached: the browser worker and the CLI
assess many inputs against the same few files.
"""

from __future__ import annotations

import copy
import tomllib
from fractions import Fraction
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..errors import InputError, RulesError
from ..hours import ceil_div, tenths
from ..methods import METHODS
from . import folders, notice
from .coherence import validate
from .declaration import CATEGORIES
from .model import (
    Check, Choice, Document, Evidence, EvidenceItem, Field, Interpretation, Kind, NotModelled,
    Policy, ProRating, Reason, Requirements, Span, frozen,
)


def policy_ids() -> list[str]:
    """Ids of the policies shipped with the package (folder names under policies/)."""
    return list(folders.policy_dirs())


def parse_rules(text: str, file: str, policy_id: str | None = None) -> dict:
    """Parse and validate the text of a rules.toml; return the normalised dict."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise RulesError([(file, "", f"invalid TOML: {e}")]) from None
    return validate(data, file, policy_id)


@cache
def _load_data(policy_id: str) -> dict:
    folder = folders.policy_dirs().get(policy_id)
    if folder is None:
        raise _unknown_policy(policy_id)
    return parse_rules((folder / folders.RULES_FILE).read_text(encoding="utf-8"),
                       folders.display_path(policy_id, folders.RULES_FILE), policy_id)


def _unknown_policy(policy_id: Any) -> InputError:
    known = "、".join(policy_ids()) or "（无）"
    return InputError("policy", f"未知的政策“{policy_id}”（可选：{known}）")


def policy_data(policy_id: str) -> dict:
    """The validated rules.toml of a policy as a plain, JSON-able dict (defaults filled
    in, {placeholders} resolved, dates as ISO strings). A fresh copy on every call."""
    return copy.deepcopy(_load_data(policy_id))


def load_policy(policy_id: str) -> Policy:
    """The typed model of a policy. Raises InputError for an unknown id (the id usually
    comes from user input) and RulesError for an invalid rules.toml."""
    if not isinstance(policy_id, str) or policy_id not in folders.policy_dirs():
        raise _unknown_policy(policy_id)
    return _policy(policy_id)


@cache
def _policy(policy_id: str) -> Policy:
    return build_policy(_load_data(policy_id))


def build_policy(data: dict) -> Policy:
    """Typed model of validated rules data (see `parse_rules`)."""
    meta = data["policy"]
    pid = meta["id"]

    def cite(anchor: str) -> str:
        return f"{pid}#{anchor}"

    reqs = data["requirements"]
    share = Fraction(reqs["professional_share"]) if "professional_share" in reqs else None
    total = tenths(reqs["total"])
    if share is not None:
        # "专业科目一般不少于总学时的2/3": a share of the required total, rounded up.
        professional = ceil_div(total * share.numerator, share.denominator)
    else:
        professional = _t(reqs.get("professional"))
    requirements = Requirements(
        clause=cite(reqs["clause"]), total=total, public=_t(reqs.get("public")),
        professional=professional, professional_share=share, carry_over=reqs["carry_over"],
        no_makeup_from_year=reqs.get("no_makeup_from_year"),
    )

    circ = data.get("circumstances")
    pro_rating = None if circ is None else ProRating(
        clause=cite(circ["clause"]), label=circ["label"], help=circ["help"],
        on_post_label=circ["on_post_label"], apply_label=circ["apply_label"],
        reasons=tuple(Reason(value=r["value"], label=r["label"], clause=cite(r["clause"]),
                             away_months_over=r.get("away_months_over"))
                      for r in circ["reasons"]),
    )
    span = data.get("span")
    return Policy(
        id=pid, title=meta["title"], short_name=meta["short_name"], short_title=meta["short_title"],
        issuer=meta["issuer"],
        document_number=meta.get("document_number"), region=meta["region"], year=meta["year"],
        clause=cite(meta["clause"]), source=meta["source"],
        assess_years=(meta["assess_years"]["from"], meta["assess_years"]["to"]),
        categories=MappingProxyType(dict(data["categories"])),
        requirements=requirements,
        kinds=MappingProxyType({kid: _kind(kid, k, data["categories"], cite)
                                for kid, k in data["kinds"].items()}),
        pro_rating=pro_rating,
        checks=tuple(Check(id=c["id"], rule=c["rule"], severity=c["severity"],
                           clause=cite(c["clause"]), label=c["label"],
                           params=MappingProxyType({k: v for k, v in c.items()
                                                    if k not in ("id", "rule", "severity", "clause", "label")}))
                     for c in data["checks"]),
        span=None if span is None else Span(clause=cite(span["clause"]), label=span["label"],
                                            from_year=span["from_year"], to_year=span["to_year"],
                                            prior_certificate_clause=(cite(span["prior_certificate_clause"])
                                                                      if "prior_certificate_clause" in span else None),
                                            postings_help=span.get("postings_help")),
        interpretations=tuple(Interpretation(id=i["id"], clause=cite(i["clause"]), title=i["title"],
                                             text=i["text"], drives=tuple(i["drives"]))
                              for i in data["interpretations"]),
        evidence=tuple(Evidence(
            clause=cite(e["clause"]), title=e["title"], kinds=tuple(e["kinds"]), choose=e["choose"],
            number=e.get("number"), note=e.get("note"), activities=tuple(e.get("activities", ())),
            items=tuple(EvidenceItem(materials=it["materials"], label=it.get("label"),
                                     situation=it.get("situation"), kinds=tuple(it.get("kinds", ())))
                        for it in e["items"]),
        ) for e in data["evidence"]),
        documents=tuple(Document(id=d["id"], title=d["title"], clauses=tuple(cite(c) for c in d["clauses"]),
                                 modelled=d["modelled"], note=d["note"], number=d.get("number"),
                                 issuer=d.get("issuer"))
                        for d in data["documents"]),
        not_modelled=tuple(NotModelled(id=n["id"], clause=cite(n["clause"]), title=n["title"], text=n["text"])
                           for n in data["not_modelled"]),
        deadlines=frozen(data["deadlines"]),
        funding=frozen(data.get("funding")),
        forms=frozen(data["forms"]),
        data=frozen(data),
    )


def _kind(kid: str, k: dict, categories: dict, cite) -> Kind:
    fields = [_field(f) for f in k["fields"]]
    if k.get("category") == "chosen":
        # The person picks the category: one synthesised choice field, labelled once in
        # [categories], rather than the same field repeated in every kind.
        fields.insert(0, Field(
            name="category", type="choice", label="科目类别", required=True,
            choices=tuple(Choice(c, categories[c]) for c in CATEGORIES),
        ))
    # The method's own keys, hours in tenths as its declaration says.
    keys = METHODS[k["method"]].keys
    params = {key: keys[key].node.to_tenths(value) for key, value in k.items() if key in keys}
    return Kind(
        id=kid, label=k["label"], help=k["help"], clause=cite(k["clause"]), method=k["method"],
        category=k.get("category"), fields=tuple(fields), params=MappingProxyType(params),
        suggest=k.get("suggest"), short_label=k.get("short_label"), evidence_field=k.get("evidence_field"),
    )


def _field(f: dict) -> Field:
    required = f.get("required", "default" not in f)
    return Field(
        name=f["name"], type=f["type"], label=f["label"], required=required,
        default=f.get("default"), help=f.get("help"), unit=f.get("unit"),
        min=f.get("min"), max=f.get("max"),
        decimals=f.get("decimals", 1 if f["type"] == "decimal" else 0),
        choices=tuple(Choice(c["value"], c["label"], c.get("help")) for c in f.get("choices", ())),
        max_length=f.get("max_length"),
    )


def _t(value: Any) -> int | None:
    return None if value is None else tenths(value)


# ------------------------------------------------------------------ checking a folder


def validate_policy(policy_id: str, folder: str | Path | None = None, *,
                    require_notice: bool = False) -> dict:
    """Check one policy folder for the build: rules.toml against its declaration and,
    when notice.md exists (or `require_notice`), every cited anchor against notice.md.
    Returns the validated data; raises RulesError listing every problem.

    `folder` defaults to the policy's folder as the package sees it; the build passes the
    repository's ``policies/<id>`` to check the sources rather than an installed copy.
    """
    folder = Path(folder) if folder is not None else folders.policy_dirs().get(policy_id)
    rules_name = folders.display_path(policy_id, folders.RULES_FILE)
    notice_name = folders.display_path(policy_id, folders.NOTICE_FILE)
    if folder is None or not (folder / folders.RULES_FILE).is_file():
        raise RulesError([(rules_name, "", "file not found")])
    data = parse_rules((folder / folders.RULES_FILE).read_text(encoding="utf-8"), rules_name, policy_id)
    markdown = notice.read_notice(policy_id, folder)
    if markdown is None:
        if require_notice:
            raise RulesError([(notice_name, "", "file not found")])
        return data
    missing = notice.missing_anchors(data, markdown)
    if missing:
        raise RulesError([(rules_name, path, f'cites "{anchor}", which is no anchor of {notice_name}')
                          for path, anchor in missing])
    return data


def check_citations(policy_id: str, folder: str | Path | None = None) -> None:
    """What the build calls for each policy folder: `validate_policy` with notice.md
    required. Raises RulesError listing every problem."""
    validate_policy(policy_id, folder, require_notice=True)


@cache
def clauses(policy_id: str) -> dict[str, notice.Clause]:
    """Anchor -> clause (heading and short citation) of a policy's notice; empty when the
    policy has no notice.md. Read on first use: only the command line needs it."""
    markdown = notice.read_notice(policy_id)
    return notice.clause_index(markdown) if markdown else {}


def cite(citation: str) -> str:
    """``hunan-2023#conversion-1`` -> ``湖南 附件·二·1 参加有关培训、会议等`` (the policy's
    short name, the clause's citation and heading), or the citation as given when the
    notice does not define it."""
    policy_id, _, anchor = citation.partition("#")
    clause = clauses(policy_id).get(anchor) if policy_id in folders.policy_dirs() else None
    if clause is None:
        return citation
    return f"{load_policy(policy_id).short_name} {clause.full}"
