"""The claims ledger (widgets/data/claims.csv): well-formed, cited, and agreeing with the model."""

import re
from pathlib import Path

import pytest
import yaml

from widgets import claims

ROOT = Path(__file__).resolve().parents[2]


def bib_keys():
    text = (ROOT / "assets" / "references.bib").read_text(encoding="utf-8")
    return set(re.findall(r"^@\w+\{([^,\s]+),", text, flags=re.M))


def toc_docnames():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    names = {toc["root"]}

    def walk(items):
        for item in items or []:
            if "file" in item:
                names.add(item["file"])
            walk(item.get("chapters"))
            walk(item.get("sections"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    return names


ROWS = claims.load_claims()


def test_ledger_has_rows_and_fixed_columns():
    assert ROWS, "the ledger is empty"
    assert all(tuple(r) == claims.COLUMNS for r in ROWS)


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_every_citation_is_in_the_bibliography(row):
    missing = [k for k in claims.citation_keys(row) if k not in bib_keys()]
    assert not missing, f"{row['id']}: citation keys not in assets/references.bib: {missing}"


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_every_claim_names_a_page_of_the_book(row):
    assert row["chapter"] in toc_docnames(), f"{row['id']}: chapter {row['chapter']!r} is not in _toc.yml"


def test_model_verdicts_agree_with_the_table():
    """A model change that flips a verdict must fail here until the table is updated."""
    verdicts = claims.computed()
    wrong = {r["id"]: (r["verdict"], verdicts[r["id"]].verdict) for r in ROWS
             if r["id"] in verdicts and verdicts[r["id"]].verdict != r["verdict"]}
    assert not wrong, f"table verdict vs model verdict: {wrong}"
    for r in ROWS:
        text = claims.evidence_text(r, verdicts)   # every {field} must be filled
        assert "{" not in text and "nan" not in text.lower(), (r["id"], text)


def test_every_registered_function_has_a_row_with_a_model_basis():
    funcs = claims.verdict_functions()
    basis = {r["id"]: r["basis"] for r in ROWS}
    orphans = [k for k in funcs if k not in basis]
    assert not orphans, f"verdict functions without a ledger row: {orphans}"
    literature_only = [k for k in funcs if basis[k] == "literature"]
    assert not literature_only, f"rows with a verdict function must have basis model or both: {literature_only}"


def test_bad_rows_are_rejected(monkeypatch):
    good = dict(ROWS[0])

    def check(**change):
        row = {**good, **change}
        monkeypatch.setattr(claims, "read_table", lambda name: (row,))
        with pytest.raises(ValueError) as err:
            claims.load_claims()
        return str(err.value)

    assert "verdict" in check(verdict="maybe")
    assert "basis" in check(basis="opinion")
    assert "citations" in check(basis="literature", citations="", evidence="plain text")
    assert "seed" in check(seed="blog.txt")
    assert "slug" in check(id="Piriformis IR")
    assert "fields" in check(basis="literature", evidence="moment arm {ma0_mm} mm")


def test_unknown_ids_get_a_clear_error():
    with pytest.raises(ValueError, match="unknown claim id"):
        claims.rows_for(ids=["no-such-claim"])


def test_markdown_table_cites_and_links():
    md = claims.markdown_table(ROWS[:1], claims.computed())
    assert "{cite:p}`" in md and "{doc}`/" in md
    assert md.count("\n") == 2  # header, rule, one row
