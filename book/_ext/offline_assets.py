"""Local Sphinx extension: make the built book work with no network.

What it does
------------
1. Copies the JavaScript the pages need into ``<outdir>/_static/vendor/``:
   - ``plotly.min.js`` from the *installed* plotly package (so plotly.js always matches
     the plotly Python package that made the figures);
   - require.js, ``@jupyter-widgets/html-manager@1`` (``embed-amd.js`` and its chunks and
     fonts) and MathJax 3 from ``assets/vendor/node_modules`` (``npm ci`` in
     ``assets/vendor``; versions pinned by its ``package-lock.json``).
   ``mathjax_path`` and ``nb_ipywidgets_js`` in ``_config.yml`` point there.
   The files are copied to the *output* only, never to the book's source ``_static``:
   Jupyter Book would inject every ``.js`` found there into every page.
2. Adds ``plotly.min.js`` to exactly the pages whose body contains a plotly figure,
   before any other page script that could call ``Plotly``; and gives bibliography
   entries the list-item role their list needs (an axe-core "critical" finding).
3. Keeps the execution cache honest: Jupyter Book's cache does not notice when the code
   a notebook imports changes. A hash of ``widgets/**/*.py``, ``widgets/data/*`` and ``widgets/static/*`` is
   kept next to the cache; when it changes the cache is wiped and every notebook page is
   re-read (and so re-executed).
4. Renders plotly's mime bundle itself (``PlotlyMimeRenderer``, added to myst-nb's list
   of mime-render plugins at start-up, so no packaging entry point is needed), so
   ``application/vnd.plotly.v1+json`` outputs never hit myst-nb's
   "skipping unknown output mime type" warning and no warning has to be suppressed.

Nothing in ``widgets.model`` imports this file.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

VENDOR_DIR = "vendor"  # inside <outdir>/_static
PLOTLY_JS = f"{VENDOR_DIR}/plotly.min.js"
PLOTLY_MIME = "application/vnd.plotly.v1+json"
PLOTLY_MARKER = 'class="plotly-graph-div"'
STAMP_NAME = "widgets-package.sha256"

# (source relative to assets/vendor/node_modules, destination relative to _static/vendor)
NPM_FILES = [
    ("requirejs/require.js", "require.js"),
    ("@jupyter-widgets/html-manager/dist", "html-manager"),
    ("mathjax/es5/tex-chtml.js", "mathjax/tex-chtml.js"),
    ("mathjax/es5/input", "mathjax/input"),
    ("mathjax/es5/output", "mathjax/output"),
    ("mathjax/es5/a11y", "mathjax/a11y"),
    ("mathjax/es5/ui", "mathjax/ui"),
    ("mathjax/es5/adaptors", "mathjax/adaptors"),
    ("mathjax/es5/sre", "mathjax/sre"),
]
# Files never needed by a page (source maps, the non-AMD bundle).
SKIP_SUFFIXES = (".map", ".LICENSE.txt")
SKIP_NAMES = {"embed.js", "libembed-amd.js"}


# --------------------------------------------------------------------------- helpers
def repo_root(app: Sphinx) -> Path:
    """The directory holding ``_config.yml`` (the book's source dir)."""
    return Path(app.srcdir).resolve()


def package_hash(root: Path) -> str:
    """sha256 over the paths and bytes of the package code and data."""
    h = hashlib.sha256()
    pkg = root / "widgets"
    files = sorted(
        [p for p in pkg.rglob("*.py") if "__pycache__" not in p.parts]
        + [p for p in (pkg / "data").rglob("*") if p.is_file()]
        # page scripts are inlined into cell outputs, so they belong to the hash too
        + [p for p in (pkg / "static").rglob("*") if p.is_file()]
    )
    for p in files:
        h.update(str(p.relative_to(root)).encode())
        h.update(b"\0")
        h.update(p.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def _copy_if_changed(src: Path, dst: Path) -> int:
    """Copy a file or tree, skipping files whose size and mtime already match."""
    n = 0
    if src.is_dir():
        for p in src.rglob("*"):
            if p.is_dir() or p.name in SKIP_NAMES or p.name.endswith(SKIP_SUFFIXES):
                continue
            n += _copy_if_changed(p, dst / p.relative_to(src))
        return n
    if dst.exists():
        s, d = src.stat(), dst.stat()
        if s.st_size == d.st_size and int(s.st_mtime) == int(d.st_mtime):
            return 0
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dst)
    return 1


# ------------------------------------------------------------------ execution cache
def _cache_dir(app: Sphinx) -> Path:
    """Jupyter Book's execution cache, found the way myst-nb finds it."""
    path = getattr(app.config, "nb_execution_cache_path", "") or ""
    if not path:
        return (Path(app.outdir).parent / ".jupyter_cache").resolve()
    return Path(path).resolve()


def check_package_hash(app: Sphinx) -> None:
    """On start-up: wipe the execution cache if the package changed since the last build."""
    app.env_package_hash = package_hash(repo_root(app))  # type: ignore[attr-defined]
    app.package_changed = False  # type: ignore[attr-defined]
    cache = _cache_dir(app)
    stamp = Path(app.doctreedir) / STAMP_NAME
    old = stamp.read_text().strip() if stamp.exists() else None
    if old != app.env_package_hash:  # type: ignore[attr-defined]
        app.package_changed = True  # type: ignore[attr-defined]
        if cache.exists():
            logger.info(f"[offline_assets] widgets package changed: clearing {cache}")
            shutil.rmtree(cache)


def outdated_notebooks(app, env, added, changed, removed):
    """If the package changed, every notebook page must be re-read (re-executed)."""
    if not getattr(app, "package_changed", False):
        return []
    redo = []
    for docname in env.found_docs:
        if docname in added or docname in changed:
            continue
        src = Path(env.doc2path(docname))
        try:
            head = src.read_text(encoding="utf-8")[:2000]
        except OSError:
            continue
        if src.suffix == ".ipynb" or "kernelspec" in head:
            redo.append(docname)
    if redo:
        logger.info(f"[offline_assets] re-reading {len(redo)} notebook page(s)")
    return redo


def write_stamp(app: Sphinx, exception) -> None:
    if exception is None:
        stamp = Path(app.doctreedir) / STAMP_NAME
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(app.env_package_hash + "\n")  # type: ignore[attr-defined]


# ------------------------------------------------------------------- page scripts
def add_plotly_js(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Load the local plotly.min.js on pages that contain a plotly figure."""
    body = context.get("body", "") or ""
    # Accessibility: docutils marks a bibliography as role="list" but its entries as
    # role="doc-biblioentry" (deprecated in DPUB-ARIA 1.1), so a list has no list items.
    if 'role="doc-biblioentry"' in body:
        context["body"] = body = body.replace('role="doc-biblioentry"', 'role="listitem"')
    if PLOTLY_MARKER in body:
        # Low priority number = early in <head>, before require.js (priority 200+)
        # which would otherwise capture plotly as an anonymous AMD module.
        app.add_js_file(PLOTLY_JS, priority=100)


def copy_vendor_files(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir) / "_static" / VENDOR_DIR
    import plotly

    n = _copy_if_changed(
        Path(plotly.__file__).parent / "package_data" / "plotly.min.js",
        out / "plotly.min.js",
    )
    npm = repo_root(app) / "assets" / "vendor" / "node_modules"
    missing = [src for src, _ in NPM_FILES if not (npm / src).exists()]
    if missing:
        logger.warning(
            "[offline_assets] vendored JavaScript missing (run `npm ci` in assets/vendor): "
            + ", ".join(missing),
            type="offline_assets",
        )
        return
    for src, dst in NPM_FILES:
        n += _copy_if_changed(npm / src, out / dst)
    logger.info(f"[offline_assets] copied {n} vendor file(s) to {out}")


# --------------------------------------------------------------- mime renderer
class PlotlyMimeRenderer:
    """myst-nb mime-render plugin for plotly figures.

    The course renderer (``widgets.plotly_setup``) puts a ``text/html`` copy of every
    figure next to the plotly JSON; myst-nb's HTML builders choose the HTML. This plugin
    makes the JSON explicit: it ranks ``application/vnd.plotly.v1+json`` *below* text/html
    for HTML output (so the HTML is chosen) and, if an output carries only plotly JSON
    (someone bypassed the course renderer), renders it to HTML itself instead of
    silently dropping the figure.
    """

    mime_priority_overrides = [
        ("html", PLOTLY_MIME, 35),
        ("dirhtml", PLOTLY_MIME, 35),
        ("singlehtml", PLOTLY_MIME, 35),
    ]

    @staticmethod
    def handle_mime(renderer, data, inline):
        if data.mime_type != PLOTLY_MIME:
            return None
        import plotly.io as pio

        html = pio.to_html(
            data.content,
            include_plotlyjs=False,
            full_html=False,
            auto_play=False,
            validate=False,
            default_height=(data.content.get("layout") or {}).get("height") or 450,
        )
        node = nodes.raw(text=html, format="html", classes=["output", "text_html"])
        return [node]


def _register_mime_plugin() -> None:
    """Add PlotlyMimeRenderer to myst-nb's (cached) list of mime-render plugins."""
    from myst_nb.core import render

    plugins = render.load_mime_renders()  # lru_cached list, shared by all callers
    if not any(getattr(p, "__name__", "") == "PlotlyMimeRenderer" for p in plugins):
        plugins.append(PlotlyMimeRenderer)


# ------------------------------------------------------------------------- setup
def setup(app: Sphinx):
    _register_mime_plugin()
    app.connect("builder-inited", check_package_hash)
    app.connect("env-get-outdated", outdated_notebooks)
    app.connect("html-page-context", add_plotly_js)
    app.connect("build-finished", copy_vendor_files)
    app.connect("build-finished", write_stamp)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
