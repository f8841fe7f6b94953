"""The gluteal-muscles live notebook keeps its checked outputs (run with the others by
``test_notebook.py::test_every_notebook_with_nbval``). To refresh the stored outputs after a
model change, run ``python widgets/tools/refresh_checked_outputs.py notebooks/glutes.ipynb``
and review the diff."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "glutes.ipynb"


def test_notebook_checks_printed_results():
    import nbformat

    nb = nbformat.read(NOTEBOOK, as_version=4)
    checked = [c for c in nb.cells if c.cell_type == "code" and "NBVAL_CHECK_OUTPUT" in c.source]
    assert len(checked) >= 3 and all(c.outputs for c in checked)
    widget = [c for c in nb.cells if "nbval-ignore-output" in c.metadata.get("tags", [])]
    assert widget and not any(c.outputs for c in widget)


def test_explorer_updates_with_the_pose():
    """The live explorer's table follows the sliders and the preset menu."""
    from widgets.glutes_figures import glutes_explorer

    box = glutes_explorer()
    menu, flexion, out = box.children[0], box.children[1], box.children[-1]
    standing = out.value
    assert "Gluteus maximus (inferior part)" in standing and "external rotation" in standing
    flexion.value = 90
    assert out.value != standing and "hip flexion 90°" in out.value
    menu.value = "clamshell"
    assert "hip flexion 45°" in out.value and "rotation -30°" in out.value
