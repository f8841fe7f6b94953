"""Chapter 3's evidence table (widgets/data/evidence.csv), its links to the claims ledger,
and the figures drawn from them."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from widgets import claims
from widgets import inhibition as inh

ROOT = Path(__file__).resolve().parents[2]
ROWS = inh.load_evidence()
BIB = inh.bibliography_entries((ROOT / "assets" / "references.bib").read_text(encoding="utf-8"))
CHAPTER_CLAIMS = [r["id"] for r in claims.rows_for(chapter="book/inhibition")]


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_every_row_has_a_doi_or_pubmed_link_and_a_matching_bib_entry(row):
    assert row["doi"] or row["pubmed_url"]
    assert row["citation"] in BIB, f"{row['id']}: {row['citation']} not in assets/references.bib"
    entry = BIB[row["citation"]]
    if row["doi"] and "doi" in entry:
        assert entry["doi"].lower() == row["doi"].lower(), f"{row['id']}: DOI differs from the bibliography"
    assert entry.get("year") == str(row["year"]), f"{row['id']}: year differs from the bibliography"
    assert row["verified_at"].startswith("http"), "where the row was checked must be an address"
    surnames = [name.split(",")[0].strip() for name in entry["author"].split(" and ")]
    first = surnames[0].replace('{\\"u}', "ü").strip("{}")
    who = first if len(surnames) == 1 else (f"{first} and {surnames[1]}" if len(surnames) == 2 else f"{first} et al.")
    assert row["study"] == f"{who} {row['year']}", f"{row['id']}: study label should be {who} {row['year']}"


def test_numeric_fields_are_numbers_and_consistent():
    for row in ROWS:
        for col in inh.NUMERIC:
            assert row[col] is None or (isinstance(row[col], (int, float)) and math.isfinite(row[col])), (row["id"], col)
        if row["n_per_group"]:
            assert sum(row["n_per_group"]) == row["n_total"], row["id"]
        if row["value"] is not None and row["unit"].startswith("%") and row["reference_value"] == 100:
            assert 0 < row["value"] < 200, row["id"]


def test_designs_joints_and_directions_come_from_fixed_vocabularies():
    assert {r["design"] for r in ROWS} <= set(inh.DESIGNS)
    assert {r["joint"] for r in ROWS} <= set(inh.JOINTS)
    assert {r["direction"] for r in ROWS} <= set(inh.DIRECTIONS)
    assert len({r["id"] for r in ROWS}) == len(ROWS)


def _reject(monkeypatch, **change):
    raw = {c: "" for c in inh.EVIDENCE_COLUMNS}
    good = dict(next(r for r in inh.read_table("evidence.csv") if r["id"] == "spencer1984-vm"))
    raw.update(good)
    raw.update(change)
    monkeypatch.setattr(inh, "read_table", lambda name: (raw,))
    inh._evidence.cache_clear()
    try:
        with pytest.raises(ValueError) as err:
            inh.load_evidence()
    finally:
        inh._evidence.cache_clear()
    return str(err.value)


@pytest.mark.parametrize("change, word", [
    (dict(design="anecdote"), "design"),
    (dict(joint="elbow"), "joint"),
    (dict(doi="", pubmed_url=""), "doi or a pubmed_url"),
    (dict(doi="https://doi.org/10.1/x"), "doi"),
    (dict(pubmed_url="https://example.org/123"), "pubmed_url"),
    (dict(value="about 50"), "value"),
    (dict(n_total="ten"), "n_total"),
    (dict(n_per_group="6;6", n_total="10"), "add up"),
    (dict(year="84"), "year"),
    (dict(direction="sideways"), "direction"),
    (dict(verified_from="memory"), "verified_from"),
    (dict(result=""), "result"),
    (dict(id="Spencer 1984"), "slug"),
])
def test_bad_rows_are_rejected_with_the_column_named(monkeypatch, change, word):
    message = _reject(monkeypatch, **change)
    assert word in message and "evidence.csv line 2" in message


def test_links_point_only_at_rows_and_claims_that_exist():
    links = inh.load_links()
    ids = {r["id"] for r in ROWS}
    ledger = {r["id"] for r in claims.load_claims()}
    assert links and all(l["evidence_id"] in ids and l["claim_id"] in ledger for l in links)
    assert set(CHAPTER_CLAIMS) <= {l["claim_id"] for l in links}, "every chapter claim needs evidence links"


@pytest.mark.parametrize("column, value, word", [
    ("evidence_id", "nobody2020-x", "not in evidence.csv"),
    ("claim_id", "no-such-claim", "not in claims.csv"),
    ("role", "maybe", "role"),
])
def test_broken_links_are_rejected(monkeypatch, column, value, word):
    bad = {"claim_id": CHAPTER_CLAIMS[0], "evidence_id": ROWS[0]["id"], "role": "supports", column: value}
    real = inh.read_table
    monkeypatch.setattr(inh, "read_table", lambda name: (bad,) if name == "claim_evidence.csv" else real(name))
    with pytest.raises(ValueError, match=word):
        inh.load_links()


def test_chapter_claims_cite_only_bibliography_keys_and_have_seed_files():
    seeds = ROOT.parent / "shared" / "seeds"
    for row in claims.rows_for(chapter="book/inhibition"):
        assert set(claims.citation_keys(row)) <= set(BIB), row["id"]
    if not seeds.is_dir():
        pytest.skip(f"seed documents not found at {seeds} (they live beside the repository, in shared/)")
    for row in claims.rows_for(chapter="book/inhibition"):
        assert (seeds / row["seed"]).is_file(), row["seed"]


def test_verdicts_follow_the_evidence():
    """A claim is 'supported' only with a supporting study; hip claims are judged on hip data."""
    verdict = {r["id"]: r["verdict"] for r in claims.load_claims()}
    for s in inh.claim_summary(CHAPTER_CLAIMS):
        if verdict[s["claim_id"]] in ("supported", "partly supported"):
            assert s["supporting"] >= 1, s
        if verdict[s["claim_id"]] == "supported":
            assert s["studies"] >= 2, s
    # the seed's misreading: Freeman 2013 distended the hip, not the knee
    freeman = inh.studies_for_claim("freeman-study-induced-knee-pain")
    assert [s["joint"] for s in freeman] == ["hip"] and verdict["freeman-study-induced-knee-pain"] == "not supported"


def test_studies_group_findings_by_citation():
    studies = inh.studies_for_claim("inhibition-outlasts-pain")
    hart = next(s for s in studies if s["citation"] == "hart2010quadriceps")
    assert len(hart["findings"]) == 3 and hart["n"] == max(f["n_total"] for f in hart["findings"])
    assert len({s["citation"] for s in studies}) == len(studies)
    with pytest.raises(ValueError, match="unknown claim"):
        inh.studies_for_claim("no-such-claim")


def test_volume_figure_shows_the_tables_numbers():
    fig = inh.make_volume_figure()
    top = [t for t in fig.data if t.yaxis in (None, "y")]
    plotted = sorted((x, round(y, 4)) for t in top for x, y in zip(t.x, t.y))
    spencer = [(60, r["value"]) for r in ROWS if r["citation"] == "spencer1984knee" and r["value"] is not None]
    hopkins = (30, round(100 * 4.23 / 5.88, 4))  # first time point only, as % of before
    assert plotted == sorted(spencer + [hopkins])
    assert not any("soleus" in t.name for t in fig.data), "only quadriceps findings belong here"
    bottom = {str(y) for t in fig.data if t.yaxis == "y2" for y in t.y}
    assert any("Torry et al. 2005" in y for y in bottom) and any("Palmieri-Smith et al. 2007" in y for y in bottom)
    # the menu switches muscles; each muscle has its own marker, not only its own colour
    buttons = fig.layout.updatemenus[0].buttons
    assert [b.label for b in buttons][0] == "All muscles" and len(buttons) == 4
    assert len({t.marker.symbol for t in top}) == len(top)
    assert fig.layout.meta["alt"]


def test_time_course_is_percent_of_the_pre_injection_value():
    fig = inh.make_time_course_figure()
    vm = next(t for t in fig.data if t.name.startswith("vastus medialis"))
    assert list(vm.x) == [0, 30, 90, 150, 210] and vm.y[0] == 100
    assert vm.y[1] == pytest.approx(100 * 4.23 / 5.88)
    assert all(y < 100 for y in vm.y[1:])
    soleus = next(t for t in fig.data if t.name.startswith("soleus"))
    assert all(y > 100 for y in soleus.y[1:])
    assert vm.line.dash != soleus.line.dash and vm.marker.symbol != soleus.marker.symbol
    with pytest.raises(ValueError, match="no time course"):
        inh.make_time_course_figure("nobody2020")


def test_evidence_quality_figure_has_one_marker_per_study_with_design_shape_and_colour():
    fig = inh.make_evidence_quality_figure(CHAPTER_CLAIMS)
    markers = [(t.name, s, y) for t in fig.data if t.x and t.x[0] is not None for s, y in zip(t.marker.symbol, t.y)]
    assert len(markers) == sum(len(inh.studies_for_claim(c)) for c in CHAPTER_CLAIMS)
    for t in fig.data:
        if t.name in inh.DESIGNS:
            shape, colour = inh.DESIGNS[t.name]
            assert t.marker.color == colour
            assert all(re.sub(r"-open(-dot)?$", "", s) == shape for s in t.marker.symbol)
    shapes = {v[0] for v in inh.DESIGNS.values()}
    colours = {v[1] for v in inh.DESIGNS.values()}
    assert len(shapes) == len(colours) == len(inh.DESIGNS), "each design needs its own shape and colour"
    assert [str(l).split("<br>")[0][:20] for l in fig.layout.yaxis.ticktext][0].startswith("Hip pain")
    assert "stud" in fig.layout.meta["alt"]
    with pytest.raises(ValueError, match="unknown claim"):
        inh.make_evidence_quality_figure(["no-such-claim"])


def test_tables_cite_and_link_each_finding():
    md = inh.evidence_markdown(["fahrer1988-aspiration", "spencer1984-lidocaine"])
    assert md.count("{cite:p}`fahrer1988knee`") == 1 and "https://doi.org/10.1302" in md
    assert "https://pubmed.ncbi.nlm.nih.gov/6712434/" in md
    with pytest.raises(ValueError, match="unknown evidence id"):
        inh.evidence_markdown(["nobody2020-x"])
    summary = inh.claim_summary_markdown(CHAPTER_CLAIMS)
    assert summary.count("\n") == len(CHAPTER_CLAIMS) + 1


def test_pathway_diagram_is_accessible_and_uses_two_channels():
    svg = inh.pathway_svg("t1")
    assert svg.startswith("<svg") and 'role="img"' in svg and 'aria-labelledby="t1-title t1-desc"' in svg
    assert '<title id="t1-title">' in svg and "<desc" in svg
    for word in ("non-reciprocal", "Flexion reflex", "Gamma loop", "Supraspinal"):
        assert word in svg
    # inhibitory arrows differ from signalling arrows in dash AND marker, not only colour
    assert 'stroke-dasharray="7 5" marker-end="url(#t1-bar)"' in svg and 'marker-end="url(#t1-head)"' in svg
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")  # nothing loaded from elsewhere
    with pytest.raises(ValueError, match="uid"):
        inh.pathway_svg("bad id")
