"""Chapter 3 (arthrogenic muscle inhibition): the evidence table, its checks, and the figures.

Data (``widgets/data/``, schema in ``widgets/data/README.md``):

- ``evidence.csv``: one row per published finding, with the numbers as reported, a DOI or
  PubMed link, and where the row was checked;
- ``claim_evidence.csv``: which findings bear on which claim of the claims ledger
  (``claims.csv``), and how (``supports``, ``against``, ``indirect``).

Every claim of this chapter rests on literature, not on the hip model, so no verdict
function is registered here. Everything is computed from the tables when the book builds:
change a row and the figures, tables and numbers on the page follow.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections import OrderedDict
from functools import lru_cache
from html import escape

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import claims as claims_ledger
from .claims import _cell  # one escaping rule for every generated MyST table
from .figures import FONT, OKABE_ITO, set_alt_text
from .model.data import read_table

EVIDENCE_COLUMNS = (
    "id", "citation", "study", "year", "design", "n_total", "n_per_group", "population", "joint",
    "condition", "muscle", "outcome", "result", "value", "value_sd", "reference_value", "unit",
    "time_min", "volume_ml", "direction", "doi", "pubmed_url", "verified_at", "verified_from",
)
LINK_COLUMNS = ("claim_id", "evidence_id", "role")

#: Study designs, strongest kind of evidence first, each with its own marker AND colour.
DESIGNS = OrderedDict([
    ("systematic review", ("diamond", OKABE_ITO[0])),
    ("randomised controlled trial", ("star", OKABE_ITO[2])),
    ("randomised crossover", ("square", OKABE_ITO[1])),
    ("controlled before-after", ("triangle-up", OKABE_ITO[3])),
    ("within-subject experiment", ("circle", OKABE_ITO[4])),
    ("before-after in patients", ("triangle-down", OKABE_ITO[5])),
    ("cross-sectional", ("hexagon", OKABE_ITO[6])),
    ("narrative review", ("pentagon", "#777777")),
])
JOINTS = ("knee", "hip", "lumbar spine", "lower leg", "several")
DIRECTIONS = ("decrease", "increase", "no change")
VERIFIED_FROM = ("abstract", "full text")
#: How a finding bears on a claim; drawn as filled, open, or open-with-dot markers.
ROLES = OrderedDict([
    ("supports", ("", "supports the claim")),
    ("against", ("-open", "speaks against it")),
    ("indirect", ("-open-dot", "related, indirect")),
])
NUMERIC = ("year", "n_total", "value", "value_sd", "reference_value", "time_min", "volume_ml")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_PUBMED = re.compile(r"^https://(pubmed\.ncbi\.nlm\.nih\.gov/\d+/|pmc\.ncbi\.nlm\.nih\.gov/articles/PMC\d+/)$")
_BIBKEY = re.compile(r"^@\w+\{([^,\s]+),", re.M)


def _number(text: str, where: str, column: str):
    if text.strip() == "":
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{where}: {column}={text!r} is not a number (leave it empty if not reported)") from None
    if not math.isfinite(value):
        raise ValueError(f"{where}: {column}={text!r} must be a finite number")
    return value


def parse_evidence_row(raw: dict, line: int) -> dict:
    """One row of evidence.csv, checked and with numeric fields parsed (None = not reported)."""
    where = f"evidence.csv line {line} (id {raw.get('id')!r})"
    if tuple(raw) != EVIDENCE_COLUMNS:
        raise ValueError(f"evidence.csv columns must be {', '.join(EVIDENCE_COLUMNS)}; got {', '.join(raw)}")
    row = dict(raw)
    if not _ID.match(row["id"]):
        raise ValueError(f"{where}: id must be a lower-case slug like 'spencer1984-vm'")
    if row["design"] not in DESIGNS:
        raise ValueError(f"{where}: design {row['design']!r} is not one of {', '.join(DESIGNS)}")
    if row["joint"] not in JOINTS:
        raise ValueError(f"{where}: joint {row['joint']!r} is not one of {', '.join(JOINTS)}")
    if row["direction"] not in DIRECTIONS:
        raise ValueError(f"{where}: direction {row['direction']!r} is not one of {', '.join(DIRECTIONS)}")
    if row["verified_from"] not in VERIFIED_FROM:
        raise ValueError(f"{where}: verified_from {row['verified_from']!r} is not one of {', '.join(VERIFIED_FROM)}")
    if not row["doi"] and not row["pubmed_url"]:
        raise ValueError(f"{where}: needs a doi or a pubmed_url")
    if row["doi"] and not _DOI.match(row["doi"]):
        raise ValueError(f"{where}: doi {row['doi']!r} must look like 10.xxxx/... (no https://doi.org/ prefix)")
    if row["pubmed_url"] and not _PUBMED.match(row["pubmed_url"]):
        raise ValueError(f"{where}: pubmed_url {row['pubmed_url']!r} must be https://pubmed.ncbi.nlm.nih.gov/<PMID>/ "
                         "or https://pmc.ncbi.nlm.nih.gov/articles/PMC<id>/")
    for col in ("citation", "study", "population", "condition", "muscle", "outcome", "result", "verified_at"):
        if not row[col].strip():
            raise ValueError(f"{where}: {col} is empty")
    for col in NUMERIC:
        row[col] = _number(row[col], where, col)
    if row["year"] is None or not 1900 <= row["year"] <= 2100 or row["year"] != int(row["year"]):
        raise ValueError(f"{where}: year {raw['year']!r} must be a four-digit year")
    row["year"] = int(row["year"])
    groups = [g for g in row["n_per_group"].split(";") if g.strip()]
    try:
        row["n_per_group"] = [int(g) for g in groups]
    except ValueError:
        raise ValueError(f"{where}: n_per_group {raw['n_per_group']!r} must be whole numbers separated by ';'") from None
    if any(g <= 0 for g in row["n_per_group"]):
        raise ValueError(f"{where}: n_per_group {raw['n_per_group']!r} must be positive")
    if row["n_total"] is not None:
        if row["n_total"] <= 0 or row["n_total"] != int(row["n_total"]):
            raise ValueError(f"{where}: n_total {raw['n_total']!r} must be a positive whole number")
        row["n_total"] = int(row["n_total"])
        if row["n_per_group"] and sum(row["n_per_group"]) != row["n_total"]:
            raise ValueError(f"{where}: n_per_group {raw['n_per_group']!r} does not add up to n_total {row['n_total']}")
    elif row["n_per_group"]:
        raise ValueError(f"{where}: n_per_group given but n_total empty")
    if row["value"] is None and (row["value_sd"] is not None or row["unit"]):
        raise ValueError(f"{where}: value_sd or unit given without a value")
    if row["value"] is not None and not row["unit"]:
        raise ValueError(f"{where}: value {row['value']} needs a unit")
    for col in ("value_sd", "time_min", "volume_ml"):
        if row[col] is not None and row[col] < 0:
            raise ValueError(f"{where}: {col}={row[col]} must not be negative")
    return row


@lru_cache(maxsize=None)
def _evidence() -> tuple:
    rows = [parse_evidence_row(dict(r), n) for n, r in enumerate(read_table("evidence.csv"), start=2)]
    seen = set()
    for row in rows:
        if row["id"] in seen:
            raise ValueError(f"evidence.csv: duplicate id {row['id']!r}")
        seen.add(row["id"])
    return tuple(rows)


def load_evidence() -> list[dict]:
    """Every row of evidence.csv, checked (raises ValueError naming the row and the problem)."""
    return [dict(r) for r in _evidence()]


def evidence_by_id(ids=None) -> "OrderedDict[str, dict]":
    """Rows by id, in table order; with ``ids``, only those (unknown ids raise ValueError)."""
    table = OrderedDict((r["id"], r) for r in load_evidence())
    if ids is None:
        return table
    missing = [i for i in ids if i not in table]
    if missing:
        raise ValueError(f"unknown evidence id(s) {missing}; see widgets/data/evidence.csv")
    return OrderedDict((i, table[i]) for i in ids)


def load_links() -> list[dict]:
    """claim_evidence.csv, checked: every claim is in the ledger, every finding in evidence.csv."""
    evidence = evidence_by_id()
    ledger = {r["id"] for r in claims_ledger.load_claims()}
    rows, seen = [], set()
    for n, raw in enumerate(read_table("claim_evidence.csv"), start=2):
        where = f"claim_evidence.csv line {n}"
        if tuple(raw) != LINK_COLUMNS:
            raise ValueError(f"claim_evidence.csv columns must be {', '.join(LINK_COLUMNS)}; got {', '.join(raw)}")
        if raw["claim_id"] not in ledger:
            raise ValueError(f"{where}: claim_id {raw['claim_id']!r} is not in claims.csv")
        if raw["evidence_id"] not in evidence:
            raise ValueError(f"{where}: evidence_id {raw['evidence_id']!r} is not in evidence.csv")
        if raw["role"] not in ROLES:
            raise ValueError(f"{where}: role {raw['role']!r} is not one of {', '.join(ROLES)}")
        key = (raw["claim_id"], raw["evidence_id"])
        if key in seen:
            raise ValueError(f"{where}: {key} listed twice")
        seen.add(key)
        rows.append(dict(raw))
    return rows


def bibliography_entries(text: str) -> dict[str, dict]:
    """``{key: {field: value}}`` from BibTeX text (enough for doi/url checks; not a full parser)."""
    out = {}
    starts = [(m.start(), m.group(1)) for m in _BIBKEY.finditer(text)]
    for i, (pos, key) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        body = text[pos:end]
        fields = {m.group(1).lower(): m.group(2).strip()
                  for m in re.finditer(r"^\s*(\w+)\s*=\s*\{(.*)\},?\s*$", body, flags=re.M)}
        out[key] = fields
    return out


# --------------------------------------------------------------------------- per claim
def studies_for_claim(claim_id: str) -> list[dict]:
    """The studies behind one claim: findings grouped by citation, in table order.

    ``n`` is the largest sample of any one linked finding of that study (the same
    participants often give several findings); ``roles`` the ways its findings bear on the
    claim, strongest first."""
    links = [l for l in load_links() if l["claim_id"] == claim_id]
    if not links and claim_id not in {r["id"] for r in claims_ledger.load_claims()}:
        raise ValueError(f"unknown claim id {claim_id!r}")
    evidence = evidence_by_id()
    studies: "OrderedDict[str, dict]" = OrderedDict()
    for link in links:
        row = evidence[link["evidence_id"]]
        s = studies.setdefault(row["citation"], dict(
            citation=row["citation"], study=row["study"], year=row["year"], design=row["design"], joint=row["joint"],
            n=None, roles=[], findings=[]))
        if row["n_total"] is not None:
            s["n"] = max(s["n"] or 0, row["n_total"])
        if link["role"] not in s["roles"]:
            s["roles"].append(link["role"])
        s["findings"].append(row)
    for s in studies.values():
        s["roles"].sort(key=list(ROLES).index)
    return list(studies.values())


def claim_summary(claim_ids) -> list[dict]:
    """For each claim: studies, designs counted, largest sample, and how many support it."""
    out = []
    for cid in claim_ids:
        studies = studies_for_claim(cid)
        designs = OrderedDict((d, 0) for d in DESIGNS)
        for s in studies:
            designs[s["design"]] += 1
        out.append(dict(
            claim_id=cid,
            studies=len(studies),
            designs={d: k for d, k in designs.items() if k},
            largest_n=max((s["n"] for s in studies if s["n"] is not None), default=None),
            supporting=sum(s["roles"][0] == "supports" for s in studies),
            hip_studies=sum(s["joint"] == "hip" for s in studies),
        ))
    return out


def percent_of_reference(row: dict) -> float | None:
    """A finding's value as a percentage of its reported reference (computed here, not reported)."""
    if row["value"] is None or not row["reference_value"]:
        return None
    return 100.0 * row["value"] / row["reference_value"]


