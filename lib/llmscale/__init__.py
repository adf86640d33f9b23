"""llmscale: the formulas behind *Scaling Laws, Recomputed*.

Formula modules, one per concept (see CONTRIBUTING.md for where things go); none of them
imports :mod:`llmscale.claims` or :mod:`llmscale.chapters`:

- :mod:`llmscale.units`: SI constants and human formatting.
- :mod:`llmscale.catalog`: loads and validates ``data/*.csv``; the one name look-up.
- :mod:`llmscale.flops`: parameter counts from architecture, 6ND, FLOP <-> GPU-hours <-> USD.
- :mod:`llmscale.laws`: Kaplan and Chinchilla laws and their presets.
- :mod:`llmscale.optim`: the batched L-BFGS optimiser.
- :mod:`llmscale.fitting`: Hoffmann's Approach-3 fit and its bootstrap.
- :mod:`llmscale.overtraining`: inference-aware optimum (Sardana et al.), shrinking at fixed loss.
- :mod:`llmscale.growth`: data wall, compute growth, catch-up arithmetic.
- :mod:`llmscale.reasoning`: reasoning-RL compute.
- :mod:`llmscale.arrays`: models and hardware as arrays of attributes (vectorised look-ups).
- :mod:`llmscale.memory`: weight and KV-cache bytes, HBM capacity.
- :mod:`llmscale.serving_options`: the ``Precision`` and ``Efficiency`` keyword groups.
- :mod:`llmscale.roofline`: decode and prefill steps on the roofline, batch limits.
- :mod:`llmscale.prices`: API prices and cost per token and per query.
- :mod:`llmscale.voting`: pass@k, majority vote, best-of-n, chains.
- :mod:`llmscale.vote_cost`: what k voting streams cost on the roofline.
- :mod:`llmscale.explore`: explorable figures (a grid computed here, selected in the browser).

Claims, chapters and tooling:

- :mod:`llmscale.claims`: the claims ledger (``ledger.py``) and each chapter's claim rows (``chNN.py``).
- :mod:`llmscale.chapters`: every number a chapter shows, as functions of its parameters.
- :mod:`llmscale.params`: notebook-parameter validation; :mod:`llmscale.plotting`: deterministic SVG.
- :mod:`llmscale.nbtools`: executing notebooks; :mod:`llmscale.rerun`: ``make run``.
"""

__version__ = "0.1.0"
