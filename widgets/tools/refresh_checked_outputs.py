"""Re-run notebooks and refresh only the outputs nbval checks (cells marked NBVAL_CHECK_OUTPUT).

    python widgets/tools/refresh_checked_outputs.py notebooks/glutes.ipynb [...]

Use it after a deliberate model or data change alters a checked number or word; every other
cell keeps what it had (normally no output), so the stored notebooks stay small.
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

MARK = "NBVAL_CHECK_OUTPUT"


def refresh(path: Path) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / path.name
        subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
                        "--output", str(out), str(path)], check=True, capture_output=True)
        fresh = json.loads(out.read_text(encoding="utf-8"))
    nb = json.loads(path.read_text(encoding="utf-8"))
    old = [c for c in nb["cells"] if c["cell_type"] == "code"]
    new = [c for c in fresh["cells"] if c["cell_type"] == "code"]
    changed = 0
    for o, n in zip(old, new):
        if MARK in "".join(o["source"]) and o.get("outputs") != n.get("outputs"):
            o["outputs"] = n["outputs"]
            changed += 1
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return changed


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        print(f"{arg}: {refresh(Path(arg))} checked output(s) refreshed")