# --------------------------------------------------------------------------- tables
def _link(row: dict) -> str:
    if row["doi"]:
        return f"[doi]({'https://doi.org/' + row['doi']})"
    return f"[PubMed]({row['pubmed_url']})"


def evidence_markdown(ids, columns=("condition", "muscle", "result")) -> str:
    """A MyST table of some findings, each with its citation role and link (rendered at build)."""
    names = {"condition": "Condition", "muscle": "Muscle", "result": "What was found (as reported)",
             "design": "Design", "n_total": "n", "outcome": "Measured", "population": "Who"}
    head = ["Study"] + [names.get(c, c) for c in columns] + ["Link"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in evidence_by_id(ids).values():
        cells = ["{cite:p}`" + row["citation"] + "`"]
        for c in columns:
            v = row[c]
            cells.append(_cell(str("not reported" if v is None else (int(v) if isinstance(v, float) and v.is_integer() else v))))
        cells.append(_link(row))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def claim_summary_markdown(claim_ids) -> str:
    """Per claim: number of studies, their designs and the largest sample, as a MyST table."""
    rows = {r["id"]: r for r in claims_ledger.load_claims()}
    lines = ["| Claim | Verdict | Studies | Designs | Largest sample | Hip studies |", "|---|---|---|---|---|---|"]
    for s in claim_summary(claim_ids):
        r = rows[s["claim_id"]]
        designs = ", ".join(f"{k} {d}" for d, k in s["designs"].items()) or "none"
        largest = "—" if s["largest_n"] is None else str(s["largest_n"])
        lines.append(f"| {_cell(r['claim'])} | {claims_ledger.VERDICT_LABELS[r['verdict']]} | {s['studies']} | "
                     f"{designs} | {largest} | {s['hip_studies']} |")
    return "\n".join(lines)


# --------------------------------------------------------------------------- figures
_LAYOUT = dict(template="simple_white", font=FONT, hovermode="closest")
_MUSCLE_STYLE = OrderedDict([  # colour AND marker AND dash per muscle
    ("vastus medialis", (OKABE_ITO[0], "circle", "solid")),
    ("vastus lateralis", (OKABE_ITO[1], "square", "dash")),
    ("rectus femoris", (OKABE_ITO[2], "diamond", "dot")),
])


def make_volume_figure(height: int = 600) -> go.Figure:
    """Quadriceps inhibition against the volume of fluid injected into the knee.

    Top: findings with a number (reflex as % of the value before injection); bottom: findings
    that reported only the direction, at the volume used. A menu shows one muscle or all."""
    rows = [r for r in load_evidence()
            if r["joint"] == "knee" and r["volume_ml"] is not None and r["direction"] != "no change"]
    if not rows:
        raise ValueError("evidence.csv has no knee findings with an injected volume")
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.68, 0.32], vertical_spacing=0.08)
    muscles_of = []  # for the menu: which muscles each trace belongs to

    def muscles_in(text):
        return [m for m in _MUSCLE_STYLE if m in text] or list(_MUSCLE_STYLE)

    # one number per study and muscle: the first time point where a study measured several
    first = {}
    for r in rows:
        if percent_of_reference(r) is not None and r["muscle"] in _MUSCLE_STYLE:
            key = (r["citation"], r["muscle"], r["volume_ml"])
            if key not in first or (r["time_min"] or 0) < (first[key]["time_min"] or 0):
                first[key] = r
    numeric = list(first.values())
    for muscle, (colour, symbol, _) in _MUSCLE_STYLE.items():
        pts = [r for r in numeric if r["muscle"] == muscle]
        if not pts:
            continue
        pct = [percent_of_reference(r) for r in pts]
        sd = [(100.0 * r["value_sd"] / r["reference_value"]) if r["value_sd"] is not None and r["unit"].startswith("%")
              else None for r in pts]
        fig.add_trace(go.Scatter(
            x=[r["volume_ml"] for r in pts], y=pct, mode="markers", name=muscle,
            marker=dict(symbol=symbol, size=13, color=colour, line=dict(width=1.5, color="#222222")),
            error_y=dict(type="data", array=[s or 0 for s in sd], visible=any(s is not None for s in sd),
                         color=colour, thickness=2, width=6),
            customdata=[[r["study"], r["year"], r["n_total"], r["result"],
                         "as reported" if r["unit"].startswith("%") else "computed by the course from the reported means",
                         "" if r["time_min"] is None else f", {r['time_min']:g} min after injection"]
                        for r in pts],
            hovertemplate=("<b>%{customdata[0]}</b>, n = %{customdata[2]}<br>"
                           "%{x} ml: %{y:.1f}% of the value before injection (%{customdata[4]})%{customdata[5]}"
                           "<br>%{customdata[3]}<extra></extra>"),
        ), row=1, col=1)
        muscles_of.append([muscle])
    direction_only = [r for r in rows if percent_of_reference(r) is None and r["direction"] == "decrease"]
    by_study = OrderedDict()
    for r in direction_only:
        by_study.setdefault(r["citation"], []).append(r)
    for citation, pts in by_study.items():
        ms = sorted({m for r in pts for m in muscles_in(r["muscle"])}, key=list(_MUSCLE_STYLE).index)
        fig.add_trace(go.Scatter(
            x=[r["volume_ml"] for r in pts], y=[f"{pts[0]['study']} (n = {pts[0]['n_total'] or '?'})"] * len(pts),
            mode="markers", name=f"{pts[0]['study']}: lower, no % reported",
            marker=dict(symbol="triangle-down-open", size=14, color="#444444", line=dict(width=2)),
            customdata=[[r["muscle"], r["condition"], r["result"]] for r in pts],
            hovertemplate="<b>%{y}</b> at %{x} ml<br>%{customdata[0]}<br>%{customdata[2]}<extra></extra>",
            showlegend=True,
        ), row=2, col=1)
        muscles_of.append(ms)
    fig.add_hline(y=100, line=dict(color="#555555", dash="dot", width=1.5), row=1, col=1)
    n = len(fig.data)
    buttons = [dict(label="All muscles", method="restyle", args=[{"visible": [True] * n}])]
    for muscle in _MUSCLE_STYLE:
        buttons.append(dict(label=muscle.capitalize(), method="restyle",
                            args=[{"visible": [muscle in ms for ms in muscles_of]}]))
    fig.update_layout(
        **_LAYOUT, height=height, margin=dict(l=90, r=20, t=110, b=150),
        title=dict(text="Knee effusion and quadriceps reflexes<br><sup>published values; the dotted line is the value before injection</sup>",
                   x=0.01, xanchor="left", y=0.97, yanchor="top"),
        legend=dict(orientation="h", yanchor="top", y=-0.18, x=0),
        updatemenus=[dict(type="dropdown", buttons=buttons, active=0, x=0, xanchor="left", y=1.02,
                          yanchor="bottom", bgcolor="#f2f2f2", bordercolor="#555555", font=dict(size=13))],
    )
    fig.update_yaxes(title_text="reflex, % of before", range=[0, 110], dtick=20, row=1, col=1)
    fig.update_yaxes(title_text="", automargin=True, row=2, col=1)
    fig.update_xaxes(title_text="fluid injected into the knee (ml)", range=[0, 65], dtick=10, row=2, col=1)
    set_alt_text(fig, "Dot chart of published quadriceps reflex sizes after saline was injected into healthy knees. "
                 + "; ".join(f"{r['muscle']} {percent_of_reference(r):.0f}% of the pre-injection value at "
                             f"{r['volume_ml']:g} ml ({r['study']})" for r in numeric)
                 + ". Below, studies that reported only a decrease: "
                 + "; ".join(f"{r['study']} at {r['volume_ml']:g} ml" for r in direction_only) + ".")
    return fig


