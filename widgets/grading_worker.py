"""Grade ONE submission with otter-grader, with a time limit per notebook cell (a child process).

    python -m widgets.grading_worker SUBMISSION.ipynb AUTOGRADER.zip RESULT.json CELL_TIMEOUT_S

``widgets.assignments.grade`` runs this in its own process group, so that a submission that
hangs even after the per-cell limit (it swallows the interrupt) can be killed as a whole.
It writes a JSON summary: per question the score, the points possible and what failed, and
every error raised by a notebook cell (syntax errors, exceptions, cells stopped by the limit).
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import time

TIMEOUT_ENAME = "CellTimeLimit"


def _install_cell_time_limit(seconds: int) -> None:
    """Make otter's notebook executor stop any cell after ``seconds`` and go on.

    ``otter.execute.grade_notebook`` builds its own ``ExecutePreprocessor`` without a timeout,
    so an endless loop would hang the grader. It imports the class from
    ``nbconvert.preprocessors`` when called, so a subclass put there applies the limit:
    interrupt the kernel, record an error in the cell, carry on with the next cell (the
    final cell that runs the tests included). tests/assignments checks this on an endless loop.
    """
    import nbconvert.preprocessors as pp
    import nbformat

    base = pp.ExecutePreprocessor
    if getattr(base, "_hip_course_limit", None) is not None:
        return

    class TimeLimitedExecutePreprocessor(base):
        _hip_course_limit = seconds

        def __init__(self, **kw):
            super().__init__(**kw)
            self.timeout = seconds
            self.interrupt_on_timeout = True
            # do not wait for the interrupted cell's reply: a loop that catches
            # KeyboardInterrupt would never send one
            self.error_on_timeout = {"ename": TIMEOUT_ENAME,
                                     "evalue": f"the cell ran longer than {seconds} s and was stopped",
                                     "traceback": []}

        async def _async_handle_timeout(self, timeout, cell=None):
            reply = await super()._async_handle_timeout(timeout, cell)
            if cell is not None:
                cell.setdefault("outputs", []).append(nbformat.v4.new_output(
                    "error", ename=TIMEOUT_ENAME, evalue=self.error_on_timeout["evalue"], traceback=[]))
            return reply

    pp.ExecutePreprocessor = TimeLimitedExecutePreprocessor


def _first_line(text: str, limit: int = 160) -> str:
    line = next((l for l in str(text).splitlines() if l.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _failure_messages(test_file) -> list[str]:
    out = []
    for r in getattr(test_file, "test_case_results", []):
        if not r.passed:
            lines = [l.strip() for l in str(r.message).splitlines() if l.strip()]
            # otter's message ends with "ExceptionType: message"; that last line is the useful one
            out.append(_first_line(lines[-1] if lines else "failed"))
    return out


def _cell_errors(nb) -> list[dict]:
    """Every error output in the executed notebook, with the cell's position and source start."""
    errors = []
    for i, cell in enumerate(nb.cells if nb is not None else []):
        if cell.get("cell_type") != "code":
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                errors.append({"cell": i, "ename": out.get("ename", ""),
                               "evalue": _first_line(out.get("evalue", "")),
                               "source": _first_line(cell.get("source", ""), 80),
                               "check": _check_target(cell.get("source", ""))})
                break
    return errors


def _check_target(source: str):
    import re
    m = re.search(r"""grader\.check\(\s*["']([^"']+)["']""", source)
    return m.group(1) if m else None


def grade(submission: str, autograder: str, cell_timeout: int) -> dict:
    _install_cell_time_limit(cell_timeout)
    from otter.run import main as otter_run

    t0 = time.perf_counter()
    log = io.StringIO()
    with contextlib.redirect_stdout(log):
        results = otter_run(submission, autograder=autograder, output_dir=None, no_logo=True)
    questions = {}
    for name, tf in results.results.items():
        questions[name] = {"score": float(tf.score), "possible": float(tf.possible),
                           "failed": _failure_messages(tf)}
    catastrophic = results.catastrophic_error
    return {"questions": questions,
            "catastrophic": None if catastrophic is None else _first_line(repr(catastrophic)),
            "cell_errors": _cell_errors(results.notebook),
            "seconds": time.perf_counter() - t0}


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 4:
        print("usage: python -m widgets.grading_worker SUBMISSION AUTOGRADER.zip RESULT.json "
              "CELL_TIMEOUT_S", file=sys.stderr)
        return 2
    submission, autograder, out, timeout = argv
    try:
        summary = grade(submission, autograder, int(timeout))
    except Exception as exc:  # reported in the table, never a crash of the whole run
        summary = {"questions": {}, "catastrophic": _first_line(f"{type(exc).__name__}: {exc}"),
                   "cell_errors": [], "seconds": None}
    with open(out, "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
