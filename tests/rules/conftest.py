"""Fixtures for the rules-engine tests: plain Python, no database, no Django."""

from __future__ import annotations

import copy

import pytest

from tests.rules.helpers import BASE_INPUT


@pytest.fixture
def base_input() -> dict:
    return copy.deepcopy(BASE_INPUT)