def make_time_course_figure(citation: str = "hopkins2001effect", height: int = 480) -> go.Figure:
    """Reflex size over time after one injection, % of the value before it, one line per muscle."""
    rows = [r for r in load_evidence() if r["citation"] == citation and r["time_min"] is not None
            and percent_of_reference(r) is not None]
    if not rows:
        raise ValueError(f"evidence.csv has no time course for citation {citation!r}")
    muscles = list(OrderedDict.fromkeys(r["muscle"] for r in rows))
    styles = [(OKABE_ITO[0], "circle", "solid"), (OKABE_ITO[1], "square", "dash"), (OKABE_ITO[2], "diamond", "dot")]
    fig = go.Figure()
    for i, muscle in enumerate(muscles):
        pts = sorted((r for r in rows if r["muscle"] == muscle), key=lambda r: r["time_min"])
        colour, symbol, dash = styles[i % len(styles)]
        word = "inhibited" if pts[0]["direction"] == "decrease" else "facilitated"
        fig.add_trace(go.Scatter(
            x=[0] + [r["time_min"] for r in pts], y=[100.0] + [percent_of_reference(r) for r in pts],
            mode="lines+markers", name=f"{muscle} ({word})",
            line=dict(color=colour, dash=dash, width=3), marker=dict(symbol=symbol, size=11, color=colour),
            customdata=[["before the injection (reference)"]] + [[r["result"]] for r in pts],
            hovertemplate=f"<b>{muscle}</b><br>%{{x}} min: %{{y:.0f}}% of before<br>%{{customdata[0]}}<extra></extra>",
        ))
    fig.add_hline(y=100, line=dict(color="#555555", dash="dot", width=1.5))
    first = rows[0]
    fig.update_layout(
        **_LAYOUT, height=height, margin=dict(l=80, r=20, t=90, b=120),
        title=dict(text=f"After one {first['volume_ml']:g} ml injection into the knee<br><sup>"
                        f"{first['study']}, n = {first['n_total']}; % computed by the course from the reported mean reflex sizes</sup>",
                   x=0.01, xanchor="left"),
        legend=dict(orientation="h", yanchor="top", y=-0.25, x=0),
        xaxis=dict(title="minutes after the injection", dtick=30, range=[-5, 220]),
        yaxis=dict(title="H-reflex, % of before", range=[50, 150], dtick=25),
    )
    set_alt_text(fig, "Line chart of H-reflex size over about three and a half hours after fluid was injected into "
                 "the knee, as a percentage of the size before. " + "; ".join(
                     f"{m}: " + ", ".join(f"{percent_of_reference(r):.0f}% at {r['time_min']:g} min"
                                          for r in sorted((r for r in rows if r["muscle"] == m), key=lambda r: r["time_min"]))
                     for m in muscles) + ".")
    return fig


