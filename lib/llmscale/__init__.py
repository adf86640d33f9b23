"""llmscale: the formulas behind *Scaling Laws, Recomputed*.

One module per concept (see DESIGN.md):

- :mod:`llmscale.units`: SI constants and human formatting.
- :mod:`llmscale.catalog`: loads and validates ``data/*.csv``.
- :mod:`llmscale.flops`: parameter counts from architecture, 6ND, GPU-hours.
- :mod:`llmscale.pretraining`: Kaplan and Chinchilla laws and fits.
- :mod:`llmscale.inference_aware`: Sardana et al. inference-aware scaling.
- :mod:`llmscale.reasoning`: reasoning-RL compute.
- :mod:`llmscale.roofline`: KV cache, decode roofline, token economics.
- :mod:`llmscale.voting`: pass@k, majority vote, best-of-n.
- :mod:`llmscale.claims`: the claims ledger.
- :mod:`llmscale.params`: notebook-parameter validation.
- :mod:`llmscale.plotting`: deterministic SVG house style.
"""

__version__ = "0.1.0"
