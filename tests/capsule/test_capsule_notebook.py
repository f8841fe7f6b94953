"""The capsule notebook: its checked outputs hold (nbval runs every notebook, see
tests/explorer/test_notebook.py); here its structure is checked.

To refresh the stored outputs after a model change, run
``python widgets/tools/refresh_checked_outputs.py notebooks/capsule_explorer.ipynb`` and review
the diff.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "capsule_explorer.ipynb"


def test_notebook_uses_the_capsule_explorer_and_forms():
    import nbformat

    nb = nbformat.read(NOTEBOOK, as_version=4)
    text = "".join(c.source for c in nb.cells)
    for name in ("capsule_explorer", "range_form", "compare_measurements"):
        assert name in text


def test_notebook_outputs_name_the_ligaments():
    import nbformat

    nb = nbformat.read(NOTEBOOK, as_version=4)
    out = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "ischiofemoral" in out and "matching laxity" in out
