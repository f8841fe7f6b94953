"""The instructor page lists every assignment and links each one into the hub set in _config.yml."""

from __future__ import annotations

import html

from bs4 import BeautifulSoup

from widgets import assignments


def test_page_links_every_assignment_into_the_configured_hub(site):
    soup = BeautifulSoup((site / "book" / "instructors.html").read_text(encoding="utf-8"), "html.parser")
    main = soup.select_one("main") or soup
    hub = assignments.hub_settings()["hub"]
    hrefs = [html.unescape(a.get("href", "")) for a in main.find_all("a")]
    expected = assignments.links()
    assert expected
    for name, link in expected.items():
        assert link in hrefs, f"no link for {name}"
        assert link.startswith(hub + "/hub/user-redirect/git-pull?")
    text = main.get_text(" ", strip=True)
    for src in assignments.sources():
        assert src.name in text and src.title in text
    # the time limits shown are the tool's defaults
    assert f"default {assignments.CELL_TIMEOUT_S} s" in " ".join(text.split())
