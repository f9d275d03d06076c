"""From the raw step results to the figures of issues 7 and 14, their targets, and the printed table."""
from __future__ import annotations

STEPS = ("ingest_cold", "validate", "dbt_period", "publish", "ingest_warm", "dbt_backfill")


def _ok(data: dict | None, key: str) -> bool:
    """The step ran and did not fail."""
    return bool(data) and key in data and "error" not in data[key]


def _rate(data: dict | None, key: str) -> float | None:
    if not _ok(data, key):
        return None
    return round(data["messages"] / data[key]["seconds"], 1)


def _ratio(a: float | None, b: float | None, digits: int = 3) -> float | None:
    return round(a / b, digits) if a is not None and b else None


def _seconds(data: dict | None, key: str) -> float | None:
    return round(data[key]["seconds"], 2) if _ok(data, key) else None


def _build(data: dict | None, index: int) -> float | None:
    return round(data["dbt_period"]["builds"][index]["seconds"], 2) if _ok(data, "dbt_period") else None


def _rss(data: dict | None, key: str = "peak_rss_mb") -> dict | None:
    """Per step: the largest process's peak RSS (or, with key="tree_rss_mb", all its processes' at once)."""
    return {s: data[s][key] for s in STEPS if _ok(data, s)} if data else None


def _hostile(raw: dict, key: str) -> float | None:
    return raw["hostile"]["ingest"][key] if _ok(raw.get("hostile"), "ingest") else None


def summarise(raw: dict) -> dict:
    sample, scale = raw.get("sample"), raw.get("scale")
    dags = raw.get("dags") or {}
    out = {k: raw[k] for k in ("date", "git_commit", "git_dirty", "cores", "usable_cores", "cpu", "python",
                               "load_avg_start", "load_avg_end", "host_speed_start_s", "host_speed_end_s")}
    out["scale_size"] = {k: scale[k] for k in ("units", "months", "seed", "messages", "generate_s")} if scale else None
    for suffix, data in (("", scale), ("_sample", sample)):   # province scale, then the sample
        out[f"ingest_msgs_per_s{suffix}"] = _rate(data, "ingest_cold")
        out[f"parse_limit_msgs_per_s{suffix}"] = _rate(data, "parse_limit")
        out[f"ingest_ratio{suffix}"] = _ratio(_rate(data, "ingest_cold"), _rate(data, "parse_limit"))
        out[f"warm_over_cold_ingest{suffix}"] = _ratio(_seconds(data, "ingest_warm"), _seconds(data, "ingest_cold"))
    out.update({
        # a period built again on a warehouse that has been built before, as every bimonthly run is
        "dbt_period_s_sample": _build(sample, 1),
        "dbt_period_s_2000": _build(scale, 1),
        "dbt_period_ratio": _ratio(_build(scale, 1), _build(sample, 1), 2),
        # the first build on an empty warehouse
        "dbt_period_cold_s_sample": _build(sample, 0),
        "dbt_period_cold_s_2000": _build(scale, 0),
        "dbt_period_cold_ratio": _ratio(_build(scale, 0), _build(sample, 0), 2),
        # the province's period built again under the rich scheme (issue 10) against the Golmud scheme's
        "dbt_period_s_2000_rich_scheme": _build(raw.get("rich_scheme"), 1),
        "dbt_period_ratio_rich_scheme": _ratio(_build(raw.get("rich_scheme"), 1), _build(scale, 1), 2),
        "dbt_backfill_year_s_2000": _seconds(scale, "dbt_backfill"),
        "dbt_backfill_periods": [b["period"] for b in scale["dbt_backfill"]["builds"]]
        if _ok(scale, "dbt_backfill") else None,
        "e2e_sample_cold_s": round(sample["e2e_cold"]["wall_s"], 2) if _ok(sample, "e2e_cold") else None,
        "e2e_sample_warm_s": round(sample["e2e_warm"]["wall_s"], 2) if _ok(sample, "e2e_warm") else None,
        # the median of these (bench/run.py measure)
        "e2e_sample_warm_runs_s": [round(r["wall_s"], 2) for r in sample["e2e_warm_runs"] if "error" not in r]
        if sample and "e2e_warm_runs" in sample else None,
        # ingest, validate, first dbt build, publish: the steps' own times, without interpreter start-up
        "e2e_2000_cold_s_from_steps": round(scale["ingest_cold"]["seconds"] + scale["validate"]["seconds"]
                                            + _build(scale, 0) + scale["publish"]["seconds"], 1)
        if all(_ok(scale, s) for s in STEPS[:4]) else None,
        "peak_rss_mb": _rss(scale),
        "peak_rss_mb_sample": _rss(sample),
        "tree_rss_mb": _rss(scale, "tree_rss_mb"),
        "tree_rss_mb_sample": _rss(sample, "tree_rss_mb"),
        # ingesting a 10-million-tiny-row bomb and a 200,000-row register (issue 15)
        "peak_rss_mb_hostile": _hostile(raw, "peak_rss_mb"),
        "tree_rss_mb_hostile": _hostile(raw, "tree_rss_mb"),
        "validate_s_2000": _seconds(scale, "validate"),
        "validate_s_sample": _seconds(sample, "validate"),
        "annex_matches_expected_2000": scale.get("annex_matches_expected") if scale else None,
        "dag_parse_s": round(max(d["seconds"] for d in dags.values()), 3)
        if dags and all("error" not in d for d in dags.values()) else None,
        "dag_parse": {name: {k: round(d[k], 3) for k in ("seconds", "airflow_import_s", "total_s")} if "error" not in d
                      else d for name, d in dags.items()} or None,
        "failed_steps": [f"{where}.{name}" for where, data in (("sample", sample), ("scale", scale), ("dags", dags),
                                                             ("hostile", raw.get("hostile")),
                                                             ("rich_scheme", raw.get("rich_scheme")))
                         for name, value in (data or {}).items() if isinstance(value, dict) and "error" in value],
    })
    out.update(_issue14(raw, out))
    out["targets"] = _targets(out)
    out["raw"] = raw
    return out


