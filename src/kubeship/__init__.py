"""kubeship: deploy services to Kubernetes from private container registries."""

__version__ = "0.1.0"
