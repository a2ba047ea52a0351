"""Fixtures for the Fern-generated SDK (letta-client 0.1.x) tests."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def client(api):
    """A letta_client.Letta (Fern 0.1.x) whose responses are schema-checked."""
    return api.fern()


@pytest.fixture
def fresh_client(fresh_api):
    return fresh_api.fern()
