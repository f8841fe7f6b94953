"""Classroom assignments: student notebooks, autograders, grading many submissions, hub links.

Sources live in ``notebooks/assignments/<name>.ipynb`` in otter-grader's notebook format
(questions, solutions, public and hidden tests, rubrics for the written questions). Then:

    python -m widgets assignments build            # = make assignments
    python -m widgets assignments grade --submissions DIR [--out DIR]
    python -m widgets assignments links [--branch assignments]
    python -m widgets assignments release [--branch assignments]

``build`` writes, per assignment, ``_build/assignments/<name>/``: ``student/<name>.ipynb`` (no
solutions, public tests only), ``autograder.zip`` (all tests), ``instructor/<name>.ipynb``
(solutions and marking notes) and ``assignment.json`` (questions and points).

``grade`` runs every submission in its own process with a time limit per cell and one for the
whole notebook, so a syntax error, an endless loop, a deleted cell or a file that is not a
notebook never stops the run: each row of the printed table says what went wrong.

This module is tooling for instructors: it imports nothing from the model and the model
imports nothing from it. otter-grader is imported only by the grading worker.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[1]
SOURCE_DIR = ROOT / "notebooks" / "assignments"
OUT_DIR = ROOT / "_build" / "assignments"
CONFIG = ROOT / "_config.yml"
#: Default time limits: per notebook cell, and for grading one whole submission.
CELL_TIMEOUT_S = 60
SUBMISSION_TIMEOUT_S = 600
#: What otter puts in a written answer's cell until the student replaces it.
PLACEHOLDER = "_Type your answer here, replacing this text._"
#: Branch that ``release`` writes the student notebooks to (nbgitpuller pulls it).
RELEASE_BRANCH = "assignments"
META = "hip_course"          # our key in notebook and cell metadata
_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: First lines of the cells otter adds when grading, and what to call them in a note.
_OTTER_CELLS = {"from otter import Notebook": "otter's setup cell",
                "from otter.execute import Checker": "otter's final cell (runs every test)",
                "import sys": "otter's setup cell"}
_CHECK = re.compile(r"""grader\.check\(\s*["']([^"']+)["']\s*\)""")


class AssignmentError(ValueError):
    """A problem with an assignment source or a build; the message says which and why."""


# ------------------------------------------------------------------------------- sources
@dataclass
class Question:
    name: str
    points: float
    manual: bool
    prompt: str = ""            # the question's text as students see it
    marking: list = field(default_factory=list)   # instructor-only: model answer, marking notes


@dataclass
class Source:
    path: Path
    name: str
    title: str
    chapter: str
    config: dict
    questions: list


def _yaml(text: str, where: str) -> dict:
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise AssignmentError(f"{where}: invalid YAML ({exc})") from None
    if not isinstance(data, dict):
        raise AssignmentError(f"{where}: expected YAML keys, got {text!r}")
    return data


def read_source(path) -> Source:
    """Parse an otter-format source notebook: its config, chapter and questions (with rubrics)."""
    import nbformat  # here, not at the top: `python -m widgets` loads this module for every command
    path = Path(path)
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as exc:
        raise AssignmentError(f"{path}: not a readable notebook ({exc})") from None
    cells = nb.cells
    if not cells or cells[0].cell_type != "raw" or not cells[0].source.startswith("# ASSIGNMENT CONFIG"):
        raise AssignmentError(f"{path}: the first cell must be a raw '# ASSIGNMENT CONFIG' cell")
    config = _yaml(cells[0].source, f"{path} (assignment config)")
    name = config.get("name")
    if name != path.stem or not _NAME.match(str(name)):
        raise AssignmentError(f"{path}: assignment config name={name!r} must equal the file name "
                              f"{path.stem!r} (lower-case words joined by '-')")
    meta = nb.metadata.get(META, {})
    if not meta.get("chapter") or not meta.get("title"):
        raise AssignmentError(f"{path}: notebook metadata '{META}' needs 'chapter' (e.g. book/glutes) and 'title'")
    questions, current, in_solution, last_md = [], None, False, ""
    for cell in cells[1:]:
        src = cell.source.strip()
        if cell.cell_type == "raw" and src.startswith("# BEGIN QUESTION"):
            q = _yaml(src, f"{path} (question config)")
            current = Question(name=q.get("name"), points=float(q.get("points", 0)),
                               manual=bool(q.get("manual", False)), prompt=last_md)
            questions.append(current)
        elif cell.cell_type == "raw" and src.startswith("# END QUESTION"):
            current = None
        elif cell.cell_type == "raw" and src.startswith("# BEGIN SOLUTION"):
            in_solution = True
        elif cell.cell_type == "raw" and src.startswith("# END SOLUTION"):
            in_solution = False
        elif cell.cell_type == "markdown":
            if current is not None and in_solution and current.manual:
                current.marking.append(src)
            elif current is None:
                last_md = src
    names = [q.name for q in questions]
    if len(set(names)) != len(names) or not all(names):
        raise AssignmentError(f"{path}: question names must be present and unique, got {names}")
    return Source(path, name, meta["title"], meta["chapter"], config, questions)


def sources(source_dir=SOURCE_DIR) -> list[Source]:
    source_dir = Path(source_dir)
    if not source_dir.is_dir():
        raise AssignmentError(f"--source {source_dir} is not a directory of assignment notebooks")
    found = [read_source(p) for p in sorted(source_dir.glob("*.ipynb"))]
    if not found:
        raise AssignmentError(f"--source {source_dir} holds no .ipynb assignment sources")
    return found


# --------------------------------------------------------------------------------- build
@dataclass
class Built:
    name: str
    directory: Path
    student: Path
    autograder: Path
    instructor: Path
    seconds: float


def _annotate_student(nb, source: Source) -> None:
    """Label each answer cell with its question, so grading can tell when one was deleted.

    otter tags answer cells ``otter_answer_cell``; an autograded question's answers come
    before its ``grader.check("q")`` cell, a written question's before the next
    ``<!-- END QUESTION -->`` marker."""
    manual = [q.name for q in source.questions if q.manual]
    pending = []
    for cell in nb.cells:
        if "otter_answer_cell" in cell.metadata.get("tags", []):
            pending.append(cell)
            continue
        m = _CHECK.search(cell.source) if cell.cell_type == "code" else None
        target = m.group(1) if m else None
        if target is None and cell.cell_type == "markdown" and cell.source.startswith("<!-- END QUESTION -->") and pending:
            if not manual:
                raise AssignmentError(f"{source.name}: more written answers than written questions")
            target = manual.pop(0)
        if target is not None:
            for c in pending:
                c.metadata.setdefault(META, {})["question"] = target
            pending = []
    if pending:
        raise AssignmentError(f"{source.name}: answer cells after the last question")
    labelled = {c.metadata[META]["question"] for c in nb.cells if META in c.metadata}
    missing = [q.name for q in source.questions if q.name not in labelled]
    if missing:
        raise AssignmentError(f"{source.name}: no answer cell found for {missing} in the student notebook")


def build(source: Source | Path | str, out_dir=OUT_DIR, timeout: float = 600) -> Built:
    """Run ``otter assign`` on one source and lay out its outputs under ``out_dir/<name>/``."""
    import nbformat  # here, not at the top: `python -m widgets` loads this module for every command
    if not isinstance(source, Source):
        source = read_source(source)
    dest = Path(out_dir) / source.name
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=f"otter-{source.name}-") as tmp:
        proc = subprocess.run(
            [sys.executable, "-m", "otter", "assign", "--no-pdfs", str(source.path.resolve()), tmp],
            cwd=source.path.parent, capture_output=True, text=True, timeout=timeout)
        dist = Path(tmp)
        zips = sorted((dist / "autograder").glob("*.zip"))
        failed = re.findall(r"❌ Test case failed", proc.stdout + proc.stderr)
        if proc.returncode != 0 or len(zips) != 1 or failed:
            tail = (proc.stdout + proc.stderr)[-3000:]
            raise AssignmentError(f"otter assign failed for {source.path} (exit {proc.returncode}, "
                                  f"{len(failed)} failing test cases on the solution):\n{tail}")
        if dest.exists():
            shutil.rmtree(dest)
        (dest / "student").mkdir(parents=True)
        (dest / "instructor").mkdir()
        student = nbformat.read(dist / "student" / f"{source.name}.ipynb", as_version=4)
        _annotate_student(student, source)
        nbformat.write(student, dest / "student" / f"{source.name}.ipynb")
        shutil.copy(dist / "autograder" / f"{source.name}.ipynb", dest / "instructor" / f"{source.name}.ipynb")
        shutil.copy(zips[0], dest / "autograder.zip")
    seconds = time.perf_counter() - t0
    (dest / "assignment.json").write_text(json.dumps({
        "name": source.name, "title": source.title, "chapter": source.chapter,
        "questions": [{"name": q.name, "points": q.points, "manual": q.manual} for q in source.questions],
        "otter_assign_seconds": round(seconds, 2)}, indent=1) + "\n")
    return Built(source.name, dest, dest / "student" / f"{source.name}.ipynb", dest / "autograder.zip",
                 dest / "instructor" / f"{source.name}.ipynb", seconds)


def built_assignments(out_dir=OUT_DIR) -> dict:
    """``{name: info}`` for every assignment built under ``out_dir`` (``assignment.json`` + paths)."""
    out = {}
    for meta in sorted(Path(out_dir).glob("*/assignment.json")):
        info = json.loads(meta.read_text())
        info["dir"] = meta.parent
        info["student"] = meta.parent / "student" / f"{info['name']}.ipynb"
        info["autograder"] = meta.parent / "autograder.zip"
        out[info["name"]] = info
    return out


# --------------------------------------------------------------------------------- grade
@dataclass
class Result:
    submission: str
    assignment: str | None = None
    scores: dict = field(default_factory=dict)      # question -> (score, possible)
    manual: list = field(default_factory=list)      # written questions left for a person
    notes: list = field(default_factory=list)       # what went wrong, in words
    failed: dict = field(default_factory=dict)      # question -> failing test messages
    status: str = "graded"                          # graded | not graded | killed
    seconds: float | None = None

    @property
    def total(self):
        return sum(s for s, _ in self.scores.values())

    @property
    def possible(self):
        return sum(p for _, p in self.scores.values())


def _load_submission(path: Path):
    """The submission's notebook (from an .ipynb, or the one .ipynb inside a zip)."""
    import nbformat  # here, not at the top: `python -m widgets` loads this module for every command
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as z:
            names = [n for n in z.namelist() if n.endswith(".ipynb") and "/." not in "/" + n]
            if len(names) != 1:
                raise ValueError(f"the zip holds {len(names)} notebooks; expected exactly one")
            text = z.read(names[0]).decode("utf-8")
        return nbformat.reads(text, as_version=4)
    return nbformat.read(path, as_version=4)


