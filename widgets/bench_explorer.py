"""Speed and size of the femur explorer (prints figures; not a pass/fail test).

Run ``python -m widgets.bench_explorer`` (or ``make bench-explorer``).

- Live: drives :class:`widgets.explorers.FemurExplorer` from code and times each control
  change until the handler has returned, i.e. the model is evaluated and both figures and
  every readout are updated (with a FigureWidget the update messages have been handed to
  the widget comm; the browser's redraw is not included). Targets: median <= 16 ms,
  95th percentile <= 33 ms.
- Static: size of the precomputed explorer (both page outputs with data and script;
  plotly.js excluded, it is one shared file); target <= 3 MB. Also the built page, when
  ``_build/html/book/femur-explorer.html`` exists.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

TARGET_MEDIAN_MS = 16.0
TARGET_P95_MS = 33.0
TARGET_PAGE_BYTES = 3_000_000


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
    from .femur_view import StaticExplorer

    t0 = time.perf_counter()
    ex = StaticExplorer()
    view, bars = ex.view_html(), ex.bars_html()
    out = {"build_s": time.perf_counter() - t0, "states": len(ex.data["states"]),
           "bytes": len(view.encode()) + len(bars.encode()),
           "data_bytes": len(ex.data_json().encode())}
    page = Path(__file__).resolve().parents[1] / "_build" / "html" / "book" / "femur-explorer.html"
    if page.exists():
        out["page_bytes"] = page.stat().st_size
    return out


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
    print("Static femur explorer (precomputed, no kernel):")
    print(f"  {s['states']} precomputed poses, computed in {s['build_s']:.1f} s")
    print(f"  explorer HTML (figures + data + script): {s['bytes'] / 1e6:.2f} MB "
          f"(data {s['data_bytes'] / 1e6:.2f} MB); target <= {TARGET_PAGE_BYTES / 1e6:g} MB "
          "excluding plotly.js -> " + ("MET" if s["bytes"] <= TARGET_PAGE_BYTES else "MISSED"))
    if "page_bytes" in s:
        print(f"  built page _build/html/book/femur-explorer.html: {s['page_bytes'] / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
