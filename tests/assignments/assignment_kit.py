"""Helpers for the assignment tests: solution cells of a source, a solved student notebook."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from widgets import assignments as A

ROOT = Path(__file__).resolve().parents[2]
#: Per-cell limit for the graded run: short, so the endless loop costs half a minute, yet well
#: above what any honest cell needs on a busy 2-core machine (importing otter alone can take 5 s).
CELL_TIMEOUT_S = 30
_MARKERS = re.compile(r"^\s*# (BEGIN|END) SOLUTION( NO PROMPT)?\s*$")


def solution_cells(source: A.Source) -> dict:
    """Per question, the cells of its solution block (in order)."""
    nb = nbformat.read(source.path, as_version=4)
    out, current, inside = {}, None, False
    for c in nb.cells:
        s = c.source.strip()
        if c.cell_type == "raw" and s.startswith("# BEGIN QUESTION"):
            current = A._yaml(s, "question")["name"]
        elif c.cell_type == "raw" and s.startswith("# BEGIN SOLUTION"):
            inside = True
        elif c.cell_type == "raw" and s.startswith("# END SOLUTION"):
            inside = False
        elif inside:
            out.setdefault(current, []).append(c)
    return out


def solved(source: A.Source, student_path: Path):
    """The released student notebook with each answer cell filled in as the solution does."""
    nb = nbformat.read(student_path, as_version=4)
    pool = {q: list(cells) for q, cells in solution_cells(source).items()}
    for c in nb.cells:
        q = c.metadata.get(A.META, {}).get("question")
        if not q:
            continue
        sol = next(s for s in pool[q] if s.cell_type == c.cell_type)
        pool[q].remove(sol)
        lines = [l for l in sol.source.splitlines() if not _MARKERS.match(l)]
        c.source = "\n".join(re.sub(r"\s*# SOLUTION( NO PROMPT)?$", "", l) for l in lines)
    return nb


def _edit(nb, old, new):
    hits = [c for c in nb.cells if old in c.source]
    assert hits, f"{old!r} not found in any cell"
    for c in hits:
        c.source = c.source.replace(old, new)
    return nb


def solution_only_lines(source: A.Source) -> list[str]:
    """The code lines otter must strip: marked ``# SOLUTION...`` or inside BEGIN/END SOLUTION."""
    out = []
    for cells in solution_cells(source).values():
        for c in (c for c in cells if c.cell_type == "code"):
            inside = False
            for line in c.source.splitlines():
                if re.match(r"^\s*# BEGIN SOLUTION", line):
                    inside = True
                elif re.match(r"^\s*# END SOLUTION", line):
                    inside = False
                elif inside or re.search(r"# SOLUTION( NO PROMPT)?$", line):
                    out.append(re.sub(r"\s*# SOLUTION( NO PROMPT)?$", "", line).strip())
    return out
