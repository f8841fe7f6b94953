"""The capsule notebook: its checked outputs hold (nbval runs every notebook, see
tests/explorer/test_notebook.py); here its structure is checked.

To refresh the stored outputs after a model change, run
``python tests/capsule/test_capsule_notebook.py`` and review the diff.
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


def regenerate():
    """Execute the notebook and store it (widget outputs and widget state removed)."""
    import nbclient
    import nbformat

    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    count = 0
    for cell in nb.cells:
        if cell.cell_type == "code":
            count += 1
            cell.execution_count = count
            cell.metadata.pop("execution", None)
            if "nbval-ignore-output" in cell.metadata.get("tags", []):
                cell.outputs = []
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, NOTEBOOK)


if __name__ == "__main__":
    regenerate()
