"""Chapter 05's claim rows (transitional shim: the rows move here from llmscale.voting)."""

from ..voting import claim_rows  # noqa: F401
