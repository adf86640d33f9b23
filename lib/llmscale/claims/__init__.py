"""The claims ledger: every claim of the source articles, recomputed by the library.

``ledger.py`` holds the verdict rule, :class:`Claim` and :func:`ledger`; ``chNN.py``
holds chapter NN's claim rows and the helpers only a claim uses. Claims import the
formula modules; no formula module imports ``llmscale.claims``.
"""

from .ledger import CHAPTERS, COLUMNS, SENSES, SOURCE_KEYS, VERDICTS, Claim, display_table, ledger, verdict

__all__ = ["CHAPTERS", "COLUMNS", "SENSES", "SOURCE_KEYS", "VERDICTS", "Claim", "display_table", "ledger",
           "verdict"]
