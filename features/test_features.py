"""Binds every feature file to pytest; the steps live in steps/ (loaded by conftest.py)."""

import pytest
from pytest_bdd import scenarios

# Start both browsers before step 1, so step 1's time is the step's own.
pytestmark = pytest.mark.usefixtures("agent_browser", "customer_browser")

scenarios(".")
