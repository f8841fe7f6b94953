"""Classroom assignments: sources, generated student notebooks, autograders, the grading command.

What an instructor relies on: every chapter has an assignment; ``otter assign`` builds each one;
the solution scores full marks and the untouched student notebook runs and scores zero; a wrong
answer loses exactly the points of the test aimed at it; nothing of the solutions or hidden
tests reaches students; and a broken submission (syntax error, endless loop, deleted cell, not a
notebook) is graded without stopping the run, with a note saying what went wrong.
"""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path

import nbclient
import nbformat
import pytest
import yaml

from widgets import assignments as A

from assignment_kit import CELL_TIMEOUT_S, ROOT, solution_cells, solution_only_lines

NAMES = [s.name for s in A.sources()]


def test_every_content_chapter_has_an_assignment():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    chapters = [c["file"] for part in toc["parts"] if part["caption"] == "Chapters" for c in part["chapters"]]
    covered = {s.chapter for s in A.sources()}
    assert chapters and set(chapters) <= covered, f"chapters without an assignment: {set(chapters) - covered}"


def test_sources_have_autograded_and_written_questions():
    for src in A.sources():
        auto = [q for q in src.questions if not q.manual]
        written = [q for q in src.questions if q.manual]
        assert auto and written, src.name
        for q in written:   # a rubric students can see, marking notes only the marker sees
            assert "Rubric" in q.prompt and q.marking, f"{src.name} {q.name}"


@pytest.mark.parametrize("name", NAMES)
def test_otter_assign_builds_student_notebook_and_autograder(built, name, report):
    assignments, out = built
    src, b = assignments[name]
    report(f"otter assign {name}: {b.seconds:.1f} s")
    assert b.student.is_file() and b.instructor.is_file() and b.autograder.is_file()
    info = json.loads((out / name / "assignment.json").read_text())
    assert [q["name"] for q in info["questions"]] == [q.name for q in src.questions]
    with zipfile.ZipFile(b.autograder) as z:
        tests = sorted(n for n in z.namelist() if n.startswith("tests/"))
    assert tests == sorted(f"tests/{q.name}.py" for q in src.questions if not q.manual)


def _hidden_test_lines(src):
    """Lines found only in hidden tests (not in public tests or anywhere else in the source)."""
    nb = nbformat.read(src.path, as_version=4)
    hidden_cells = [c for cells in solution_cells_and_tests(src).values() for c in cells
                    if "hidden: true" in c.source]
    elsewhere = {l.strip() for c in nb.cells if c not in hidden_cells for l in c.source.splitlines()}
    return [l.strip() for c in hidden_cells for l in c.source.splitlines()
            if len(l.strip()) > 25 and l.strip() not in elsewhere and not l.strip().endswith("# IGNORE")]


def solution_cells_and_tests(src):
    nb = nbformat.read(src.path, as_version=4)
    out, current, inside = {}, None, False
    for c in nb.cells:
        s = c.source.strip()
        if c.cell_type == "raw" and s.startswith("# BEGIN QUESTION"):
            current = A._yaml(s, "q")["name"]
        elif c.cell_type == "raw" and s.startswith("# BEGIN TESTS"):
            inside = True
        elif c.cell_type == "raw" and s.startswith("# END TESTS"):
            inside = False
        elif inside:
            out.setdefault(current, []).append(c)
    return out


@pytest.mark.parametrize("name", NAMES)
def test_no_solution_or_hidden_test_leaks_into_the_student_notebook(built, name):
    src, b = built[0][name]
    text = b.student.read_text(encoding="utf-8")
    student = nbformat.read(b.student, as_version=4)
    # solution code: every substantial line that otter must strip
    code_lines = [l for l in solution_only_lines(src) if len(l) > 25]
    assert code_lines
    visible = "\n".join(c.source for c in student.cells)
    leaked = [l for l in code_lines if l in visible]
    assert not leaked, f"solution lines in the student notebook: {leaked[:3]}"
    # model answers and marking notes: no sentence of them appears anywhere in the file
    prose = [s.strip() for q in src.questions for m in q.marking for s in re.split(r"(?<=[.!?])\s+", m)]
    prose = [s for s in prose if len(s) > 40]
    assert prose and not [s for s in prose if s in visible or json.dumps(s)[1:-1] in text]
    # hidden tests: neither their code nor any hidden test case in the embedded public tests
    hidden = _hidden_test_lines(src)
    assert hidden and not [l for l in hidden if l in text or json.dumps(l)[1:-1] in text]
    embedded = student.metadata["otter"]["tests"]
    assert "hidden=True" not in json.dumps(embedded)
    with zipfile.ZipFile(b.autograder) as z:     # the hidden tests do exist, in the autograder
        assert any("hidden=True" in z.read(n).decode() for n in z.namelist() if n.startswith("tests/"))


