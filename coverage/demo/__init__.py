"""The demo: every regency of Indonesia at every month-end from January 2024 up to last month, Bali's as published.

A package because the demo has four parts: the made-up figures (`figures.py`), their review and timeliness
(`plan.py`), the targets fitted to them (`targets.py`), loading it all (`load.py`); and the banner that says so on
every page (`banner.py`).
"""
from coverage.demo.figures import DEMO_SOURCE, MARCH_2025, PUBLISHED_AS_OF, month_ends
from coverage.demo.load import DEMO_REASON, DemoLoadResult, demo_load

__all__ = ["DEMO_REASON", "DEMO_SOURCE", "MARCH_2025", "PUBLISHED_AS_OF", "DemoLoadResult", "demo_load",
           "month_ends"]
