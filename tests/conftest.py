"""Shared test configuration.

Every hypothesis test is deterministic (``derandomize``): CI must not pass or
fail by the luck of the draw. The number of examples stays what each test
sets; `tests/test_fuzz.py` documents the longer run.
"""

from hypothesis import settings

settings.register_profile("contractlint", derandomize=True, deadline=None)
settings.load_profile("contractlint")
