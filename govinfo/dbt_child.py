"""The dbt child of a period's build (govinfo.transform starts it): `python -P -m govinfo.dbt_child OPTIONS…`.

It imports dbt and parses the project first, or loads the manifest its last parse kept (dbt's programmatic API, the
manifest reused by the invocations after: docs.getdbt.com/reference/programmatic-invocations). Parsing reads the
project files only, not the warehouse, so it runs while the caller's steps before the build still write it. Then it
reads one line from stdin: "docs" or "no-docs", with the options to add to the build (--exclude-resource-type …);
end of input before that line ends it without building. dbt build runs, then (when asked and the build succeeded)
dbt docs generate of what was built.
"""
from __future__ import annotations

import dataclasses
import os
import pickle
import select
import sys
from pathlib import Path

from dbt.cli.main import dbtRunner
from dbt.constants import DEFAULT_ENV_PLACEHOLDER
from dbt.contracts.graph.manifest import Manifest

from .dbt_functions import close_warehouse
from .quick_exit import end_now
from .transform import project_digest


def _without_vars(options: list[str]) -> list[str]:
    """The options less `--vars …`: dbt parses again from scratch whenever the command line's vars differ from
    the last parse's, and the period (the only var) is used in compiled SQL only, never while parsing."""
    at = options.index("--vars") if "--vars" in options else len(options)
    return options[:at] + options[at + 2:]


def _manifest_key(options: list[str]) -> str:
    """What target/manifest.json is made of: the project's files and dbt's versions, the target, and the variables
    the profile reads."""
    digest = project_digest()
    digest.update(options[options.index("--target") + 1].encode())
    read = sorted((k, v) for k, v in os.environ.items() if k.startswith(("GOVINFO_", "PG", "DBT_")))
    digest.update(repr(read).encode())
    return digest.hexdigest()


def _manifest_bytes(manifest: Manifest) -> bytes:
    """The manifest's fields, pickled. Not the Manifest itself: dbt 1.11's Manifest.__reduce_ex__ leaves out
    `fixtures`, so every cached lookup after it comes back one field along (the source lookup holding the ref
    lookup, and the build failing on its first ref); the lookups and locks are made anew on load."""
    return pickle.dumps({field.name: getattr(manifest, field.name) for field in dataclasses.fields(manifest)
                         if field.init and not field.name.startswith("_")}, protocol=pickle.HIGHEST_PROTOCOL)


def _kept_manifest(kept: Path) -> Manifest | None:
    """The manifest the last parse kept (_manifest_bytes), if it can be read and every variable it read still has
    the value it read (a model may read one outside the key's prefixes); None otherwise."""
    try:
        manifest = Manifest(**pickle.loads(kept.read_bytes()))
    except Exception:   # missing, cut short, or written by another dbt: parse again
        return None
    unset = object()
    read = {name: os.environ.get(name, unset) for name in manifest.env_vars}
    if any(read[name] != (unset if value == DEFAULT_ENV_PLACEHOLDER else value)
           for name, value in manifest.env_vars.items()):
        return None
    return manifest


def main(options: list[str]) -> int:
    # What the parse makes is kept under the key of what it is made of: a run that finds the same key loads the
    # pickled manifest (0.02 s) instead of asking dbt to parse (0.7 s, on the run's critical path: dbt reads its
    # partial-parse file and checks each project file), and writes manifest.json only when the key changed (the
    # build writes none; dbt docs generate and govinfo/unchanged_nodes.py read it). dbt pickles manifests itself,
    # to hand them to other processes, but leaves a field out (_manifest_bytes)
    target = Path(options[options.index("--target-path") + 1])
    key, kept, pickled = _manifest_key(options), target / "manifest.key", target / "manifest.pickle"
    current = (target / "manifest.json").exists() and kept.exists() and kept.read_text(encoding="utf-8") == key
    manifest = _kept_manifest(pickled) if current else None
    if manifest is None:
        # quiet on stdout (a project that does not parse is parsed again by the build, which says why); dbt.log
        # says whether the parse was partial
        parsed = dbtRunner().invoke(["parse", *(["--no-write-json"] if current else []), "--log-level", "none",
                                     "--log-level-file", "debug", *_without_vars(options)])
        if parsed.success:
            manifest = parsed.result
            partial = pickled.with_name(f"{pickled.name}.{os.getpid()}.tmp")
            partial.write_bytes(_manifest_bytes(manifest))
            os.replace(partial, pickled)
            kept.write_text(key, encoding="utf-8")
    elif not select.select([sys.stdin], [], [], 0)[0]:
        # a parse also readies what every invocation needs (the JSON schemas dbt checks the project and profile
        # against, built on first use; the adapter): without one, dbt ls of the seeds does it now, while the
        # caller's steps still write the warehouse (ls opens no connection), instead of the build (0.3–0.4 s).
        # Not when the caller has asked already (Airflow's dbt_build task): ls would cost more than it saves
        dbtRunner(manifest=manifest).invoke(["ls", "--resource-type", "seed", "--log-level", "none",
                                             *_without_vars(options)])
    run = dbtRunner(manifest=manifest).invoke
    asked = sys.stdin.readline().split()
    if not asked:
        return 0
    # the build writes no manifest.json and run_results.json (the parse above wrote the manifest the docs site reads)
    if not run(["build", "--no-write-json", *options, *asked[1:]]).success:
        return 1
    if asked[0] == "docs" and not run(["docs", "generate", "--static", "--no-compile", *options]).success:
        return 1
    return 0


if __name__ == "__main__":
    code = main(sys.argv[1:])
    close_warehouse()   # checkpointed, its lock released
    end_now(code)
