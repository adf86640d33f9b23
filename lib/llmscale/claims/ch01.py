"""Chapter 01's claim rows (transitional shim: the rows move here from llmscale.pretraining)."""

from ..pretraining import claim_rows  # noqa: F401
