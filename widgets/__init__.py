"""The hip course's shared package: a hip model with a simplified femur.

Layers (one direction only): ``widgets.data`` (tables with sources) ->
``widgets.model`` (pure numpy) -> figures and explorers -> book and notebooks.
"""

__version__ = "0.1.0"
