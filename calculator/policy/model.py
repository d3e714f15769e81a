"""The typed, read-only view of one policy (what `load_policy` returns).

Built from the validated rules.toml by `calculator.policy.loader`. Amounts of hours are held in
tenths (see `calculator.hours`); clause citations are full (``<policy-id>#<anchor>``).
Tables that only pages and forms use (deadlines, funding, forms) stay as the validated
dicts in `Policy.data` and are exposed here as read-only mappings; the engine does not
read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from collections.abc import Mapping
from typing import Any

CATEGORY_ORDER = ("public", "professional", "total")


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    help: str | None = None


@dataclass(frozen=True)
class Field:
    """One input of a rule kind (a key of an activity)."""

    name: str
    type: str                      # int | decimal | bool | choice | text
    label: str
    required: bool
    default: Any = None
    help: str | None = None
    unit: str | None = None
    min: int | None = None
    max: int | None = None
    decimals: int = 0              # decimal fields: at most this many decimal places
    choices: tuple[Choice, ...] = ()
    max_length: int | None = None

    def choice_label(self, value: str) -> str:
        for c in self.choices:
            if c.value == value:
                return c.label
        return value


@dataclass(frozen=True)
class Kind:
    """A rule kind: an activity a person can claim and how it converts to hours."""

    id: str
    label: str
    help: str
    clause: str
    method: str                    # a module of calculator.methods (its file name)
    category: str | None           # public | professional | chosen | None (credit decides)
    fields: tuple[Field, ...]
    params: Mapping[str, Any]      # the method's keys from rules.toml, hours in tenths
    suggest: str | None = None
    short_label: str | None = None
    evidence_field: str | None = None  # a choice field saying what the activity was

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


@dataclass(frozen=True)
class Requirements:
    clause: str
    total: int                     # tenths
    public: int | None             # tenths; None where no minimum
    professional: int | None       # tenths
    professional_share: Fraction | None
    carry_over: bool
    no_makeup_from_year: int | None = None   # from this year on, no make-up of earlier years

    def as_dict(self) -> dict[str, int | None]:
        return {"public": self.public, "professional": self.professional, "total": self.total}


@dataclass(frozen=True)
class Reason:
    value: str
    label: str
    clause: str
    away_months_over: int | None   # None: any number of months on post


@dataclass(frozen=True)
class ProRating:
    """``[circumstances]``: when the requirement is pro-rated by the months on post."""

    clause: str
    label: str
    help: str
    on_post_label: str
    apply_label: str
    reasons: tuple[Reason, ...]

    def reason(self, value: str) -> Reason | None:
        return next((r for r in self.reasons if r.value == value), None)


@dataclass(frozen=True)
class Check:
    """A check beyond the minimums (those are generated from Requirements)."""

    id: str
    rule: str                      # a module of calculator.checks (its file name)
    severity: str                  # requirement | advice
    clause: str
    label: str
    params: Mapping[str, Any]


@dataclass(frozen=True)
class Span:
    clause: str
    label: str
    from_year: int
    to_year: int
    prior_certificate_clause: str | None = None
    postings_help: str | None = None


@dataclass(frozen=True)
class Interpretation:
    id: str
    clause: str
    title: str
    text: str
    drives: tuple[str, ...]


@dataclass(frozen=True)
class EvidenceItem:
    materials: str
    label: str | None = None
    situation: str | None = None
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class Evidence:
    clause: str
    title: str
    kinds: tuple[str, ...]
    choose: str                    # one | all
    items: tuple[EvidenceItem, ...]
    number: int | None = None
    note: str | None = None
    activities: tuple[str, ...] = ()   # the evidence field's choices it applies to; () all

    def applies_to(self, activity: str | None) -> bool:
        """Whether the entry applies to an activity of this kind said to be `activity`
        (None: not said, so every entry of the kind may apply)."""
        return activity is None or not self.activities or activity in self.activities

    def items_for(self, kind: str) -> tuple[EvidenceItem, ...]:
        return tuple(i for i in self.items if not i.kinds or kind in i.kinds)


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    clauses: tuple[str, ...]
    modelled: bool
    note: str
    number: str | None = None
    issuer: str | None = None


@dataclass(frozen=True)
class NotModelled:
    id: str
    clause: str
    title: str
    text: str


@dataclass(frozen=True)
class Policy:
    """One published notice: its meta data, requirements, rule kinds and the rest.

    `data` is the validated rules.toml as a plain dict (what `policy_data()` returns a
    copy of); `deadlines`, `funding` and `forms` are read-only views into it.
    """

    id: str
    title: str
    short_name: str
    short_title: str
    issuer: str
    document_number: str | None
    region: str
    year: int
    clause: str
    source: str
    assess_years: tuple[int, int]
    categories: Mapping[str, str]          # Chinese labels of public / professional / total
    requirements: Requirements
    kinds: Mapping[str, Kind]
    pro_rating: ProRating | None
    checks: tuple[Check, ...]
    span: Span | None
    interpretations: tuple[Interpretation, ...]
    evidence: tuple[Evidence, ...]
    documents: tuple[Document, ...]
    not_modelled: tuple[NotModelled, ...]
    deadlines: tuple[Mapping[str, Any], ...]
    funding: Mapping[str, Any] | None
    forms: Mapping[str, Mapping[str, Any]]
    data: Mapping[str, Any] = field(repr=False)

    def cite(self, anchor: str) -> str:
        return f"{self.id}#{anchor}"

    def evidence_for(self, kind: str, activity: str | None = None) -> tuple[Evidence, ...]:
        """The evidence entries for an activity of `kind`; narrowed to those for what the
        activity was (its kind's evidence field) when that is known."""
        return tuple(e for e in self.evidence if kind in e.kinds and e.applies_to(activity))


def frozen(value: Any) -> Any:
    """Deep read-only view of validated TOML data."""
    if isinstance(value, dict):
        return MappingProxyType({k: frozen(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(frozen(v) for v in value)
    return value
