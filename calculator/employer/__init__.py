"""The employer's (用人单位) own calculations, which fill forms but are not forms:

    plan   a unit's face-to-face training plan, checked against the notice's limits
    fund   the education fund to extract and the tax deduction, from the payroll
"""
