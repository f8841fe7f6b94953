"""The course's pose presets (``widgets/data/presets.csv``): named postures with their provenance.

Each preset has a label, the four joint angles in degrees (conventions of :mod:`widgets.model`),
a ``basis`` and a note saying what the numbers are:

- ``measured``: at least the hip flexion angle is taken from the study named in ``source`` (a
  key of ``assets/references.bib``); the note says which angles were measured and which are the
  course's estimates.
- ``estimate``: the angles are the course's own estimate of the position (geometry of the
  position, a usual exercise instruction). ``source`` may name a study the numbers were
  borrowed from for a similar posture; the note says so.

The table is checked when it is first read: a bad row (unknown basis, an angle outside
``widgets.model.RANGES``, a measured row without a source) raises ``ValueError`` naming the row.

>>> from widgets.model.presets import preset
>>> preset("sitting").angles
{'flexion': 90.0, 'adduction': 0.0, 'rotation': 0.0, 'knee': 90.0}
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import checks
from .data import read_table

COLUMNS = ("id", "label", "flexion_deg", "adduction_deg", "rotation_deg", "knee_deg",
           "basis", "source", "note")
BASES = ("measured", "estimate")
_ANGLES = (("flexion", "flexion_deg"), ("adduction", "adduction_deg"),
           ("rotation", "rotation_deg"), ("knee", "knee_deg"))
_SLUG = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")
_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_:-]*$")


@dataclass(frozen=True)
class Preset:
    """One named posture: angles in degrees, provenance and a note."""

    id: str
    label: str
    flexion: float
    adduction: float
    rotation: float
    knee: float
    basis: str
    source: str
    note: str

    @property
    def angles(self) -> dict:
        """``{"flexion": ..., "adduction": ..., "rotation": ..., "knee": ...}`` (degrees),
        ready for ``HipModel.evaluate(**preset.angles)``."""
        return {"flexion": self.flexion, "adduction": self.adduction,
                "rotation": self.rotation, "knee": self.knee}

    @property
    def pose(self) -> tuple:
        """(flexion, adduction, rotation, knee) in degrees."""
        return (self.flexion, self.adduction, self.rotation, self.knee)


def _parse(rows) -> tuple:
    out, seen = [], set()
    for n, row in enumerate(rows, start=2):  # line 1 is the header
        where = f"presets.csv line {n} (id {row.get('id')!r})"
        if tuple(row) != COLUMNS:
            raise ValueError(f"presets.csv columns must be {', '.join(COLUMNS)}; got {', '.join(row)}")
        pid = row["id"]
        if not _SLUG.match(pid):
            raise ValueError(f"{where}: id must be a lower-case slug like 'side_lying_leg_raise'")
        if pid in seen:
            raise ValueError(f"{where}: duplicate id")
        seen.add(pid)
        if row["basis"] not in BASES:
            raise ValueError(f"{where}: basis {row['basis']!r} is not one of {', '.join(BASES)}")
        source = row["source"].strip()
        if row["basis"] == "measured" and not source:
            raise ValueError(f"{where}: a measured preset needs a source (a bibliography key)")
        if source and not _KEY.match(source):
            raise ValueError(f"{where}: source {source!r} must be one bibliography key")
        for col in ("label", "note"):
            if not row[col].strip():
                raise ValueError(f"{where}: {col} is empty")
        angles = {}
        for name, col in _ANGLES:
            try:
                value = float(row[col])
            except ValueError:
                raise ValueError(f"{where}: {col}={row[col]!r} is not a number") from None
            try:  # the model's own range check and message
                checks.as_angle_array(name, value, checks.RANGES[name])
            except ValueError as exc:
                raise ValueError(f"{where}: {exc}") from None
            angles[name] = value
        out.append(Preset(id=pid, label=row["label"].strip(), basis=row["basis"], source=source,
                          note=row["note"].strip(), **angles))
    return tuple(out)


@lru_cache(maxsize=None)
def presets() -> tuple:
    """Every preset, in table order (checked on first use)."""
    return _parse([dict(r) for r in read_table("presets.csv")])


def preset_ids() -> tuple:
    return tuple(p.id for p in presets())


def preset(preset_id: str) -> Preset:
    """The preset ``preset_id``; an unknown id raises ValueError naming the valid ids."""
    if not isinstance(preset_id, str):
        raise TypeError(f"preset id must be a string; got {type(preset_id).__name__} {preset_id!r}")
    for p in presets():
        if p.id == preset_id:
            return p
    raise ValueError(f"unknown preset {preset_id!r}; valid presets: {', '.join(preset_ids())}")