@pytest.mark.parametrize("name", NAMES)
def test_unmodified_student_notebook_runs_without_errors(built, name, tmp_path):
    """Run top to bottom as a student would before answering: no cell raises."""
    b = built[0][name][1]
    nb = nbformat.read(b.student, as_version=4)
    (tmp_path / b.student.name).write_text(b.student.read_text(encoding="utf-8"), encoding="utf-8")
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    checks = [c for c in nb.cells if c.cell_type == "code" and "grader.check(" in c.source]
    assert checks and all(c.outputs for c in checks)    # the public checks ran and reported


def _scores(row, questions):
    return {q: float(row[q]) for q in questions if row.get(q)}


def test_grading_prints_one_table_row_per_submission(graded, report):
    report(f"graded {graded['count']} submissions in {graded['seconds']:.1f} s with 2 jobs "
           f"({graded['seconds'] / graded['count']:.1f} s per submission)")
    lines = graded["stdout"].splitlines()
    assert lines[0].split()[:2] == ["submission", "assignment"]
    for name in graded["rows"]:
        assert sum(l.startswith(name + " ") for l in lines) == 1, name


def test_solutions_score_full_marks(graded):
    for name in ("glutes-solved.ipynb", "inhibition-solved.ipynb"):
        row = graded["rows"][name]
        assert row["status"] == "graded" and float(row["auto_possible"]) > 0, row
        assert float(row["auto_score"]) == float(row["auto_possible"]), row
        assert row["notes"] == "", row


def test_unmodified_student_notebooks_score_zero(graded):
    for name in ("glutes-blank.ipynb", "inhibition-blank.ipynb"):
        row = graded["rows"][name]
        assert row["status"] == "graded" and float(row["auto_score"]) == 0 < float(row["auto_possible"]), row


def test_wrong_answer_fails_the_test_aimed_at_it(graded):
    good, wrong = graded["rows"]["glutes-solved.ipynb"], graded["rows"]["glutes-wrong-crossing.ipynb"]
    assert float(wrong["q2"]) < float(good["q2"])
    assert "crossing_deg" in wrong["failed_tests"]
    assert float(wrong["q1"]) == float(good["q1"]) and float(wrong["q4"]) == float(good["q4"])


def test_syntax_error_is_graded_and_reported(graded):
    row = graded["rows"]["glutes-syntax-error.ipynb"]
    assert row["status"] == "graded" and "q3: SyntaxError" in row["notes"], row
    assert float(row["q3"]) == 0 and float(row["q1"]) > 0 and float(row["q4"]) > 0


def test_endless_loop_is_stopped_by_the_cell_time_limit(graded):
    row = graded["rows"]["glutes-endless-loop.ipynb"]
    assert row["status"] == "graded", row
    assert f"q4: the cell ran longer than {CELL_TIMEOUT_S} s and was stopped" in row["notes"], row
    assert float(row["q4"]) == 0 and float(row["q2"]) > 0    # the other answers still count


def test_deleted_answer_cell_is_reported(graded):
    row = graded["rows"]["glutes-deleted-cell.ipynb"]
    assert row["status"] == "graded" and "q2: answer cell deleted" in row["notes"], row
    assert float(row["q2"]) == 0 and float(row["q1"]) > 0


def test_a_file_that_is_not_a_notebook_is_reported(graded):
    row = graded["rows"]["glutes-not-json.ipynb"]
    assert row["status"] == "not graded" and "not a readable notebook" in row["notes"], row


