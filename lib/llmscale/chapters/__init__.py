"""Chapter computations: everything a chapter notebook shows that is computed, as functions of its parameters."""
