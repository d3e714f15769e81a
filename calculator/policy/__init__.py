"""A notice as data: its rules.toml (declared, validated, loaded into a typed model) and
its notice.md (clauses, citations, the figures it writes).

    nodes        the node library declarations are written in
    declaration  what a rules.toml holds (kinds' and checks' keys come from their modules)
    coherence    validation: the structure, then references and rules across the file
    model        the typed, read-only Policy
    loader       policy_ids(), load_policy(), policy_data(), validate_policy(), cite()
    folders      where the policy folders are
    notice       notice.md: sections, clause index, anchor and fidelity checks

Import from the modules: this package imports nothing, so the method and check modules
can use `nodes` and `model` while `declaration` uses them.
"""