def make_evidence_quality_figure(claim_ids, height: int | None = None) -> go.Figure:
    """One row per claim, one marker per study: x = sample size (log), marker shape and colour
    = design, fill = how the study bears on the claim. Thin support is visible at a glance."""
    claim_ids = list(claim_ids)
    rows = {r["id"]: r for r in claims_ledger.load_claims()}
    unknown = [c for c in claim_ids if c not in rows]
    if unknown:
        raise ValueError(f"unknown claim id(s) {unknown}")
    fig = go.Figure()
    labels = {}
    for cid in claim_ids:
        text = rows[cid]["claim"]
        short = text if len(text) <= 46 else text[:44].rsplit(" ", 1)[0] + " …"
        labels[cid] = f"{short}<br><sup>{claims_ledger.VERDICT_LABELS[rows[cid]['verdict']]}</sup>"
    points = {d: dict(x=[], y=[], symbol=[], text=[]) for d in DESIGNS}
    for k, cid in enumerate(claim_ids):
        studies = studies_for_claim(cid)
        for j, s in enumerate(studies):
            p = points[s["design"]]
            x = s["n"] if s["n"] is not None else 2
            p["x"].append(x)
            p["y"].append(k + (j - (len(studies) - 1) / 2) * min(0.12, 0.6 / max(len(studies), 1)))
            p["symbol"].append(DESIGNS[s["design"]][0] + ROLES[s["roles"][0]][0])
            n_text = "sample size not reported in what was seen" if s["n"] is None else f"n = {s['n']}"
            p["text"].append(
                f"<b>{s['study']}</b> ({s['joint']})<br>{s['design']}, {n_text}<br>"
                + ", ".join(ROLES[r][1] for r in s["roles"]) + "<br>"
                + "<br>".join(_wrap(f["result"]) for f in s["findings"][:2]))
    for design, p in points.items():
        if not p["x"]:
            continue
        symbol, colour = DESIGNS[design]
        fig.add_trace(go.Scatter(
            x=p["x"], y=p["y"], mode="markers", name=design,
            marker=dict(symbol=p["symbol"], size=16, color=colour, line=dict(width=2, color=colour)),
            text=p["text"], hovertemplate="%{text}<extra></extra>",
        ))
    for role, (suffix, words) in ROLES.items():  # legend key for the fill
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=words,
                                 marker=dict(symbol="circle" + suffix, size=14, color="#444444", line=dict(width=2)),
                                 hoverinfo="skip"))
    fig.update_layout(
        **_LAYOUT, height=height or 190 + 85 * len(claim_ids), margin=dict(l=330, r=30, t=70, b=170),
        title=dict(text="How much evidence is behind each claim?<br><sup>one marker per study; sample size on a log scale</sup>",
                   x=0.01, xanchor="left"),
        legend=dict(orientation="h", xref="container", yref="container", x=0.01, y=0.01, yanchor="bottom"),
        xaxis=dict(type="log", title="participants (largest group; ? = not reported)",
                   range=[math.log10(1.5), math.log10(800)], tickvals=[2, 5, 10, 20, 50, 100, 200, 500],
                   ticktext=["?", "5", "10", "20", "50", "100", "200", "500"], showgrid=True, gridcolor="#e5e5e5"),
        yaxis=dict(tickvals=list(range(len(claim_ids))), ticktext=[labels[c] for c in claim_ids],
                   range=[len(claim_ids) - 0.5, -0.5], showgrid=True, gridcolor="#e5e5e5", zeroline=False),
    )
    summary = claim_summary(claim_ids)
    set_alt_text(fig, "Dot plot of the studies behind each claim, by sample size and design. " + " ".join(
        f"{rows[s['claim_id']]['claim']} ({rows[s['claim_id']]['verdict']}): {s['studies']} "
        f"stud{'y' if s['studies'] == 1 else 'ies'}"
        + (f" ({', '.join(f'{k} {d}' for d, k in s['designs'].items())})" if s["designs"] else "")
        + f", {s['supporting']} supporting." for s in summary))
    return fig


