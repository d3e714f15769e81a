"""The unit check (单位学时核查): a whole unit's roster, every person assessed at once.

An HR office imports its staff list (CSV or XLSX, GBK/GB18030 or UTF-8) with each
person's certified public and professional hours and, where they apply, the pro-rating
circumstance (months on post and reason) or an aid posting. Every person is assessed by
the same engine as the self-check (`calculator.assessment.year`), against the chosen
notice and year; the unit sees who falls short and by how much, with the clause of
every figure, and its totals.

    roster   the unit roster's columns (from the policy) and reading its rows; the file,
             the header and the ID numbers are read as the forms' roster import reads them
             (`calculator.forms.roster`, `calculator.forms.idcard`)
    check    each person through the engine; totals; the values that fill the roster forms
    export   the result as a table `Form`, drawn by the forms' CSV and XLSX renderers
    ops      the worker's operations (unit, unit_template)

The command line is ``python -m calculator unit ROSTER --policy ID --year N
[--out FILE.xlsx|.csv]`` (`calculator.cli.unit`).
"""