def _answer_counts(nb) -> dict:
    counts = {}
    for c in nb.cells:
        q = c.get("metadata", {}).get(META, {}).get("question")
        if q:
            counts[q] = counts.get(q, 0) + 1
    return counts


def _question_of_cell(nb, index: int):
    """The question a cell belongs to: its own label, else the next ``grader.check`` below it."""
    cell = nb.cells[index]
    q = cell.get("metadata", {}).get(META, {}).get("question")
    if q:
        return q
    for c in nb.cells[index:]:
        m = _CHECK.search(c.source) if c.cell_type == "code" else None
        if m:
            return m.group(1)
    return None


def grade_one(path, info: dict, cell_timeout: int = CELL_TIMEOUT_S,
              submission_timeout: int = SUBMISSION_TIMEOUT_S) -> Result:
    """Grade one submission against one built assignment; never raises for a bad submission."""
    import nbformat  # here, not at the top: `python -m widgets` loads this module for every command
    path = Path(path)
    res = Result(path.name, info["name"])
    released = nbformat.read(info["student"], as_version=4)
    auto = [q for q in info["questions"] if not q["manual"]]
    res.manual = [q["name"] for q in info["questions"] if q["manual"]]
    res.scores = {q["name"]: (0.0, float(q["points"])) for q in auto}
    try:
        nb = _load_submission(path)
    except Exception as exc:
        res.status = "not graded"
        res.notes.append(f"not a readable notebook: {type(exc).__name__}: {str(exc).splitlines()[0][:120]}")
        return res
    expected, got = _answer_counts(released), _answer_counts(nb)
    for q, n in expected.items():
        if got.get(q, 0) < n:
            res.notes.append(f"{q}: answer cell deleted")
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="grade-") as tmp:
        # always the course's own Python kernel, whatever kernel the student's file names
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        # otter's init cell opens the notebook by the name it was released under
        sub = Path(tmp) / f"{info['name']}.ipynb"
        nbformat.write(nb, sub)
        out = Path(tmp) / "result.json"
        cmd = [sys.executable, "-m", "widgets.grading_worker", str(sub), str(info["autograder"]),
               str(out), str(int(cell_timeout))]
        proc = subprocess.Popen(cmd, cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, start_new_session=True)
        try:
            _, err = proc.communicate(timeout=submission_timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)     # the worker and its kernel
            proc.communicate()
            res.status = "killed"
            res.notes.append(f"grading stopped after {submission_timeout} s (time limit per submission)")
            res.seconds = time.perf_counter() - t0
            return res
        res.seconds = time.perf_counter() - t0
        if not out.exists():
            res.status = "not graded"
            res.notes.append("the grader crashed: " + (err.strip().splitlines() or ["no message"])[-1][:160])
            return res
        summary = json.loads(out.read_text())
    if summary.get("catastrophic"):
        res.status = "not graded"
        res.notes.append("the grader could not grade this file: " + summary["catastrophic"])
        return res
    for name, q in summary["questions"].items():
        res.scores[name] = (q["score"], q["possible"])
        if q["failed"]:
            res.failed[name] = q["failed"]
    seen = set()
    for e in summary["cell_errors"]:
        if e["check"]:
            continue        # a failing grader.check cell only repeats a test failure
        # the executed notebook has otter's setup cells first; find the student's cell by source
        idx = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"
                    and c.source.strip() and e["source"] and c.source.strip().startswith(e["source"][:60].rstrip("…"))),
                   None)
        where = _question_of_cell(nb, idx) if idx is not None else None
        label = where or _OTTER_CELLS.get(e["source"].split(" as ")[0].strip(), "a notebook cell")
        if label in seen:
            continue        # the first error of a question explains the ones after it
        seen.add(label)
        if e["ename"] == "CellTimeLimit":
            res.notes.append(f"{label}: {e['evalue']}")
        else:
            res.notes.append(f"{label}: {e['ename']}: {e['evalue']}".rstrip(": "))
    return res