def _issue14(raw: dict, out: dict) -> dict:
    """The keys issue 14 names: the Airflow period against the CLI, the whole suite's wall time with the load
    average beside it, peak RSS by step at province scale (the largest process; ingest is the cold one)."""
    airflow, suite = raw.get("airflow") or {}, raw.get("test_suite") or {}
    ran = "error" not in airflow and "airflow_period_over_cli" in airflow
    return {
        "airflow_period_over_cli": airflow["airflow_period_over_cli"] if ran else None,
        "airflow_period_s": airflow["airflow_warm_s"] if ran else None,
        "cli_period_s": airflow["cli_warm_s"] if ran else None,
        "make_test_s": suite["seconds"] if suite and "error" not in suite else None,
        "make_test_load_avg": suite.get("load_avg_1min"),
        "failed_steps": out["failed_steps"] + [name for name, data in (("airflow", airflow), ("test_suite", suite))
                                               if "error" in data],
    }


def _targets(r: dict) -> dict:
    rss = max(r["peak_rss_mb"].values()) if r["peak_rss_mb"] else None
    tree = max(r["tree_rss_mb"].values()) if r["tree_rss_mb"] else None
    checks = {
        "ingest_ratio >= 1.5": (r["ingest_ratio"], lambda v: v >= 1.5),
        "warm_over_cold_ingest <= 0.10": (r["warm_over_cold_ingest"], lambda v: v <= 0.10),
        "dbt_period_ratio <= 3": (r["dbt_period_ratio"], lambda v: v <= 3),
        "dbt_period_cold_ratio <= 3 (first builds)": (r["dbt_period_cold_ratio"], lambda v: v <= 3),
        "dbt_period_ratio_rich_scheme <= 1.3": (r["dbt_period_ratio_rich_scheme"], lambda v: v <= 1.3),
        "e2e_sample_warm_s <= 6": (r["e2e_sample_warm_s"], lambda v: v <= 6),
        "peak_rss_mb (2000) <= 1024": (rss, lambda v: v <= 1024),
        "tree_rss_mb (2000, a step's processes together) <= 1024": (tree, lambda v: v <= 1024),
        "airflow_period_over_cli <= 2": (r["airflow_period_over_cli"], lambda v: v <= 2),
        "dag_parse_s <= 0.5": (r["dag_parse_s"], lambda v: v <= 0.5),
        "peak_rss_mb_hostile <= 1024": (r["peak_rss_mb_hostile"], lambda v: v <= 1024),
    }
    return {name: {"value": value, "met": None if value is None else bool(test(value))}
            for name, (value, test) in checks.items()}


