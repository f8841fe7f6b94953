"""Make plotly figures show up on the static book pages as well as in JupyterLab.

plotly 7 in a Jupyter kernel emits only ``application/vnd.plotly.v1+json``. JupyterLab
renders that, but myst-nb (the Jupyter Book renderer) does not, so a figure would vanish
from the built website. The renderer registered here emits the plotly JSON *and* a
``text/html`` fragment made with :func:`plotly.io.to_html`. The HTML does not embed
plotly.js: the book serves one local copy of it on the pages that need it
(``book/_ext/offline_assets.py``).

Importing :mod:`widgets.figures` activates this renderer; nothing has to be pasted into
notebooks. The model layer (``widgets.model``) never imports this module.
"""

from __future__ import annotations

from html import escape

import plotly.io as pio
from plotly.io._base_renderers import PlotlyRenderer

RENDERER_NAME = "hipcourse"

#: plotly.js options used on every figure of the course.
PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    # Keep the toolbar short: zooming and saving a picture are what learners use.
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
}


class HtmlAndPlotlyRenderer(PlotlyRenderer):
    """Emit ``application/vnd.plotly.v1+json`` plus a ``text/html`` fallback.

    JupyterLab prefers the plotly mime type; myst-nb (book build) picks ``text/html``.
    ``auto_play=False`` stops figures with frames jumping to their last frame on load.
    """

    def __init__(self, config=None):
        super().__init__(config=config or PLOTLY_CONFIG)

    def to_mimebundle(self, fig_dict):
        bundle = super().to_mimebundle(fig_dict)
        # A percentage height collapses inside a book page; use the figure's own height.
        height = (fig_dict.get("layout") or {}).get("height") or 450
        html = pio.to_html(
            fig_dict,
            include_plotlyjs=False,
            full_html=False,
            auto_play=False,
            config=self.config,
            validate=False,
            default_height=height,
        )
        alt = ((fig_dict.get("layout") or {}).get("meta") or {})
        alt = alt.get("alt") if isinstance(alt, dict) else None
        label = f' aria-label="{escape(alt, quote=True)}"' if alt else ""
        bundle["text/html"] = f'<div class="hip-figure" role="figure"{label}>{html}</div>'
        return bundle


def activate() -> None:
    """Register the course renderer and make it plotly's default (idempotent)."""
    if RENDERER_NAME not in pio.renderers:
        pio.renderers[RENDERER_NAME] = HtmlAndPlotlyRenderer()
    pio.renderers.default = RENDERER_NAME