def _wrap(text: str, width: int = 70) -> str:
    return "<br>".join(escape(line) for line in textwrap.wrap(text, width))


# --------------------------------------------------------------------------- pathway diagram
#: Boxes of the diagram: id -> (x, y, w, h, lines of text). Units: SVG user units.
_BOXES = OrderedDict([
    ("joint", (20, 150, 170, 96, ["Injured or irritated", "joint: swelling,", "inflammation, pain"])),
    ("afferents", (230, 150, 180, 96, ["Joint receptors", "(capsule, ligaments)", "fire differently"])),
    ("ib", (460, 20, 250, 58, ["Group I non-reciprocal", "(Ib) inhibition"])),
    ("flexion", (460, 98, 250, 58, ["Flexion reflex: flexors", "excited, extensors inhibited"])),
    ("gamma", (460, 176, 250, 58, ["Gamma loop: less drive", "from muscle spindles"])),
    ("cortex", (460, 254, 250, 58, ["Supraspinal changes", "(motor areas of the brain)"])),
    ("motoneurons", (760, 130, 190, 136, ["Motoneurons of the", "muscle (quadriceps;", "gluteus maximus?)", "→ less voluntary", "activation"])),
])
_ARROWS = [  # (from, to, kind) kind: "signal" (arrowhead) or "inhibit" (flat bar end)
    ("joint", "afferents", "signal"), ("afferents", "ib", "signal"), ("afferents", "flexion", "signal"),
    ("afferents", "gamma", "signal"), ("afferents", "cortex", "signal"),
    ("ib", "motoneurons", "inhibit"), ("flexion", "motoneurons", "inhibit"),
    ("gamma", "motoneurons", "inhibit"), ("cortex", "motoneurons", "inhibit"),
]
PATHWAY_ALT = (
    "Diagram of the proposed pathways of arthrogenic muscle inhibition. An injured, swollen or painful "
    "joint changes the firing of receptors in its capsule and ligaments. These signals reach the "
    "muscle's motoneurons through four routes: group I non-reciprocal (Ib) inhibition, the flexion "
    "reflex (which excites flexors and inhibits extensors), a less active gamma loop (less drive from "
    "muscle spindles) and changes above the spinal cord, in the motor areas of the brain. All four "
    "reduce how fully the muscle can be activated voluntarily. Draining the fluid or numbing the joint "
    "removes the input at the start of the chain."
)


