"""Measure the book build and its pages (`make site-report`).

Prints, and checks against the course's targets:
- clean build time with execution (no _build, no execution cache)      target <= 180 s
- cached rebuild time: every page re-read, notebooks served from the
  execution cache (`jupyter-book build --all`)                         target <= 20 s
- no-op rebuild time (nothing changed), for information
- bytes per page: the HTML plus every local file it loads, excluding the shared
  plotly.min.js and MathJax (loaded once, then cached by the browser)   target <= 3 MB
  (also shown: the same gzip-compressed, and how much of it is the theme's own CSS/JS,
  shared by every page)

Exits 1 if a target is missed. Run from the repository root with the venv's python.
"""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urljoin, urlparse

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "_build" / "html"
JB = [str(Path(sys.executable).parent / "jupyter-book"), "build", ".", "-W", "-n", "--keep-going"]
TARGET_CLEAN_S = 180.0
TARGET_CACHED_S = 20.0
TARGET_PAGE_BYTES = 3 * 1024 * 1024
SHARED = ("_static/vendor/plotly.min.js", "_static/vendor/mathjax/")
REF_RE = re.compile(r"""(?:src|href)\s*=\s*["']([^"'#]+)["']""")


def timed_build(extra: list[str]) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(JB + extra, cwd=ROOT, capture_output=True, text=True)
    dt = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.stdout.write(proc.stdout[-5000:] + proc.stderr[-5000:])
        raise SystemExit(f"build failed ({' '.join(JB + extra)})")
    return dt


def page_bytes(page: Path) -> tuple[int, int, int, int]:
    """Bytes of one page: (html, html + local resources it loads except the shared
    plotly.js/MathJax, the same gzip-compressed as a static host would send it,
    theme resources that every page shares)."""
    text = page.read_text(encoding="utf-8", errors="replace")
    total = len(text.encode())
    gz = len(gzip.compress(text.encode(), 6))
    theme = 0
    seen = set()
    for ref in REF_RE.findall(text):
        if urlparse(ref).scheme or ref.startswith("//"):
            continue
        target = (page.parent / urlparse(ref).path).resolve()
        try:
            rel = target.relative_to(HTML).as_posix()
        except ValueError:
            continue
        if rel in seen or not target.is_file() or target.suffix == ".html":
            continue
        if rel.startswith(SHARED) or rel == SHARED[0]:
            continue
        seen.add(rel)
        data = target.read_bytes()
        total += len(data)
        gz += len(gzip.compress(data, 6)) if target.suffix in (".js", ".css", ".json", ".svg") else len(data)
        if rel.startswith("_static/") and not rel.startswith("_static/vendor/"):
            theme += len(data)
    return len(text.encode()), total, gz, theme


def main() -> int:
    ok = True
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    clean = timed_build([])
    noop = timed_build([])
    cached = timed_build(["--all"])
    print(f"clean build with execution : {clean:7.1f} s  (target <= {TARGET_CLEAN_S:.0f} s)"
          + ("" if clean <= TARGET_CLEAN_S else "  MISSED"))
    print(f"cached rebuild, all pages  : {cached:7.1f} s  (target <= {TARGET_CACHED_S:.0f} s)"
          + ("" if cached <= TARGET_CACHED_S else "  MISSED"))
    print(f"no-op rebuild              : {noop:7.1f} s")
    ok &= clean <= TARGET_CLEAN_S and cached <= TARGET_CACHED_S
    print("\nbytes per page, shared plotly.js and MathJax excluded:")
    print(f"  {'page':40s} {'HTML':>10s} {'+resources':>12s} {'gzipped':>10s} {'of which theme':>15s}")
    pages = sorted(p for p in HTML.rglob("*.html") if not p.relative_to(HTML).as_posix().startswith("_"))
    for page in pages:
        html, total, gz, theme = page_bytes(page)
        flag = "" if total <= TARGET_PAGE_BYTES else "  MISSED (> 3 MB)"
        ok &= total <= TARGET_PAGE_BYTES
        print(f"  {page.relative_to(HTML).as_posix():40s} {html:>10,d} {total:>12,d} {gz:>10,d} {theme:>15,d}{flag}")
    shared = sum(p.stat().st_size for p in (HTML / "_static" / "vendor").rglob("*")
                 if p.is_file() and p.relative_to(HTML).as_posix().startswith(SHARED))
    print(f"\nshared plotly.js + MathJax on disk: {shared:,d} bytes (loaded once per browser)")
    print("site-report:", "all targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
