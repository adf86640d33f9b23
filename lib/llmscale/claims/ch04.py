"""Chapter 04's claim rows (transitional shim: the rows move here from llmscale.roofline)."""

from ..roofline import claim_rows  # noqa: F401
