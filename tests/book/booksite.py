"""Shared helpers for the book and browser tests: build the site once, list its pages,
serve it on 127.0.0.1.

One strict build per test process: ``build()`` runs
``jupyter-book build . -W -n --keep-going --all`` (every page re-read, so every warning is
reported again; notebook execution comes from Jupyter Book's cache, which
``book/_ext/offline_assets.py`` clears whenever ``widgets/`` changes) and remembers the result.
``tests/book/conftest.py`` and ``tests/browser/conftest.py`` both import this module under
one name, so running both folders in one pytest process still builds once.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "_build"
HTML = BUILD / "html"
CACHE = BUILD / ".jupyter_cache"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
BUILD_CMD = [
    str(Path(sys.executable).parent / "jupyter-book"),
    "build", ".", "--warningiserror", "--nitpick", "--keep-going", "--all",
]
PLOTLY_MIME = "application/vnd.plotly.v1+json"


@dataclass
class BuildResult:
    returncode: int
    log: str


_result: BuildResult | None = None


def build() -> BuildResult:
    """Strict build of the whole site (once per process)."""
    global _result
    if _result is None:
        proc = subprocess.run(
            BUILD_CMD, cwd=ROOT, capture_output=True, text=True, timeout=1800
        )
        _result = BuildResult(proc.returncode, proc.stdout + "\n" + proc.stderr)
    return _result


def toc_docnames() -> list[str]:
    """Every document named in _toc.yml (root first), e.g. 'book/intro'."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    names = [toc["root"]]

    def walk(items):
        for item in items or []:
            if "file" in item:
                names.append(item["file"])
            walk(item.get("chapters"))
            walk(item.get("sections"))
            for part in item.get("parts", []) or []:
                walk(part.get("chapters"))

    walk(toc.get("chapters"))
    for part in toc.get("parts", []) or []:
        walk(part.get("chapters"))
    return [str(Path(n).with_suffix("")) for n in names]


def source_path(docname: str) -> Path:
    for suffix in (".md", ".ipynb", ".rst"):
        p = ROOT / f"{docname}{suffix}"
        if p.exists():
            return p
    raise FileNotFoundError(docname)


def built_pages() -> list[str]:
    """Built HTML pages to check: every TOC page plus Sphinx's own pages.

    Taken from the TOC, not from the disk, so pages left over in _build/html from an
    older TOC are not mistaken for current ones.
    """
    return [f"{d}.html" for d in toc_docnames()] + ["genindex.html", "search.html"]


def is_notebook(docname: str) -> bool:
    src = source_path(docname)
    return src.suffix == ".ipynb" or "kernelspec:" in src.read_text(encoding="utf-8")[:3000]


def expected_figures(docname: str) -> int:
    """Plotly figures the executed notebook produces and the page is meant to show.

    Counted in the executed notebook in Jupyter Book's execution cache (the copy in
    ``_build/jupyter_execute`` has no outputs when execution is cached): outputs carrying
    the plotly mime type or a plotly HTML div, in cells not tagged to hide their output.
    """
    if not is_notebook(docname):
        return 0
    from jupyter_cache import get_cache

    cache = get_cache(str(CACHE))
    uri = str(source_path(docname))
    records = [r for r in cache.list_cache_records() if r.uri == uri]
    assert records, f"no executed notebook in {CACHE} for {uri}"
    latest = max(records, key=lambda r: r.created)
    nb = cache.get_cache_bundle(latest.pk).nb
    n = 0
    for cell in nb["cells"]:
        if cell.get("cell_type") != "code":
            continue
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & {"remove-cell", "remove-output"}:
            continue
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            html = "".join(data.get("text/html", []))
            if PLOTLY_MIME in data or 'class="plotly-graph-div"' in html:
                n += 1
    return n


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


@contextlib.contextmanager
def serve(directory: Path = HTML):
    """Serve ``directory`` on 127.0.0.1 with a free port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
