"""A person's year (or years) against a policy: the engine.

    inputs       reading a person's input into typed values (InputError naming the field)
    answers      the self-check page's answers, as typed, into that input
    year         assess(): one year, the result object
    prorating    the year's requirement, pro-rated by the months on post
    suggestions  what would close a shortfall, citing its clauses as data
    span         assess_span(): several years, each on its own, and postings across them
    describe     describe(): what the self-check form needs
    golden       the golden-case runner (CPython and Pyodide alike)
"""
