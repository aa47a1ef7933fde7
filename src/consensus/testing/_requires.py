"""Imported first by ``consensus.testing``: a clear message when hypothesis is not installed."""

try:
    import hypothesis
except ImportError:  # pragma: no cover - exercised in a venv without the extra
    raise ImportError(
        "consensus.testing needs hypothesis, which the core does not: "
        "pip install 'consensus-mou[testing]'"
    ) from None

__all__ = ["hypothesis"]
