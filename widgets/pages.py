"""Small helpers shared by the book's pages (no plotting, no model code)."""

from __future__ import annotations


class Words(str):
    """A string that ``myst_nb.glue`` shows as plain text (no quotes): ``glue("x", Words(s))``."""

    def __repr__(self):
        return str(self)
