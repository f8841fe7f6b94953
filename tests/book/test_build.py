"""The strict build succeeds and every page shows what its source makes."""

from __future__ import annotations

import re
from pathlib import Path

import plotly
import pytest
import yaml
from bs4 import BeautifulSoup

import booksite

DOCS = booksite.toc_docnames()
NOTEBOOK_DOCS = [d for d in DOCS if booksite.is_notebook(d)]


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def test_strict_build_succeeds(site):
    log = booksite.build().log
    assert "build succeeded" in log or "Finished generating HTML" in log
    # No Sphinx warning of any kind ("path:line: WARNING: ..."). The kernel's own
    # start-up notice "[IPKernelApp] WARNING | ..." goes to the build log, not the page.
    assert "WARNING:" not in log
    assert "unknown output mime type" not in log


def test_no_warning_is_suppressed():
    """Figures must not vanish silently: myst-nb's mime warnings stay switched on."""
    cfg = yaml.safe_load((booksite.ROOT / "_config.yml").read_text())
    suppressed = (cfg.get("sphinx", {}).get("config", {}) or {}).get("suppress_warnings", [])
    assert not any("mystnb" in w or "mime" in w for w in suppressed)


def test_toc_lists_only_existing_pages():
    for doc in DOCS:
        assert booksite.source_path(doc).exists(), doc


@pytest.mark.parametrize("doc", DOCS)
def test_every_toc_page_is_built(site, doc):
    assert (site / f"{doc}.html").is_file()


@pytest.mark.parametrize("doc", DOCS)
def test_page_shows_every_figure_its_source_makes(site, doc):
    expected = booksite.expected_figures(doc)
    page = soup(site, f"{doc}.html")
    divs = page.select("div.plotly-graph-div")
    assert len(divs) == expected, f"{doc}: {len(divs)} figures on the page, {expected} made"
    # Each figure draws itself with Plotly.newPlot on its own div ...
    html = str(page)
    for div in divs:
        assert re.search(r'Plotly\.newPlot\(\s*"' + re.escape(div["id"]) + '"', html)
    # ... and the page loads the local plotly.js exactly when it has figures.
    scripts = [s.get("src", "") for s in page.find_all("script")]
    has_plotly_js = any(s.split("?")[0].endswith("_static/vendor/plotly.min.js") for s in scripts)
    assert has_plotly_js == (expected > 0)


@pytest.mark.parametrize("doc", NOTEBOOK_DOCS)
def test_figures_have_caption_and_alt_text(site, doc):
    page = soup(site, f"{doc}.html")
    for div in page.select("div.plotly-graph-div"):
        wrapper = div.find_parent(attrs={"class": "hip-figure"})
        assert wrapper is not None and wrapper.get("aria-label", "").strip(), (
            f"{doc}: figure {div['id']} has no alt text (widgets.figures.set_alt_text)"
        )
        figure = div.find_parent("figure")
        assert figure is not None and figure.find("figcaption"), (
            f"{doc}: figure {div['id']} has no caption (mystnb: figure: caption: ...)"
        )


@pytest.mark.parametrize("doc", NOTEBOOK_DOCS)
def test_chapters_have_launch_buttons(site, doc):
    """Binder and the classroom JupyterHub (nbgitpuller) open the chapter live."""
    cfg = yaml.safe_load((booksite.ROOT / "_config.yml").read_text())
    hub = cfg["launch_buttons"]["jupyterhub_url"].rstrip("/")
    links = [a.get("href", "") for a in soup(site, f"{doc}.html").find_all("a")]
    assert any(h.startswith(cfg["launch_buttons"]["binderhub_url"]) for h in links)
    hub_links = [h for h in links if h.startswith(hub)]
    assert hub_links and all("git-pull" in h for h in hub_links)


def test_vendor_files_in_build(site):
    vendor = site / "_static" / "vendor"
    built = (vendor / "plotly.min.js").read_bytes()
    installed = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_bytes()
    assert built == installed, "plotly.js in the site must match the plotly package"
    for rel in ("require.js", "html-manager/embed-amd.js", "mathjax/tex-chtml.js",
                "mathjax/output/chtml/fonts/woff-v2/MathJax_Main-Regular.woff"):
        assert (vendor / rel).is_file(), rel


def test_vendored_js_not_in_source_static():
    """Jupyter Book injects every .js in a source _static folder into every page."""
    for static in (booksite.ROOT / "_static", booksite.ROOT / "book" / "_static"):
        assert not list(static.rglob("*.js")) if static.exists() else True