def identify(path: Path, built: dict, default: str | None):
    """``(assignment name or None, problem or None)`` for one submission file.

    The name comes from the notebook's otter metadata, else from ``default``; an unreadable
    file is graded anyway when ``default`` is given (so its row says why it scored nothing)."""
    try:
        nb = _load_submission(path)
    except Exception as exc:
        if default:
            return default, None
        return None, f"not a readable notebook: {type(exc).__name__}: {str(exc).splitlines()[0][:120]}"
    name = nb.metadata.get("otter", {}).get("assignment_name") or default
    if name is None:
        return None, "cannot tell which assignment this is (no otter metadata); grade it with --assignment NAME"
    if name not in built:
        return None, f"assignment {name!r} is not built here (built: {', '.join(built)})"
    return name, None


def grade(submissions, out_dir=OUT_DIR, assignment=None, cell_timeout=CELL_TIMEOUT_S,
          submission_timeout=SUBMISSION_TIMEOUT_S, jobs=None) -> list[Result]:
    """Grade every ``.ipynb``/``.zip`` in the directory ``submissions`` (in parallel)."""
    # the user's own argument first, then the state of the build
    folder = Path(submissions)
    if not folder.is_dir():
        raise AssignmentError(f"--submissions {folder} is not a directory")
    files = sorted(p for p in folder.iterdir() if p.suffix in (".ipynb", ".zip") and p.is_file())
    if not files:
        raise AssignmentError(f"--submissions {folder} holds no .ipynb or .zip files")
    built = built_assignments(out_dir)
    if not built:
        raise AssignmentError(f"no built assignments under {out_dir}; run `make assignments` first")
    if assignment is not None and assignment not in built:
        raise AssignmentError(f"--assignment {assignment!r} is not one of: {', '.join(built)}")
    jobs = jobs or max(1, min(4, os.cpu_count() or 1))

    def one(path):
        name, problem = identify(path, built, assignment)
        if name is None:
            return Result(path.name, None, status="not graded", notes=[problem])
        return grade_one(path, built[name], cell_timeout, submission_timeout)

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(one, files))


