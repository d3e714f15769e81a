"""Continuing-education (专业技术人员继续教育) credit-hour calculator.

Standard library only; runs unchanged in CPython 3.11+ and in Pyodide. The rules of each
published notice live in ``policies/<policy-id>/rules.toml`` (shipped inside the wheel as
package data) and nothing here hard-codes a figure of a notice.

Public API::

    policy_ids()              ids of the shipped policies
    load_policy(policy_id)    the typed model (calculator.model.Policy)
    policy_data(policy_id)    the validated rules.toml as a plain dict (for page generators)
    describe(policy_id)       what the calculator form needs (kinds, fields, circumstances)
    assess(data)              one year's assessment (DESIGN section 5)
    assess_span(data)         several years, each on its own (senior-title check)
    validate_policy(id, folder=None)   schema + notice anchors (when notice.md exists)
    check_citations(id, folder=None)   the same with notice.md required (the build's check)
    InputError, RulesError
"""

from .assess import assess
from .describe import describe
from .errors import InputError, RulesError
from .notice import check_citations, validate_policy
from .rules import load_policy, policy_data, policy_ids
from .span import assess_span

__all__ = [
    "policy_ids", "load_policy", "policy_data", "describe", "assess", "assess_span",
    "validate_policy", "check_citations", "InputError", "RulesError",
]
