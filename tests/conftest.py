"""Fixtures shared by the whole suite."""

# The real private registry (docker-registry + skopeo): the ``registry`` and ``registry_factory`` fixtures.
pytest_plugins = ["tests.support.registry"]
