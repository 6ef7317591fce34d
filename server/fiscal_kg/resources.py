"""Where the project's files are: the ontology, shapes, stored queries, data and link sets.

The package runs from a checkout (installed with `pip install -e .`); FISCAL_KG_HOME points
elsewhere when the files live in another place.
"""

from __future__ import annotations

import os
from pathlib import Path

HOME = Path(os.environ.get("FISCAL_KG_HOME") or Path(__file__).resolve().parents[2])
ONTOLOGY_DIR = HOME / "ontology"
SHAPES_DIR = HOME / "shapes"
QUERIES_DIR = HOME / "queries"
DATA_DIR = HOME / "data"
REPORTS_DIR = DATA_DIR / "reports"
LINKS_DIR = DATA_DIR / "links"
DIVISIONS = DATA_DIR / "divisions" / "divisions.csv"
DEFAULT_STORE = DATA_DIR / "build" / "store"
