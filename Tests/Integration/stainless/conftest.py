"""Fixtures for the Stainless SDK (letta-client 1.7.0) tests."""

from __future__ import annotations

import pytest

from harness.util import SEED_AGENT, unique


@pytest.fixture(scope="module")
def client(api):
    """A letta_client.Letta (1.7.0) whose responses are schema-checked and strictly
    validated against the SDK's own types."""
    return api.stainless()


@pytest.fixture
def fresh_client(fresh_api):
    return fresh_api.stainless()


@pytest.fixture
def make_identity(client):
    def make(**fields):
        fields.setdefault("identifier_key", unique("key"))
        fields.setdefault("name", "Test Identity")
        fields.setdefault("identity_type", "user")
        return client.identities.create(**fields)
    return make


@pytest.fixture
def make_agent(client):
    def make(**fields):
        return client.agents.create(**{**SEED_AGENT, **fields})
    return make


@pytest.fixture
def make_block(client):
    def make(**fields):
        fields.setdefault("label", "human")
        fields.setdefault("value", "block value")
        return client.blocks.create(**fields)
    return make
