"""Load the model's tables (CSV files shipped inside the package)."""

import csv
import io
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def read_table(name):
    """Rows of ``widgets/data/<name>`` as a tuple of dicts (read once per process)."""
    text = resources.files("widgets").joinpath("data", name).read_text(encoding="utf-8")
    return tuple(csv.DictReader(io.StringIO(text)))


def femur_table():
    return {row["name"]: row for row in read_table("femur.csv")}
