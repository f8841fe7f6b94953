"""The hip model (pure numpy; never imports plotting or widget code).

>>> from widgets.model import HipModel
>>> r = HipModel().evaluate(flexion=90, muscles="piriformis")
"""

from .checks import FEMUR_RANGES, RANGES
from .hip import AXES, ROLE_WORDS, STRONG_M, WEAK_M, HipModel, HipResult, PathModel, describe
from .presets import Preset, preset, preset_ids

__all__ = ["HipModel", "HipResult", "PathModel", "RANGES", "FEMUR_RANGES", "AXES", "ROLE_WORDS", "WEAK_M",
           "STRONG_M", "describe", "Preset", "preset", "preset_ids"]
