"""The shipped dashboard as a Superset import bundle for one serving copy.

    python bi/superset/bundle.py /srv/govinfo/warehouse/govinfo.serving.duckdb govinfo-dashboard.zip

then Superset → Dashboards → Import (or POST /api/v1/dashboard/import/). The YAML tree beside this file is
Superset's own export format; the database's URI in it is replaced by the given file's, opened read-only.
"""
from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path

TREE = Path(__file__).resolve().parent / "dashboard"


def bundle(serving: Path) -> bytes:
    """The zip Superset imports: every file of the tree under one folder, the database pointing at `serving`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(TREE.rglob("*.yaml")):
            text = path.read_text(encoding="utf-8")
            if path.parent.name == "databases":
                text = re.sub(r"(?m)^sqlalchemy_uri: .*$", f"sqlalchemy_uri: duckdb:///{Path(serving).resolve()}", text)
            archive.writestr(f"govinfo_dashboard/{path.relative_to(TREE)}", text)
    return buffer.getvalue()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python bi/superset/bundle.py SERVING_COPY OUT.zip")
    Path(sys.argv[2]).write_bytes(bundle(Path(sys.argv[1])))
