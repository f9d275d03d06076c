"""validation.html: the human report of a period — accounting, every expectation, what was not used."""
from __future__ import annotations

import html

import pandas as pd

_STYLE = """body{font-family:"Noto Sans CJK SC","Microsoft YaHei",SimSun,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:0 0 1.5em}td,th{border:1px solid #bbb;padding:3px 8px;text-align:left}
th{background:#eee}.fail{background:#fdd}.ok{color:#060}"""


def _table(frame: pd.DataFrame, fail_column: str | None = None) -> str:
    if frame.empty:
        return "<p>none</p>"
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for record in frame.to_dict("records"):
        attrs = ' class="fail"' if fail_column is not None and not record[fail_column] else ""
        cells = "".join(f"<td>{html.escape('' if v is None or v != v else str(v))}</td>" for v in record.values())
        rows.append(f"<tr{attrs}>{cells}</tr>")
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def render(period_id: str, accounting: pd.DataFrame, inputs: pd.DataFrame, marts: pd.DataFrame,
           not_used: pd.DataFrame) -> str:
    met = int(inputs["success"].sum()) + int(marts["success"].sum()) if len(inputs) + len(marts) else 0
    total = len(inputs) + len(marts)
    return f"""<!doctype html><html lang="zh-CN"><meta charset="utf-8">
<title>govinfo {period_id} 校验报告</title><style>{_STYLE}</style>
<h1>{period_id} 校验报告 (validation)</h1>
<p class="ok">{met} of {total} expectations met.</p>
<h2>输入核对 — read = used + skipped + rejected</h2>{_table(accounting)}
<h2>未采用 — not used, by reason (details in rejected.csv)</h2>{_table(not_used)}
<h2>输入校验 — input suites (Great Expectations)</h2>{_table(inputs, "success")}
<h2>附件校验 — annex suite</h2>{_table(marts, "success")}
</html>
"""
