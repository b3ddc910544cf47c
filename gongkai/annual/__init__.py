"""The annual report built from the records: collect, tallies, the report's workflow and pages.

Above applications, publishing and disputes (it reads their records); below the interfaces.
The report engine it fills (vocabulary, readers, checks, renderers) is `gongkai.reports`, which
never imports this package.
"""
