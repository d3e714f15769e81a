"""Continuing-education (专业技术人员继续教育) credit-hour calculator.

Standard library only; runs unchanged in CPython 3.11+ and in Pyodide. The rules of each
published notice live in ``policies/<policy-id>/rules.toml`` (shipped inside the wheel as
package data) and nothing here hard-codes a figure of a notice. ARCHITECTURE.md (in the
repository) walks through the layers:

    policy/      a notice as data: rules.toml declared, validated, loaded; notice.md
    methods/     conversion methods, one module each (rules.toml `method = "x"` -> x.py)
    checks/      check rules, one module each (`rule = "x"` -> x.py)
    assessment/  the engine: input -> one year's result, several years, the page's answers
    employer/    the unit's training plan and education fund
    forms/       printable forms (a library)
    cli/         the command line; api.py the browser worker's entry

Public API::

    policy_ids()              ids of the shipped policies
    load_policy(policy_id)    the typed model (calculator.policy.model.Policy)
    policy_data(policy_id)    the validated rules.toml as a plain dict (for page generators)
    describe(policy_id)       what the calculator form needs (kinds, fields, circumstances)
    assess(data)              one year's assessment (the result object)
    assess_span(data)         several years, each on its own (senior-title check)
    validate_policy(id, folder=None)   rules.toml against its declaration + notice anchors
    check_citations(id, folder=None)   the same with notice.md required (the build's check)
    InputError, RulesError
"""

from .assessment.describe import describe
from .assessment.span import assess_span
from .assessment.year import assess
from .errors import InputError, RulesError
from .policy.loader import check_citations, load_policy, policy_data, policy_ids, validate_policy

__all__ = [
    "policy_ids", "load_policy", "policy_data", "describe", "assess", "assess_span",
    "validate_policy", "check_citations", "InputError", "RulesError",
]