def pathway_svg(uid: str = "ami-pathways") -> str:
    """The pathway diagram as inline SVG (drawn by the course; no image file, no network).

    Arrows that carry a signal end in an arrowhead (blue, solid); arrows that inhibit end in a
    flat bar (vermillion, dashed), so colour is never the only cue. Drawn on its own white
    panel, so it reads the same in light and dark mode."""
    if not re.match(r"^[a-z][a-z0-9-]*$", uid):
        raise ValueError(f"uid={uid!r} must be a lower-case identifier (letters, digits, '-')")
    blue, red = OKABE_ITO[0], OKABE_ITO[1]
    W, H = 970, 380
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="100%" role="img" '
        f'aria-labelledby="{uid}-title {uid}-desc" style="max-width:{W}px;background:#ffffff;'
        f'font-family:Arial,Helvetica,sans-serif">',
        f'<title id="{uid}-title">Proposed pathways of arthrogenic muscle inhibition</title>',
        f'<desc id="{uid}-desc">{escape(PATHWAY_ALT)}</desc>',
        "<defs>",
        f'<marker id="{uid}-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" '
        f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{blue}"/></marker>',
        f'<marker id="{uid}-bar" viewBox="0 0 4 12" refX="3" refY="6" markerWidth="4" markerHeight="12" '
        f'orient="auto"><rect x="0" y="0" width="4" height="12" fill="{red}"/></marker>',
        "</defs>",
        f'<rect x="0" y="0" width="{W}" height="{H}" fill="#ffffff"/>',
    ]

    def anchor(box, side):
        x, y, w, h, _ = _BOXES[box]
        return (x + w, y + h / 2) if side == "right" else (x, y + h / 2)

    into = {b: [a for a, bb, _ in _ARROWS if bb == b] for _, b, _ in _ARROWS}
    for a, b, kind in _ARROWS:
        x1, y1 = anchor(a, "right")
        x2, y2 = anchor(b, "left")
        if len(into[b]) > 1:  # spread arrow ends along the target's edge
            _, by, _, bh, _ = _BOXES[b]
            y2 = by + bh * (into[b].index(a) + 1) / (len(into[b]) + 1)
        if kind == "signal":
            style = f'stroke="{blue}" stroke-width="2.5" marker-end="url(#{uid}-head)"'
        else:
            style = f'stroke="{red}" stroke-width="2.5" stroke-dasharray="7 5" marker-end="url(#{uid}-bar)"'
        parts.append(f'<line x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2 - 4:.0f}" y2="{y2:.0f}" {style}/>')
    for box, (x, y, w, h, lines) in _BOXES.items():
        parts.append(f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="8" fill="#f3f6fa" stroke="#333333" stroke-width="1.5"/>')
        y0 = y + h / 2 - (len(lines) - 1) * 9
        for i, line in enumerate(lines):
            parts.append(f'<text x="{x + w / 2:.0f}" y="{y0 + i * 18 + 5:.0f}" text-anchor="middle" '
                         f'font-size="15" fill="#111111">{escape(line)}</text>')
    # removing the input: drawn under the first two boxes
    parts += [
        f'<line x1="105" y1="325" x2="105" y2="{150 + 96 + 6}" stroke="{red}" stroke-width="2.5" '
        f'stroke-dasharray="7 5" marker-end="url(#{uid}-bar)"/>',
        f'<text x="20" y="348" font-size="15" fill="#111111">Drain the fluid or numb the joint:</text>',
        f'<text x="20" y="368" font-size="15" fill="#111111">the input, and much of the inhibition, falls</text>',
        # key
        f'<line x1="560" y1="345" x2="610" y2="345" stroke="{blue}" stroke-width="2.5" marker-end="url(#{uid}-head)"/>',
        f'<text x="618" y="350" font-size="14" fill="#111111">signal</text>',
        f'<line x1="700" y1="345" x2="750" y2="345" stroke="{red}" stroke-width="2.5" stroke-dasharray="7 5" '
        f'marker-end="url(#{uid}-bar)"/>',
        f'<text x="758" y="350" font-size="14" fill="#111111">inhibits / reduces</text>',
        "</svg>",
    ]
    return "\n".join(parts)
