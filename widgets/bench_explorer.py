"""Speed and size of the femur explorer (prints figures; not a pass/fail test).

Run ``python -m widgets.bench_explorer`` (or ``make bench-explorer``, which builds the book
first so the static page can be timed in Chromium).

- Live: drives :class:`widgets.explorers.FemurExplorer` from code and times each control
  change until the handler has returned, i.e. the model is evaluated and both figures and
  every readout are updated (with a FigureWidget the update messages have been handed to
  the widget comm; the browser's redraw is not included). Targets: median <= 16 ms,
  95th percentile <= 33 ms.
- Static page in real Chromium (the built ``_build/html/book/femur-explorer.html``, served on
  127.0.0.1, Chromium with the browser tests' settings, software WebGL): time from a control
  change to both figures and the readouts updated and the next frame painted, median and 95th
  percentile, and in the same run, alternating with it, a bare ``Plotly.restyle`` of the same
  3-D figure (``widgets/static/bench_explorer.js``). Target: explorer median <= 1.5 x the bare
  restyle's median.
- Page weight of the built page: the HTML plus every local file it loads, excluding
  plotly.js, MathJax and the theme's own files; target <= 1.5 MB.
"""

from __future__ import annotations

import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

TARGET_MEDIAN_MS = 16.0
TARGET_P95_MS = 33.0
TARGET_PAGE_BYTES = 1_500_000
TARGET_RESTYLE_RATIO = 1.5
ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "_build" / "html" / "book" / "femur-explorer.html"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--use-angle=swiftshader", "--enable-unsafe-swiftshader"]