def _fmt(x: float) -> str:
    return f"{x:g}"


def table(results: list[Result]) -> str:
    """A plain-text table: one row per submission, one column per autograded question."""
    questions = []
    for r in results:
        for q in r.scores:
            if q not in questions:
                questions.append(q)
    head = ["submission", "assignment", *questions, "auto", "written (by hand)", "status / notes"]
    rows = []
    for r in results:
        cells = [r.submission, r.assignment or "?"]
        cells += [f"{_fmt(r.scores[q][0])}/{_fmt(r.scores[q][1])}" if q in r.scores else "" for q in questions]
        cells.append(f"{_fmt(r.total)}/{_fmt(r.possible)}" if r.scores else "-")
        cells.append(", ".join(r.manual) or "-")
        cells.append("; ".join([r.status] * (r.status != "graded") + r.notes) or "-")
        rows.append(cells)
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
    widths[-1] = 0
    line = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()
    return "\n".join([line(head), line(["-" * w if w else "-" * 14 for w in widths]), *map(line, rows)])


def write_csv(results: list[Result], path) -> None:
    questions = []
    for r in results:
        questions += [q for q in r.scores if q not in questions]
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["submission", "assignment", "status", *questions, "auto_score", "auto_possible",
                    "written_questions", "notes", "failed_tests"])
        for r in results:
            w.writerow([r.submission, r.assignment or "", r.status,
                        *[_fmt(r.scores[q][0]) if q in r.scores else "" for q in questions],
                        _fmt(r.total), _fmt(r.possible), " ".join(r.manual), "; ".join(r.notes),
                        " | ".join(f"{q}: {m}" for q, ms in r.failed.items() for m in ms)])


