"""Test harness for the identity-server integration suite: server process control,
OpenAPI response validation and small helpers shared by every test module."""