def test_written_answers_sheet_has_rubric_and_each_answer(graded, built):
    sheet = (graded["dir"] / "written-answers-glutes-rotation.md").read_text(encoding="utf-8")
    src = built[0]["glutes-rotation"][0]
    q5 = next(q for q in src.questions if q.manual)
    assert "Rubric" in sheet and q5.marking[0][:60] in sheet
    solved_answer = solution_cells(src)["q5"][0].source.strip()[:60]
    assert sheet.count(solved_answer) >= 2           # the marker's copy + the solved submission
    assert "*(not answered)*" in sheet                 # the blank submission
    for name in ("glutes-solved.ipynb", "glutes-blank.ipynb", "glutes-wrong-crossing.ipynb"):
        assert f"### {name}" in sheet


def test_whole_submission_time_limit_kills_a_stubborn_loop(built, tmp_path):
    """A loop that cannot be interrupted outlives every cell limit; the submission limit ends it."""
    b = built[0]["glutes-rotation"][1]
    nb = nbformat.read(b.student, as_version=4)
    answer = next(c for c in nb.cells if c.metadata.get(A.META, {}).get("question") == "q1")
    # with SIGINT ignored the kernel cannot be interrupted, so every later cell times out too
    answer.source = "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass"
    path = tmp_path / "stubborn.ipynb"
    nbformat.write(nb, path)
    info = A.built_assignments(built[1])["glutes-rotation"]
    res = A.grade_one(path, info, cell_timeout=2, submission_timeout=20)
    assert res.status == "killed" and "20 s" in res.notes[-1] and res.total == 0
    assert res.seconds < 40


def test_links_use_the_hub_address_from_the_config(tmp_path):
    cfg = tmp_path / "_config.yml"
    cfg.write_text("repository:\n  url: https://example.com/org/course\n"
                   "launch_buttons:\n  jupyterhub_url: https://hub.school.example/\n")
    links = A.links(A.sources(), config=cfg)
    assert set(links) == set(NAMES)
    for name, link in links.items():
        assert link.startswith("https://hub.school.example/hub/user-redirect/git-pull?")
        assert "repo=https%3A%2F%2Fexample.com%2Forg%2Fcourse" in link and "branch=assignments" in link
        assert f"subpath={name}%2F{name}.ipynb" in link and "app=lab" in link
    cfg.write_text("launch_buttons:\n  jupyterhub_url: ''\n")
    with pytest.raises(A.AssignmentError, match="jupyterhub_url"):
        A.links(A.sources(), config=cfg)


def test_release_commits_only_student_notebooks_and_leaves_the_checkout(built, tmp_path, monkeypatch):
    for k in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
        monkeypatch.setenv(k, "instructor")
    for k in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
        monkeypatch.setenv(k, "instructor@example.org")
    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "commit", "-q", "--allow-empty", "-m", "start"], check=True)
    (repo / "work.txt").write_text("uncommitted work\n")
    head = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    commit = A.release(built[1], "assignments", repo)
    assert commit
    files = subprocess.run(["git", "-C", str(repo), "ls-tree", "-r", "--name-only", "assignments"],
                           capture_output=True, text=True).stdout.split()
    assert sorted(files) == sorted(["README.md", *[f"{n}/{n}.ipynb" for n in NAMES]])
    assert A.release(built[1], "assignments", repo) is None          # unchanged: no new commit
    assert subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True).stdout == head
    assert (repo / "work.txt").read_text() == "uncommitted work\n"
    status = subprocess.run(["git", "-C", str(repo), "status", "--porcelain"], capture_output=True, text=True).stdout
    assert status.strip() == "?? work.txt"


def test_cli_errors_are_one_line_and_exit_2(tmp_path):
    import sys
    proc = subprocess.run([sys.executable, "-m", "widgets", "assignments", "grade", "--submissions",
                           str(tmp_path / "missing")], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2 and proc.stderr.strip().count("\n") == 0
    assert "--submissions" in proc.stderr and "not a directory" in proc.stderr