def manual_sheet(info: dict, results: list[Result], submissions_dir, source_dir=SOURCE_DIR) -> str:
    """Markdown for marking the written questions: rubric, model answer, then every answer."""
    src = read_source(Path(source_dir) / f"{info['name']}.ipynb")
    parts = [f"# Written answers: {info['title']} ({info['name']})", ""]
    mine = [r for r in results if r.assignment == info["name"]]
    books = {}
    for r in mine:
        try:
            books[r.submission] = _load_submission(Path(submissions_dir) / r.submission)
        except Exception:
            books[r.submission] = None
    for q in (q for q in src.questions if q.manual):
        parts += [f"## {q.name} ({_fmt(q.points)} points)", "", q.prompt, "",
                  "### For the marker (not shown to students)", "", *q.marking, ""]
        for r in mine:
            nb = books[r.submission]
            answers = [] if nb is None else [c.source.strip() for c in nb.cells
                                             if c.get("metadata", {}).get(META, {}).get("question") == q.name]
            if nb is None:
                text = "*(not a readable notebook)*"
            elif not answers:
                text = "*(answer cell missing)*"
            elif all(a in ("", PLACEHOLDER) for a in answers):
                text = "*(not answered)*"
            else:
                text = "\n\n".join(a for a in answers if a != PLACEHOLDER)
            parts += [f"### {r.submission}", "", text, "", f"Points: ___ / {_fmt(q.points)}", ""]
    return "\n".join(parts)


# ------------------------------------------------------------------------ links, release
def hub_settings(config=CONFIG) -> dict:
    """The hub address and repository from ``_config.yml`` (the one place they are set)."""
    import yaml

    data = yaml.safe_load(Path(config).read_text(encoding="utf-8"))
    hub = (data.get("launch_buttons") or {}).get("jupyterhub_url") or ""
    repo = (data.get("repository") or {}).get("url") or ""
    if not hub.startswith(("https://", "http://")):
        raise AssignmentError(f"{config}: launch_buttons.jupyterhub_url={hub!r} is not an http(s) address")
    if not repo.startswith(("https://", "http://")):
        raise AssignmentError(f"{config}: repository.url={repo!r} is not an http(s) address")
    return {"hub": hub.rstrip("/"), "repository": repo.rstrip("/")}


