"""The claims ledger: every claim of the source articles, recomputed by the library.

``ledger.py`` holds the verdict rule, :class:`Claim` and :func:`ledger`; ``chNN.py``
holds chapter NN's claim rows and the helpers only a claim uses. Claims import the
formula modules; no formula module imports ``llmscale.claims``.
"""

from .ledger import (
                     BAND_WORDING,
                     BANDS,
                     CHAPTERS,
                     COLUMNS,
                     METHODS,
                     SENSES,
                     SOURCE_KEYS,
                     VERDICTS,
                     Claim,
                     LegacyClaim,
                     Reading,
                     agreement,
                     combine,
                     display_table,
                     format_value,
                     ledger,
                     quotes,
                     verdict,
                     verdict_glue,
                     weakest,
)

__all__ = ["BAND_WORDING", "BANDS", "CHAPTERS", "COLUMNS", "METHODS", "SENSES", "SOURCE_KEYS", "VERDICTS", "Claim",
           "LegacyClaim", "Reading", "agreement", "combine", "display_table", "format_value", "ledger", "quotes",
           "verdict", "verdict_glue", "weakest"]
