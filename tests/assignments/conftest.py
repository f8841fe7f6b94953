"""Fixtures: every assignment built once, and a handful of made-up submissions graded once."""

from __future__ import annotations

import copy
import csv
import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from widgets import assignments as A

from assignment_kit import CELL_TIMEOUT_S, ROOT, _edit, solved



@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """``{name: (Source, Built)}`` for every source, built into a temporary directory."""
    out = tmp_path_factory.mktemp("assignments")
    return {src.name: (src, A.build(src, out)) for src in A.sources()}, out


@pytest.fixture(scope="session")
def submissions(built, tmp_path_factory):
    """Submissions a class would hand in: right, blank, wrong, broken in several ways."""
    assignments, _ = built
    folder = tmp_path_factory.mktemp("submissions")
    g_src, g = assignments["glutes-rotation"]
    i_src, i = assignments["inhibition-evidence"]
    good = solved(g_src, g.student)
    nbformat.write(good, folder / "glutes-solved.ipynb")
    nbformat.write(nbformat.read(g.student, as_version=4), folder / "glutes-blank.ipynb")
    nbformat.write(_edit(copy.deepcopy(good), "crossing_deg = float(", "crossing_deg = 10 + float("),
                   folder / "glutes-wrong-crossing.ipynb")
    nbformat.write(_edit(copy.deepcopy(good), "twisted = HipModel(anteversion_deg=30)",
                         "twisted = HipModel(anteversion_deg=30"), folder / "glutes-syntax-error.ipynb")
    nbformat.write(_edit(copy.deepcopy(good), "lengths = [", "while True:\n    pass\nlengths = ["),
                   folder / "glutes-endless-loop.ipynb")
    deleted = copy.deepcopy(good)
    deleted.cells = [c for c in deleted.cells if c.metadata.get(A.META, {}).get("question") != "q2"]
    nbformat.write(deleted, folder / "glutes-deleted-cell.ipynb")
    (folder / "glutes-not-json.ipynb").write_text("{ this is not a notebook", encoding="utf-8")
    i_good = solved(i_src, i.student)
    nbformat.write(i_good, folder / "inhibition-solved.ipynb")
    nbformat.write(nbformat.read(i.student, as_version=4), folder / "inhibition-blank.ipynb")
    return folder


@pytest.fixture(scope="session")
def graded(built, submissions, tmp_path_factory):
    """One run of the grading command over every submission: its table, CSV and timing."""
    _, out = built
    report = tmp_path_factory.mktemp("grades")
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "widgets", "assignments", "grade", "--submissions", str(submissions),
         "--built", str(out), "--cell-timeout", str(CELL_TIMEOUT_S), "--submission-timeout", "240",
         "--jobs", "2", "--out", str(report)],
        cwd=ROOT, capture_output=True, text=True, timeout=900)
    seconds = time.perf_counter() - t0
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    with open(report / "grades.csv", newline="", encoding="utf-8") as f:
        rows = {r["submission"]: r for r in csv.DictReader(f)}
    return {"stdout": proc.stdout, "rows": rows, "dir": report, "seconds": seconds,
            "count": len(list(submissions.iterdir()))}
