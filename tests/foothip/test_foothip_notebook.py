"""The chapter-4 live notebook stores what its models give now (its structure is checked with
the other notebooks in tests/explorer/test_notebook.py).

nbval runs it with every other notebook (tests/explorer/test_notebook.py). To refresh the
stored outputs after a model change, run
``python widgets/tools/refresh_checked_outputs.py notebooks/foot_hip.ipynb`` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "foot_hip.ipynb"


def test_stored_numbers_are_the_models(stance, chain):
    """The stored outputs are what the models give now (a model change must refresh them)."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    r = chain.evaluate([10.0])
    assert f"tibia and femur turned in: {r.tibia_rotation_deg[0, 1]:.1f} deg" in text
    base = stance.solve(body_mass=75.0)
    assert f"abductors {base.abductor_force_bw:4.2f} BW, joint {base.joint_force_bw:4.2f} BW" in text
    assert "lean=35 deg is outside the range this model supports" in text