def time_live(n: int = 200, seed: int = 0) -> dict:
    """Times (ms) from a slider change to the explorer updated, per control and overall."""
    from .explorers import FemurExplorer
    from .model import RANGES

    ex = FemurExplorer()
    rng = np.random.default_rng(seed)
    for _ in range(10):                                  # warm up
        ex.controls["flexion"].value = float(rng.integers(0, 120))
    out = {}
    for name, (lo, hi) in RANGES.items():
        times = []
        for _ in range(n // 4):
            value = float(rng.integers(lo, hi + 1))
            if value == ex.controls[name].value:
                value = lo if value != lo else hi
            t0 = time.perf_counter()
            ex.controls[name].value = value
            times.append((time.perf_counter() - t0) * 1000.0)
        out[name] = np.array(times)
    times = []
    for p in ex.presets * 3:
        ex.preset.value = ""
        t0 = time.perf_counter()
        ex.preset.value = p["id"]
        times.append((time.perf_counter() - t0) * 1000.0)
    out["preset"] = np.array(times)
    times = []
    for v in np.linspace(110, 150, 12):
        t0 = time.perf_counter()
        ex.controls["neck_shaft_deg"].value = float(v)
        times.append((time.perf_counter() - t0) * 1000.0)
    out["neck_shaft_deg"] = np.array(times)
    out["_backend"] = "FigureWidget" if ex.live_figures else "fallback (no anywidget)"
    return out


def static_size() -> dict:
    """Size of the static explorer's two page outputs (figures, model data, scripts)."""
    from .femur_view import StaticExplorer

    t0 = time.perf_counter()
    ex = StaticExplorer()
    view, bars = ex.view_html(), ex.bars_html()
    return {"build_s": time.perf_counter() - t0,
            "bytes": len(view.encode()) + len(bars.encode()),
            "data_bytes": len(ex.data_json().encode())}


class _Loads(HTMLParser):
    """Local files a page makes the browser load: scripts, stylesheets, icons, images."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img") and a.get("src"):
            self.urls.append(a["src"])
        rel = (a.get("rel") or "").split()
        if tag == "link" and a.get("href") and set(rel) & {"stylesheet", "icon", "preload", "modulepreload"}:
            self.urls.append(a["href"])


def page_weight(page: Path = PAGE) -> dict:
    """The built page's weight: the HTML plus every local file it loads (scripts, stylesheets,
    icons, images; not links a reader may follow, such as the notebook download). ``weight``
    excludes plotly.js, MathJax and the theme (every file under ``_static/`` except the
    course's vendored scripts, plus Sphinx's search index); ``total`` includes the theme."""
    root = page.parents[1]
    html = page.read_bytes()
    parser = _Loads()
    parser.feed(html.decode("utf-8", errors="replace"))
    out = {"html": len(html), "theme": 0, "own": len(html), "files": {}}
    for url in dict.fromkeys(parser.urls):
        parts = urlparse(url)
        if parts.scheme or url.startswith("//"):
            continue
        target = (page.parent / parts.path).resolve()
        if not target.is_file():
            continue
        rel = target.relative_to(root).as_posix()
        if rel == "_static/vendor/plotly.min.js" or rel.startswith("_static/vendor/mathjax/"):
            continue
        size = target.stat().st_size
        out["files"][rel] = size
        theme = (rel.startswith("_static/") and not rel.startswith("_static/vendor/")) or rel == "searchindex.js"
        out["theme" if theme else "own"] += size
    out["weight"] = out["own"]
    out["total"] = out["own"] + out["theme"]
    return out


def time_browser(steps: int = 150, seed: int = 1, chromium: str | None = None) -> dict:
    """Chromium timings of the built static page (see the module docstring)."""
    import functools
    import http.server
    import os
    import threading

    from playwright.sync_api import sync_playwright

    from .pages import static_text

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(PAGE.parents[1])))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/book/femur-explorer.html"
    chromium = chromium or os.environ.get("CHROMIUM", "/usr/bin/chromium")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.goto(url, wait_until="networkidle")
            page.wait_for_function("() => window.hipExplorer !== undefined")
            page.locator("#hip-explorer-view").scroll_into_view_if_needed()
            page.add_script_tag(content=static_text("bench_explorer.js"))
            page.evaluate("() => window.hipBench.run(6, 99)")            # warm up
            out = page.evaluate(f"() => window.hipBench.run({int(steps)}, {int(seed)})")
            out["chromium"] = browser.version
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return out


def _stats(t):
    t = np.asarray(t, float)
    return np.median(t), np.percentile(t, 95), t.max()


def main() -> int:
    live = time_live()
    backend = live.pop("_backend")
    print(f"Live femur explorer ({backend}): time from a control change to figures and "
          "readouts updated")
    print(f"  {'control':<16}{'n':>5}{'median ms':>12}{'p95 ms':>10}{'max ms':>10}")
    for name, t in live.items():
        print(f"  {name:<16}{len(t):>5}{np.median(t):>12.1f}{np.percentile(t, 95):>10.1f}"
              f"{t.max():>10.1f}")
    joint = np.concatenate([live[k] for k in ("flexion", "adduction", "rotation", "knee")])
    med, p95 = np.median(joint), np.percentile(joint, 95)
    print(f"  joint-angle sliders overall: median {med:.1f} ms (target <= {TARGET_MEDIAN_MS:g}),"
          f" p95 {p95:.1f} ms (target <= {TARGET_P95_MS:g}) -> "
          + ("MET" if med <= TARGET_MEDIAN_MS and p95 <= TARGET_P95_MS else "MISSED"))
    s = static_size()
    print("Static femur explorer (the model runs in the page):")
    print(f"  explorer outputs (figures + model data + scripts): {s['bytes'] / 1e6:.2f} MB "
          f"(model and drawing data {s['data_bytes'] / 1e6:.2f} MB), made in {s['build_s']:.1f} s")
    if not PAGE.exists():
        print(f"  {PAGE.relative_to(ROOT)} not built: run `make book` for the page weight and "
              "the Chromium timings")
        return 0
    w = page_weight()
    print(f"  built page weight, excluding plotly.js, MathJax and the theme: {w['weight'] / 1e6:.2f} MB "
          f"(target <= {TARGET_PAGE_BYTES / 1e6:g} MB) -> "
          + ("MET" if w["weight"] <= TARGET_PAGE_BYTES else "MISSED")
          + f"; with the theme {w['total'] / 1e6:.2f} MB")
    b = time_browser()
    e, r = _stats(b["explorer"]), _stats(b["restyle"])
    print(f"Static page in Chromium {b['chromium']} (software WebGL), {len(b['explorer'])} control "
          "changes alternating with as many bare restyles:")
    print(f"  {'':<44}{'median ms':>10}{'p95 ms':>10}{'max ms':>10}")
    print(f"  {'explorer: control change -> figures+readouts':<44}{e[0]:>10.1f}{e[1]:>10.1f}{e[2]:>10.1f}")
    print(f"  {'bare Plotly.restyle of the 3-D figure':<44}{r[0]:>10.1f}{r[1]:>10.1f}{r[2]:>10.1f}")
    by = {}
    for name, t in zip(b["controls"], b["explorer"]):
        by.setdefault(name, []).append(t)
    print("  explorer median by control: " + ", ".join(f"{k} {np.median(v):.0f} ms" for k, v in by.items()))
    ratio = e[0] / r[0]
    print(f"  explorer median / bare restyle median: {ratio:.2f} (target <= {TARGET_RESTYLE_RATIO:g}) -> "
          + ("MET" if ratio <= TARGET_RESTYLE_RATIO else "MISSED"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
