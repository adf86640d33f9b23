"""Chapter 02's claim rows (transitional shim: the rows move here from llmscale.inference_aware)."""

from ..inference_aware import claim_rows  # noqa: F401
