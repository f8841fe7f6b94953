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


def test_notebook_checks_printed_numbers_and_stores_no_widgets():
    import nbformat

    nb = nbformat.read(NOTEBOOK, as_version=4)
    checked = [c for c in nb.cells if c.cell_type == "code" and "NBVAL_CHECK_OUTPUT" in c.source]
    assert len(checked) >= 2 and all(c.outputs for c in checked)
    widgets = [c for c in nb.cells if "nbval-ignore-output" in c.metadata.get("tags", [])]
    assert len(widgets) == 2 and not any(c.outputs for c in widgets)
    text = "".join(c.source for c in nb.cells)
    for name in ("capsule_explorer", "range_form", "compare_measurements"):
        assert name in text


def test_notebook_outputs_name_the_ligaments():
    import nbformat

    nb = nbformat.read(NOTEBOOK, as_version=4)
    out = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "ischiofemoral" in out and "matching laxity" in out
