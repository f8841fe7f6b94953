"""Binder check: the Binder environment, built the way Binder builds it, runs everything.

A fresh venv gets ONLY `.binder/requirements.txt`, then `.binder/postBuild` runs in it
(as repo2docker does, from the repository root). In that venv every notebook in
`notebooks/` and every chapter in `book/` is converted with jupytext and executed with
nbclient. This catches a lock file that drifted from what the course imports.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import booksite

ROOT = booksite.ROOT


def _runnable(path: Path) -> bool:
    if path.suffix == ".ipynb":
        return ".ipynb_checkpoints" not in path.parts
    return path.suffix == ".md" and "kernelspec:" in path.read_text(encoding="utf-8")[:3000]


NOTEBOOKS = sorted(
    p.relative_to(ROOT).as_posix()
    for folder in ("notebooks", "book")
    for p in (ROOT / folder).rglob("*")
    if p.is_file() and "_build" not in p.parts and _runnable(p)
)

RUNNER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import jupytext, nbclient
    path = Path(sys.argv[1])
    nb = jupytext.read(path)
    nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}}).execute()
    print("executed", path)
    """
)


@pytest.fixture(scope="module")
def binder_env(tmp_path_factory):
    venv = tmp_path_factory.mktemp("binder") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bindir = venv / "bin"
    env = dict(os.environ, VIRTUAL_ENV=str(venv), PATH=f"{bindir}:{os.environ['PATH']}")
    env.pop("PYTHONPATH", None)

    def run(*cmd, **kw):
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, **kw)
        assert proc.returncode == 0, f"{' '.join(map(str, cmd))} failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
        return proc

    run(str(bindir / "python"), "-m", "pip", "install", "--quiet", "--upgrade", "pip", timeout=600)
    run(str(bindir / "python"), "-m", "pip", "install", "--quiet", "-r",
        str(ROOT / ".binder" / "requirements.txt"), timeout=1800)
    run("bash", str(ROOT / ".binder" / "postBuild"), timeout=600)
    return venv, run


def test_postbuild_installs_package_and_jupytext_viewer(binder_env):
    venv, run = binder_env
    out = run(str(venv / "bin" / "python"), "-c",
              "import widgets, widgets.model, widgets.figures; print(widgets.__file__)")
    assert str(ROOT / "widgets") in out.stdout  # editable install of this checkout
    overrides = venv / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    assert overrides.is_file()
    assert "Jupytext Notebook" in overrides.read_text()
    # nothing outside the lock file was needed: pip agrees the environment is consistent
    run(str(venv / "bin" / "python"), "-m", "pip", "check")


def test_there_is_something_to_run():
    assert any(n.startswith("book/") for n in NOTEBOOKS)


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_notebook_runs_in_binder_env(binder_env, notebook):
    venv, run = binder_env
    run(str(venv / "bin" / "python"), "-c", RUNNER, str(ROOT / notebook), timeout=1200)