def table(r: dict) -> str:
    size = r["scale_size"]
    label = f"{size['units']} units x {size['months']} months, {size['messages']} messages" if size else "not run"
    rows = [
        ("ingest msg/s (parse limit msg/s, ratio)", f"{r['ingest_msgs_per_s']} ({r['parse_limit_msgs_per_s']}, {r['ingest_ratio']})",
         f"{r['ingest_msgs_per_s_sample']} ({r['parse_limit_msgs_per_s_sample']}, {r['ingest_ratio_sample']})"),
        ("warm ingest / cold ingest", r["warm_over_cold_ingest"], r["warm_over_cold_ingest_sample"]),
        ("validate s", r["validate_s_2000"], r["validate_s_sample"]),
        ("dbt build, one period s (first build)", f"{r['dbt_period_s_2000']} ({r['dbt_period_cold_s_2000']})",
         f"{r['dbt_period_s_sample']} ({r['dbt_period_cold_s_sample']})"),
        ("dbt build, one period s, rich scheme (ratio)",
         f"{r['dbt_period_s_2000_rich_scheme']} ({r['dbt_period_ratio_rich_scheme']})", "-"),
        ("dbt backfill, year s", r["dbt_backfill_year_s_2000"], "-"),
        ("govinfo run cold / warm s", r["e2e_2000_cold_s_from_steps"], f"{r['e2e_sample_cold_s']} / {r['e2e_sample_warm_s']}"),
        ("peak RSS MB by step (largest process)", r["peak_rss_mb"], r["peak_rss_mb_sample"]),
        ("peak RSS MB by step (all its processes)", r["tree_rss_mb"], r["tree_rss_mb_sample"]),
    ]
    lines = [f"govinfo bench {r['date']}  commit {str(r['git_commit'])[:10]}{' (dirty)' if r['git_dirty'] else ''}  "
             f"cores {r['usable_cores']}  load {r['load_avg_start'][0]:.1f}  host speed (fixed loop, CPU s) "
             f"{r['host_speed_start_s']} → {r['host_speed_end_s']}",
             f"{'':42}{'province: ' + label:<60}sample"]
    lines += [f"{name:42}{str(a):<60}{b}" for name, a, b in rows]
    lines.append(f"DAG parse s (after airflow.sdk): {r['dag_parse_s']}  {r['dag_parse']}")
    lines.append(f"one period under Airflow / the CLI, warm: {r['airflow_period_s']} s / {r['cli_period_s']} s "
                 f"= {r['airflow_period_over_cli']}")
    lines.append(f"make test: {r['make_test_s']} s (1-min load average before, after: {r['make_test_load_avg']})")
    lines.append(f"hostile workbooks, ingest peak RSS MB: {r['peak_rss_mb_hostile']} "
                 f"(all its processes {r['tree_rss_mb_hostile']})")
    lines.append("targets: " + "; ".join(f"{k}: {v['value']} {'met' if v['met'] else 'MISSED' if v['met'] is False else 'n/a'}"
                                         for k, v in r["targets"].items()))
    return "\n".join(lines)
