"""The claims ledger: every claim the course's source documents make, with a verdict.

One table, ``widgets/data/claims.csv``, that every chapter adds to (columns in ``COLUMNS``;
meaning in ``widgets/data/README.md``), and one book page, "Claims checked", made from it.

Where a verdict rests on the model (``basis`` is ``model`` or ``both``), a function in the
package computes it: topic modules register one per claim with :func:`model_verdict`, and a
test checks that the table agrees with it, so a model change that flips a verdict fails
loudly. The ``evidence`` text of such a row may contain ``{name}`` fields (Python format
syntax, e.g. ``{cross_deg:.0f}``) filled from the numbers the function returns, so the
numbers a reader sees are always the model's current ones.

This module imports no plotting code.
"""

from __future__ import annotations

import importlib
import re
import string
from dataclasses import dataclass, field
from typing import Callable

from .model.data import read_table

COLUMNS = ("id", "seed", "claim", "verdict", "basis", "evidence", "citations", "chapter")
VERDICTS = ("supported", "partly supported", "not supported", "unverified")
BASES = ("model", "literature", "both")
#: How each verdict is shown: a symbol and a word, so colour is never the only channel.
VERDICT_LABELS = {
    "supported": "✔ supported",
    "partly supported": "◐ partly supported",
    "not supported": "✘ not supported",
    "unverified": "? unverified",
}
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SEED = re.compile(r"^\d{3}_[0-9a-f]{16}\.txt$")
_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_:-]*$")

#: Topic modules that register model verdicts (imported on demand by :func:`verdict_functions`).
VERDICT_MODULES = (
    "widgets.glutes_verdicts",
    "widgets.foot_hip",
)


@dataclass(frozen=True)
class Verdict:
    """What a verdict function returns: the verdict and the numbers behind it."""

    verdict: str
    numbers: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict={self.verdict!r} is not one of {', '.join(VERDICTS)}")


_REGISTRY: dict[str, Callable] = {}


def model_verdict(claim_id: str):
    """Decorator: register ``func(model) -> Verdict`` as the model's verdict on ``claim_id``."""
    if not _SLUG.match(claim_id):
        raise ValueError(f"claim id {claim_id!r} must be a lower-case slug like 'piriformis-rotation'")

    def register(func):
        if claim_id in _REGISTRY and _REGISTRY[claim_id] is not func:
            raise ValueError(f"two verdict functions for claim {claim_id!r}")
        _REGISTRY[claim_id] = func
        return func

    return register


def verdict_functions() -> dict[str, Callable]:
    """Every registered verdict function, by claim id."""
    for name in VERDICT_MODULES:
        importlib.import_module(name)
    return dict(_REGISTRY)


def load_claims() -> list[dict]:
    """Rows of the ledger, checked (raises ValueError naming the row and the problem)."""
    rows = [dict(r) for r in read_table("claims.csv")]
    seen = set()
    for n, row in enumerate(rows, start=2):  # line 1 is the header
        where = f"claims.csv line {n} (id {row.get('id')!r})"
        if tuple(row) != COLUMNS:
            raise ValueError(f"claims.csv columns must be {', '.join(COLUMNS)}; got {', '.join(row)}")
        if not _SLUG.match(row["id"]):
            raise ValueError(f"{where}: id must be a lower-case slug")
        if row["id"] in seen:
            raise ValueError(f"{where}: duplicate id")
        seen.add(row["id"])
        if not _SEED.match(row["seed"]):
            raise ValueError(f"{where}: seed must be a seed file name like 000_0123456789abcdef.txt")
        if row["verdict"] not in VERDICTS:
            raise ValueError(f"{where}: verdict {row['verdict']!r} is not one of {', '.join(VERDICTS)}")
        if row["basis"] not in BASES:
            raise ValueError(f"{where}: basis {row['basis']!r} is not one of {', '.join(BASES)}")
        keys = citation_keys(row)
        if not keys and row["basis"] != "model":
            raise ValueError(f"{where}: citations may be empty only when basis is 'model'")
        bad = [k for k in keys if not _KEY.match(k)]
        if bad:
            raise ValueError(f"{where}: malformed citation key(s) {bad}")
        for col in ("claim", "evidence", "chapter"):
            if not row[col].strip():
                raise ValueError(f"{where}: {col} is empty")
        if evidence_fields(row) and row["basis"] == "literature":
            raise ValueError(f"{where}: only rows with a model basis may have {{fields}} in evidence")
    return rows


def citation_keys(row: dict) -> list[str]:
    return [k.strip() for k in row["citations"].split(";") if k.strip()]


def evidence_fields(row: dict) -> set[str]:
    """Names of the ``{fields}`` in a row's evidence text."""
    return {f for _, f, _, _ in string.Formatter().parse(row["evidence"]) if f}


def computed(model=None) -> dict[str, Verdict]:
    """The model's verdict on every claim whose basis includes the model."""
    from .model import HipModel

    model = model or HipModel()
    funcs = verdict_functions()
    out = {}
    for row in load_claims():
        if row["basis"] == "literature":
            continue
        if row["id"] not in funcs:
            raise LookupError(f"claim {row['id']!r} has basis {row['basis']!r} but no verdict "
                              f"function is registered for it (see widgets.claims.model_verdict)")
        out[row["id"]] = funcs[row["id"]](model)
    return out


def evidence_text(row: dict, verdicts: dict[str, Verdict] | None = None) -> str:
    """The row's evidence with its ``{fields}`` filled from the model's numbers."""
    if not evidence_fields(row):
        return row["evidence"]
    if verdicts is None or row["id"] not in verdicts:
        raise ValueError(f"claim {row['id']!r}: evidence has model fields; pass computed() verdicts")
    return row["evidence"].format(**verdicts[row["id"]].numbers)


def rows_for(ids=None, chapter=None) -> list[dict]:
    """Ledger rows selected by id (in the order given) or by chapter docname."""
    rows = load_claims()
    if ids is not None:
        index = {r["id"]: r for r in rows}
        missing = [i for i in ids if i not in index]
        if missing:
            raise ValueError(f"unknown claim id(s) {missing}; valid ids: {', '.join(index)}")
        return [index[i] for i in ids]
    if chapter is not None:
        return [r for r in rows if r["chapter"] == chapter]
    return rows


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def markdown_table(rows, verdicts=None, show_chapter=True) -> str:
    """A MyST Markdown table of ledger rows (citations as {cite:p} roles, chapters as links).

    Rendered by myst-nb as MyST (``nb_render_markdown_format: myst`` in _config.yml), so
    the roles resolve on the static page."""
    head = ["Claim (in our words)", "Verdict", "Basis", "What the evidence says"]
    if show_chapter:
        head.append("Discussed in")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        keys = citation_keys(r)
        ev = _cell(evidence_text(r, verdicts))
        if keys:
            ev += " {cite:p}`" + ",".join(keys) + "`"
        basis = {"model": "this model", "literature": "literature", "both": "model + literature"}[r["basis"]]
        cells = [_cell(r["claim"]), f"**{VERDICT_LABELS[r['verdict']]}**", basis, ev]
        if show_chapter:
            cells.append("{doc}`/" + r["chapter"] + "`")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
