"""Helpers shared by the test suite: running the CLI, and the real components tests start."""
