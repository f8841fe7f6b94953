"""Every built page in real Chromium: no console errors, no request leaves 127.0.0.1, no
response has a status of 400 or more (a missing favicon counts), every plotly figure draws,
controls work, and axe finds no serious accessibility issue."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

import booksite  # registered by tests/browser/conftest.py (tests/book/booksite.py)

PAGES = booksite.built_pages()

# Console noise that Jupyter Book 1 itself makes on every page; exactly these, nothing broader.
ALLOWED_CONSOLE_ERRORS = (
    # sphinx-thebe's script is included twice by Jupyter Book 1 and re-declares a const.
    "Identifier 'THEBE_JS_URL' has already been declared",
    # pydata-sphinx-theme before the reader has picked a light/dark mode.
    "Got invalid theme mode",
)


# For each plotly div on the page: has plotly.js drawn it (data, layout and marks present)?
FIGURES_JS = """Array.from(document.querySelectorAll('div.plotly-graph-div')).map(gd =>
    gd.classList.contains('js-plotly-plot') && Array.isArray(gd.data) && gd.data.length > 0 &&
    gd._fullLayout !== undefined &&
    gd.querySelectorAll('svg.main-svg g.trace path, canvas').length > 0)"""


def allowed(message: str) -> bool:
    return any(a in message for a in ALLOWED_CONSOLE_ERRORS)


class PageVisit:
    """Load one page, recording console errors, page errors and every request."""

    def __init__(self, browser, url, color_scheme="light"):
        self.context = browser.new_context(
            viewport={"width": 1280, "height": 900}, color_scheme=color_scheme
        )
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.failed: list[str] = []
        self.bad_status: list[tuple[int, str]] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.failed.append(r.url))
        self.page.on("response", lambda r: r.status >= 400 and self.bad_status.append((r.status, r.url)))
        self.context.route("**/*", self._route)
        self.response = self.page.goto(url, wait_until="networkidle")
        self.page.wait_for_timeout(500)  # let MathJax and plotly finish drawing

    def _route(self, route):
        url = route.request.url
        self.requests.append(url)
        host = urlparse(url).hostname
        if urlparse(url).scheme in ("data", "blob") or host in booksite.LOCAL_HOSTS:
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def close(self):
        self.context.close()


@pytest.fixture(params=PAGES)
def visit(request, browser, base_url):
    v = PageVisit(browser, base_url + request.param)
    yield request.param, v
    v.close()


def test_page_is_clean_offline_and_draws_its_figures(visit):
    page_name, v = visit
    assert v.response is not None and v.response.ok, page_name
    bad = [e for e in v.errors if not allowed(e)]
    assert not bad, f"{page_name}: console errors {bad}"
    assert not v.blocked, f"{page_name}: requests to other hosts {v.blocked}"
    local_failures = [u for u in v.failed if u not in v.blocked]
    assert not local_failures, f"{page_name}: failed local requests {local_failures}"
    assert not v.bad_status, f"{page_name}: responses with an error status {v.bad_status}"
    # every plotly figure on the page has been drawn by plotly.js (polled: figures created
    # by require.js callbacks can still be appearing when the page reports network idle)
    doc = page_name.removesuffix(".html")
    expected = booksite.expected_figures(doc) if doc in booksite.toc_docnames() else 0
    try:
        v.page.wait_for_function(
            f"() => {{ const d = {FIGURES_JS}; return d.length >= {expected} && d.every(x => x); }}",
            timeout=15000)
    except Exception:
        pass  # the assertions below report what was drawn
    drawn = v.page.evaluate(f"() => ({FIGURES_JS})")
    assert len(drawn) == expected, f"{page_name}: {len(drawn)} figures on the page, {expected} made"
    assert all(drawn), f"{page_name}: {sum(drawn)} of {len(drawn)} figures drawn"
    # MathJax (served locally) typeset the maths, if the page has any
    if v.page.locator(".math").count():
        assert v.page.locator("mjx-container").count() > 0, f"{page_name}: maths not typeset"


def test_error_responses_are_counted(browser, base_url):
    """The check above can fail: a page that asks for a missing file is caught."""
    v = PageVisit(browser, base_url + "book/intro.html")
    try:
        v.page.evaluate("() => fetch('no-such-file.png')")
        v.page.wait_for_timeout(300)
        assert [s for s, u in v.bad_status if u.endswith("no-such-file.png")] == [404]
        # and the course icon is what the page links, so no /favicon.ico is requested
        assert v.page.locator("link[rel~=icon]").count() >= 1
        assert not [u for u in v.requests if u.endswith("/favicon.ico")]
    finally:
        v.close()


def axe_serious(page):
    from axe_playwright_python.sync_playwright import Axe

    # Colours are checked at rest: stop CSS transitions (the theme fades colours when it
    # switches to dark mode, and a half-faded colour is not what a reader sees).
    page.add_style_tag(content="*,*::before,*::after{transition:none!important;animation:none!important}")
    page.wait_for_timeout(100)
    results = Axe().run(page)
    return [
        (x["id"], x["impact"], [(n["target"], n["html"][:120], n.get("failureSummary", "")[:300])
                                for n in x["nodes"]][:5])
        for x in results.response["violations"]
        if x["impact"] in ("serious", "critical")
    ]


def test_axe_no_serious_or_critical_violations(visit):
    page_name, v = visit
    bad = axe_serious(v.page)
    assert not bad, f"{page_name}: axe violations {bad}"


@pytest.mark.parametrize("page_name", PAGES)
def test_axe_dark_mode(browser, base_url, page_name):
    """The theme follows the reader's dark-mode setting; contrast must hold there too."""
    v = PageVisit(browser, base_url + page_name, color_scheme="dark")
    try:
        v.page.wait_for_function("document.documentElement.dataset.theme === 'dark'",
                                 timeout=10_000)
        bad = axe_serious(v.page)
        assert not bad, f"{page_name} (dark): axe violations {bad}"
    finally:
        v.close()


def test_menu_switches_figure_data(browser, base_url):
    """Choosing another muscle in the figure's menu changes what the figure shows."""
    v = PageVisit(browser, base_url + "book/reading-the-model.html")
    try:
        page = v.page
        gd = "document.querySelector('div.plotly-graph-div')"
        before = page.evaluate(f"{gd}.data.map(t => t.visible)")
        names = page.evaluate(f"{gd}.data.map(t => t.name)")
        assert before.count(True) == 1 and names[before.index(True)] == "Piriformis"
        # open the drop-down, then click the "All muscles" entry
        header = page.locator("div.plotly-graph-div .updatemenu-header-group").first
        header.scroll_into_view_if_needed()
        header.click()
        item = page.locator(
            "div.plotly-graph-div .updatemenu-dropdown-button", has_text="All muscles"
        ).first
        item.wait_for(state="visible", timeout=10_000)
        item.click()
        page.wait_for_function(f"{gd}.data.every(t => t.visible === true)", timeout=10_000)
        after = page.evaluate(f"{gd}.data.map(t => t.visible)")
        assert after == [True] * len(names), after
        drawn = page.evaluate(f"{gd}.querySelectorAll('.scatterlayer .trace').length")
        assert drawn == len(names)
        assert not [e for e in v.errors if not allowed(e)]
    finally:
        v.close()
