"""Re-run the course notebooks and store them the way the tests expect.

    python widgets/tools/refresh_checked_outputs.py                  # every notebooks/*.ipynb
    python widgets/tools/refresh_checked_outputs.py notebooks/glutes.ipynb

Use it after a deliberate model or data change alters a number or word that nbval checks
(cells marked ``# NBVAL_CHECK_OUTPUT``), then review the diff. Cells tagged
``nbval-ignore-output`` (widgets, figures) are stored without output and the widget state is
dropped, so the stored notebooks stay small; run cells are numbered, as nbval expects.
"""

import sys
from pathlib import Path

import nbclient
import nbformat

ROOT = Path(__file__).resolve().parents[2]


def regenerate(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}}).execute()
    count = 0
    for cell in nb.cells:
        if cell.cell_type == "code":
            count += 1
            cell.execution_count = count          # nbval wants run cells numbered
            cell.metadata.pop("execution", None)  # timestamps only make diffs noisy
            if "nbval-ignore-output" in cell.metadata.get("tags", []):
                cell.outputs = []
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)


if __name__ == "__main__":
    paths = [Path(a) for a in sys.argv[1:]] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    for p in paths:
        regenerate(p)
        print(f"refreshed {p}")
