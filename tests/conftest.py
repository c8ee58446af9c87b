"""Fixtures shared by the whole suite."""

# The real private registry (docker-registry + skopeo): the ``registry`` and ``registry_factory`` fixtures.
# The Go oracle (tests/oracle): the session-scoped ``oracle`` fixture.
pytest_plugins = ["tests.support.registry", "tests.support.oracle"]
