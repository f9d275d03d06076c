"""report.html: one self-contained page per period — the annex, a ranking of points, adoptions by level and
kind, each unit's monthly submissions against its quota, and the trend over the year's periods. Charts are
Vega-Lite specs built with altair; the Vega JavaScript is inlined (vl-convert's bundle), so the page needs no
network when it is opened. Level and kind names and their order come from the scheme's rule tables."""
from __future__ import annotations

import html
import os
from contextlib import contextmanager
from typing import Iterator

import altair as alt
import pandas as pd

from .config import cache_dir
from .notice import Notice, _table_rows
from .periods import period_bounds
from .scheme_tables import scheme_names

_FONT = "Noto Sans CJK SC, WenQuanYi Zen Hei, Microsoft YaHei, sans-serif"


def _ranking(annex: pd.DataFrame) -> alt.Chart:
    return alt.Chart(annex, title="本期积分排名").mark_bar().encode(
        x=alt.X("points:Q", title="本期积分"),
        y=alt.Y("unit:N", sort="-x", title=None),
        color=alt.Color("verdict:N", title="是否合格", scale=alt.Scale(domain=["合格", "不合格"])),
        tooltip=["unit", "points", "points_ytd", "verdict"],
    ).properties(width=520)


def _adoptions(con, start, end) -> alt.Chart:
    levels = [name for _code, name in scheme_names(con, "level")]
    kinds = [name for _code, name in scheme_names(con, "kind")]
    frame = con.execute("SELECT level, adoption_type AS kind, count(*) AS adoptions FROM marts.adoptions "
                        "WHERE counted AND adopted_on BETWEEN ? AND ? GROUP BY ALL ORDER BY ALL", [start, end]).df()
    return alt.Chart(frame, title="采用情况（按级别和类型）").mark_bar().encode(
        x=alt.X("level:N", sort=levels, title="采用级别", axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("kind:N", sort=kinds),
        y=alt.Y("adoptions:Q", title="采用条次"),
        color=alt.Color("kind:N", sort=kinds, title="采用类型"),
        tooltip=["level", "kind", "adoptions"],
    ).properties(width=320)


def _monthly(con, period_id: str) -> alt.LayerChart:
    frame = con.execute(
        "SELECT c.unit, strftime(c.month, '%Y-%m') AS month, c.submitted, c.min_submissions, c.submissions_ok "
        "FROM marts.unit_month_checks c JOIN marts.annex a ON a.period_id = c.period_id AND a.unit = c.unit "
        "WHERE c.period_id = ? ORDER BY a.position, c.month", [period_id]).df()
    order = list(dict.fromkeys(frame["unit"]))
    base = alt.Chart(frame, title="各单位每月报送与考核标准（黑线：每月最少报送）")
    bars = base.mark_bar().encode(
        y=alt.Y("unit:N", sort=order, title=None),
        yOffset=alt.YOffset("month:N"),
        x=alt.X("submitted:Q", title="本月报送"),
        color=alt.Color("month:N", title="月份"),
        opacity=alt.condition("datum.submissions_ok", alt.value(1), alt.value(0.45)),
        tooltip=["unit", "month", "submitted", "min_submissions", "submissions_ok"],
    )
    quota = base.mark_tick(color="black", thickness=2).encode(
        y=alt.Y("unit:N", sort=order), x="min_submissions:Q")
    return alt.layer(bars, quota).properties(width=520)


def _trend(con, period_id: str) -> alt.Chart:
    """Submissions, adoptions and points of every period of the year up to this one (from the monthly facts)."""
    start, end = period_bounds(con, period_id)
    frame = con.execute(
        "SELECT p.period_id, sum(m.submitted) AS 报送, sum(m.adopted) AS 采用 FROM marts.unit_months m "
        "JOIN raw.scheme_periods p ON m.month >= p.period_start AND m.month < p.period_end "
        "WHERE m.month >= ? AND m.month <= ? GROUP BY p.period_id ORDER BY p.period_id",
        [start.replace(month=1, day=1), end]).df()
    long = frame.melt("period_id", var_name="项目", value_name="条数")
    return alt.Chart(long, title=f"{start.year}年各期报送与采用").mark_line(point=True).encode(
        x=alt.X("period_id:N", title="期间", axis=alt.Axis(labelAngle=0)), y=alt.Y("条数:Q"), color=alt.Color("项目:N"),
        tooltip=["period_id", "项目", "条数"],
    ).properties(width=320)


def _annex_table(notice: Notice) -> str:
    cells = notice.header
    rows = []
    for r in range(3):
        tds = "".join(f'<th rowspan="{r1 - r0 + 1}" colspan="{c1 - c0 + 1}">{html.escape(text)}</th>'
                      for text, r0, c0, r1, c1 in cells if r0 == r)
        rows.append(f"<tr>{tds}</tr>")
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
                   for row in _table_rows(notice))
    return (f'<h2>{html.escape(notice.annex_title)}</h2><table class="annex"><thead>{"".join(rows)}</thead>'
            f"<tbody>{body}</tbody></table>")


@contextmanager
def _cached_bundle() -> Iterator[None]:
    """While altair renders: vl_convert.javascript_bundle(vl_version=…) read from the cache folder when it was
    kept there for this vl-convert, else bundled and kept (the bundle depends on nothing else). vl-convert bundles
    the same Vega JavaScript (0.9 MB, about a second) on every call."""
    import vl_convert

    bundle = vl_convert.javascript_bundle

    def cached(*args, **kwargs):
        if args or set(kwargs) != {"vl_version"}:
            return bundle(*args, **kwargs)
        path = cache_dir() / f"vl-convert-{vl_convert.__version__}-{kwargs['vl_version']}.js"
        try:
            return path.read_text(encoding="utf-8")
        except OSError:
            pass
        text = bundle(**kwargs)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            pass   # an unwritable cache only costs the second again
        return text

    vl_convert.javascript_bundle = cached
    try:
        yield
    finally:
        vl_convert.javascript_bundle = bundle


def report_html(con, period_id: str, notice: Notice) -> str:
    """The page for the period; the annex as the notice's 附件 shows it."""
    start, end = period_bounds(con, period_id)
    annex, title = notice.annex, notice.annex_title
    charts = alt.vconcat(
        alt.hconcat(_ranking(annex), alt.vconcat(_adoptions(con, start, end), _trend(con, period_id))
                    .resolve_scale(color="independent")).resolve_scale(color="independent"),
        _monthly(con, period_id),
    ).resolve_scale(color="independent").configure(font=_FONT).configure_axis(labelFont=_FONT, titleFont=_FONT)
    with _cached_bundle():
        page = charts.to_html(inline=True, output_div="charts", embed_options={"actions": False, "renderer": "svg"})
    head = (f"<title>{html.escape(title)}</title><style>body{{font-family:{_FONT};margin:24px}}"
            "table.annex{border-collapse:collapse;font-size:12px}table.annex td,table.annex th"
            "{border:1px solid #444;padding:2px 6px;text-align:center}</style>")
    # the inlined JavaScript itself spells <head> and <body>: insert at the page's own tags only
    before, _, after = page.rpartition("</head>")
    before = before.replace("<head>", "<head>\n" + head, 1)
    table = f"<body>\n<h1>{html.escape(title)}</h1>\n{_annex_table(notice)}\n"
    after = after.replace("<body>", table, 1)
    return before + "</head>" + after
