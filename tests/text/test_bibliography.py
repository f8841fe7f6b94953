"""Every bibliography entry is complete, or says exactly what could not be verified.

A reader must be able to find each source: author, title, year, and a DOI or stable URL.
Where a detail could not be seen in any source (see assets/references-verification.md), the
entry's unrendered ``verification`` field has to say so; the few entries that still lack
authors are listed here by name, so a new incomplete entry fails until someone looks.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from pybtex.database import parse_file

ROOT = Path(__file__).resolve().parents[2]
BIB = parse_file(str(ROOT / "assets" / "references.bib"))
ENTRIES = dict(BIB.entries)

#: Entries whose authors were not seen anywhere (conference abstract, Korean-only record).
NO_AUTHORS_SEEN = {"ista2013insertions", "jkoa2006normal", "healthcare2023hindfoot",
                   "neumann1999electromyographic", "nigg1993effects"}
#: Entries where only some authors, or only a surname, were seen ("Lund and others").
PARTIAL_AUTHORS_SEEN = {"lund1991pain", "hidaka2014ligament", "vanarkel2015capsular",
                        "hintermann1994transfer"}


def verification(entry) -> str:
    return entry.fields.get("verification", "").lower()


def authors_complete(entry) -> bool:
    people = entry.persons.get("author", [])
    return bool(people) and all(
        str(p) != "others" and (p.first_names or p.middle_names) for p in people)


@pytest.mark.parametrize("key", sorted(ENTRIES))
def test_entry_has_title_year_and_doi_or_url(key):
    e = ENTRIES[key]
    assert e.fields.get("title", "").strip(), f"{key}: no title"
    assert re.fullmatch(r"1[89]\d\d|20\d\d", e.fields.get("year", "")), f"{key}: no year"
    doi, url = e.fields.get("doi", ""), e.fields.get("url", "")
    assert doi or url, f"{key}: needs a DOI or a stable URL"
    if doi:
        assert re.fullmatch(r"10\.\d{4,9}/\S+", doi), f"{key}: malformed DOI {doi!r}"
    if url:
        assert url.startswith(("https://", "http://")), f"{key}: malformed URL {url!r}"


@pytest.mark.parametrize("key", sorted(ENTRIES))
def test_entry_has_authors_or_says_they_were_not_seen(key):
    e = ENTRIES[key]
    if key in NO_AUTHORS_SEEN:
        assert not e.persons.get("author"), f"{key} has authors now: drop it from NO_AUTHORS_SEEN"
        assert "authors not seen" in verification(e), key
    elif key in PARTIAL_AUTHORS_SEEN:
        assert not authors_complete(e), f"{key} is complete now: drop it from PARTIAL_AUTHORS_SEEN"
        assert "not seen" in verification(e), key
    else:
        assert authors_complete(e), (
            f"{key}: every author needs a surname and a given name or initials "
            f"(got {[str(p) for p in e.persons.get('author', [])]})")


@pytest.mark.parametrize("key", sorted(k for k, e in ENTRIES.items() if e.type == "article"))
def test_article_has_journal_volume_pages_or_says_what_is_missing(key):
    e = ENTRIES[key]
    assert e.fields.get("journal", "").strip(), f"{key}: no journal"
    missing = [f for f in ("volume", "pages") if not e.fields.get(f, "").strip()]
    if missing:
        assert "not seen" in verification(e), (
            f"{key}: {missing} missing and the verification field does not say they were not seen")


def test_every_entry_has_a_row_in_the_verification_record():
    record = (ROOT / "assets" / "references-verification.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| ([a-z0-9]+) \|", record, flags=re.M))
    assert set(ENTRIES) <= rows, sorted(set(ENTRIES) - rows)


def _data_keys():
    """(table, row, key) for every source / citation key in the package's data tables."""
    out = []
    for path in sorted((ROOT / "widgets").glob("**/*.csv")):
        with open(path, encoding="utf-8") as fh:
            for n, row in enumerate(csv.DictReader(fh), start=2):
                for col in ("source", "citations"):
                    for key in (row.get(col) or "").split(";"):
                        if key.strip():
                            out.append((path.relative_to(ROOT).as_posix(), n, key.strip()))
    return out


def test_every_key_in_the_data_tables_is_in_the_bibliography():
    keys = _data_keys()
    assert keys
    unknown = [k for k in keys if k[2] not in ENTRIES]
    assert not unknown, f"source keys missing from assets/references.bib: {unknown}"


def test_every_key_cited_on_a_page_is_in_the_bibliography():
    cited = set()
    for path in list((ROOT / "book").glob("*.md")) + [ROOT / "README.md"]:
        for group in re.findall(r"\{cite:[pt]\}`([^`]+)`", path.read_text(encoding="utf-8")):
            cited.update(k.strip() for k in group.split(","))
    assert cited
    assert cited <= set(ENTRIES), sorted(cited - set(ENTRIES))