def nbgitpuller_link(hub: str, repository: str, branch: str, path: str, target: str) -> str:
    """A link that makes the hub pull ``branch`` of ``repository`` into ``target`` and open ``path``.

    The parameters are nbgitpuller's (repo, branch, targetpath, subpath, app). ``subpath``
    rather than ``urlpath``, so a hub that sets NBGITPULLER_PARENTPATH (our Helm values put
    pulls in the persistent work/ folder) still opens the right file."""
    query = urlencode({"repo": repository, "branch": branch, "targetpath": target,
                       "subpath": path, "app": "lab"}, quote_via=quote)
    return f"{hub}/hub/user-redirect/git-pull?{query}"


def links(source_list=None, branch=RELEASE_BRANCH, config=CONFIG) -> dict:
    """``{name: link}`` for every assignment source, built from ``_config.yml``."""
    s = hub_settings(config)
    target = s["repository"].split("/")[-1].removesuffix(".git") + "-assignments"
    source_list = sources() if source_list is None else source_list
    return {src.name: nbgitpuller_link(s["hub"], s["repository"], branch, f"{src.name}/{src.name}.ipynb", target)
            for src in source_list}


def release(out_dir=OUT_DIR, branch=RELEASE_BRANCH, repo=ROOT) -> str | None:
    """Commit the student notebooks (only those) to ``branch`` without touching the checkout.

    Uses git plumbing with a private index: HEAD, the index and the working tree stay as they
    are. Returns the new commit, or None when the branch already holds exactly these files."""
    built = built_assignments(out_dir)
    if not built:
        raise AssignmentError(f"no built assignments under {out_dir}; run `make assignments` first")

    def git(*args, stdin=None, env=None):
        proc = subprocess.run(["git", "-C", str(repo), *args], input=stdin, capture_output=True,
                              text=True, env=env)
        if proc.returncode != 0:
            raise AssignmentError(f"git {' '.join(args)} failed: {proc.stderr.strip()}")
        return proc.stdout.strip()

    readme = ["# Assignments of the hip course (student versions)", "",
              "Generated by `make assignments` from `notebooks/assignments/` on the main branch;",
              "do not edit here. Open one on the class JupyterHub with the links on the course's",
              "instructor page.", ""]
    files = {"README.md": "\n".join(readme)}
    for name, info in built.items():
        files[f"{name}/{name}.ipynb"] = info["student"].read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, GIT_INDEX_FILE=str(Path(tmp) / "index"))
        for rel, text in sorted(files.items()):
            blob = git("hash-object", "-w", "--stdin", stdin=text)
            git("update-index", "--add", "--cacheinfo", f"100644,{blob},{rel}", env=env)
        tree = git("write-tree", env=env)
    ref = f"refs/heads/{branch}"
    parent = subprocess.run(["git", "-C", str(repo), "rev-parse", "--verify", "-q", ref],
                            capture_output=True, text=True).stdout.strip()
    if parent and git("rev-parse", f"{parent}^{{tree}}") == tree:
        return None
    msg = "Student versions of " + ", ".join(built)
    commit = git("commit-tree", tree, *(["-p", parent] if parent else []), "-m", msg)
    git("update-ref", ref, commit, *([parent] if parent else []))
    return commit


