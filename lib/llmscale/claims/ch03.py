"""Chapter 03's claim rows (transitional shim: the rows move here from llmscale.reasoning)."""

from ..reasoning import claim_rows  # noqa: F401
