"""Small helpers shared by the book's pages (no plotting, no model code)."""

from __future__ import annotations


class Words(str):
    """A string that ``myst_nb.glue`` shows as plain text (no quotes): ``glue("x", Words(s))``."""

    def __repr__(self):
        return str(self)


def static_text(name: str) -> str:
    """Text of a browser file shipped with the package in ``widgets/static/`` (e.g. a .js).

    Browser code lives in real files there (linted and tested under node as files), never in
    Python strings; page-building code inlines it with :func:`script_tag`."""
    from importlib import resources

    return resources.files("widgets").joinpath("static", name).read_text(encoding="utf-8")


def script_tag(name: str) -> str:
    """``<script>`` element inlining ``widgets/static/<name>`` (works offline, no extra request)."""
    text = static_text(name)
    if "</script" in text.lower():
        raise ValueError(f"widgets/static/{name} contains '</script', which would end the tag early")
    return f"<script>\n{text}\n</script>"


def style_tag(name: str) -> str:
    """``<style>`` element inlining ``widgets/static/<name>`` (a .css file)."""
    text = static_text(name)
    if "</style" in text.lower():
        raise ValueError(f"widgets/static/{name} contains '</style', which would end the tag early")
    return f"<style>\n{text}\n</style>"