# ---------------------------------------------------------------------------- command line
def register(subparsers):
    p = subparsers.add_parser(
        "assignments", help="classroom assignments: build, grade, links, release",
        description="Build the classroom assignments (otter-grader), grade many submissions at once, "
        "print nbgitpuller links for the class JupyterHub, or release the student notebooks to a branch.")
    sub = p.add_subparsers(dest="assignments_command", required=True)
    b = sub.add_parser("build", help="student notebooks + autograders into _build/assignments/",
                       description="Run otter assign on every source in --source and write, per "
                       "assignment, OUT/<name>/student/<name>.ipynb, OUT/<name>/autograder.zip, "
                       "OUT/<name>/instructor/<name>.ipynb and OUT/<name>/assignment.json.")
    b.add_argument("--source", default=str(SOURCE_DIR), metavar="DIR")
    b.add_argument("--out", default=str(OUT_DIR), metavar="DIR")
    b.set_defaults(func=_cli_build)
    g = sub.add_parser("grade", help="grade every submission in a folder; prints a table",
                       description="Grade every .ipynb or .zip in --submissions against the built "
                       "autograders (the assignment is read from each notebook's metadata). Each "
                       "submission runs in its own process with a time limit per cell and one per "
                       "submission; problems are reported in the table, never as a crash.")
    g.add_argument("--submissions", required=True, metavar="DIR")
    g.add_argument("--built", default=str(OUT_DIR), metavar="DIR", help="where `build` wrote the assignments")
    g.add_argument("--assignment", default=None, metavar="NAME",
                   help="grade files without otter metadata as this assignment")
    g.add_argument("--cell-timeout", type=_positive_int("--cell-timeout"), default=CELL_TIMEOUT_S,
                   metavar="S", help=f"seconds one notebook cell may run (default {CELL_TIMEOUT_S})")
    g.add_argument("--submission-timeout", type=_positive_int("--submission-timeout"),
                   default=SUBMISSION_TIMEOUT_S, metavar="S",
                   help=f"seconds one whole submission may take (default {SUBMISSION_TIMEOUT_S})")
    g.add_argument("--jobs", type=_positive_int("--jobs"), default=None, metavar="N",
                   help="submissions graded at once (default: CPU cores, at most 4)")
    g.add_argument("--out", default=None, metavar="DIR",
                   help="also write grades.csv and one written-answers-<assignment>.md per assignment here")
    g.set_defaults(func=_cli_grade)
    li = sub.add_parser("links", help="nbgitpuller links into the class JupyterHub (from _config.yml)")
    li.add_argument("--branch", default=RELEASE_BRANCH)
    li.set_defaults(func=_cli_links)
    r = sub.add_parser("release", help=f"commit the student notebooks to a branch (default {RELEASE_BRANCH!r})",
                       description="Write the built student notebooks (only those, plus a README) as a new "
                       "commit on --branch, without changing your checkout; then push that branch.")
    r.add_argument("--built", default=str(OUT_DIR), metavar="DIR")
    r.add_argument("--branch", default=RELEASE_BRANCH)
    r.set_defaults(func=_cli_release)


def _positive_int(option):
    def parse(text):
        try:
            value = int(text)
        except ValueError:
            value = 0
        if value < 1:
            import argparse
            raise argparse.ArgumentTypeError(f"{option} takes a whole number >= 1; got {text!r}")
        return value
    return parse


def _cli_build(args):
    for src in sources(args.source):
        b = build(src, args.out)
        print(f"{b.name}: otter assign {b.seconds:.1f} s -> {b.directory}/ (student/{b.name}.ipynb, "
              "autograder.zip, instructor/)")


def _cli_grade(args):
    t0 = time.perf_counter()
    results = grade(args.submissions, args.built, args.assignment, args.cell_timeout,
                    args.submission_timeout, args.jobs)
    print(table(results))
    n = len(results)
    print(f"\n{n} submission{'s' * (n != 1)} in {time.perf_counter() - t0:.1f} s; written questions "
          "are marked by hand (--out writes the answers with their rubrics).")
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        write_csv(results, out / "grades.csv")
        for name, info in built_assignments(args.built).items():
            if any(r.assignment == name for r in results) and any(q["manual"] for q in info["questions"]):
                (out / f"written-answers-{name}.md").write_text(
                    manual_sheet(info, results, args.submissions), encoding="utf-8")
        print(f"wrote {out / 'grades.csv'} and the written answers to mark")


def _cli_links(args):
    for name, link in links(branch=args.branch).items():
        print(f"{name}: {link}")


def _cli_release(args):
    commit = release(args.built, args.branch)
    if commit is None:
        print(f"branch {args.branch!r} already holds these student notebooks; nothing to do")
    else:
        print(f"branch {args.branch!r} -> {commit[:12]}; publish it with: git push origin {args.branch}")
