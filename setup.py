"""The wheel carries the dbt project and the bundled sample as package data, copied at build time to
govinfo/data/dbt and govinfo/data/sample (ingestion/bundled.py finds them there first, then in a
checkout's dbt/ and samples/golmud-2024/), so the checkout keeps its layout. Everything else is in
pyproject.toml."""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
CARRIED = {"dbt": "govinfo/data/dbt", "samples/golmud-2024": "govinfo/data/sample"}
LEFT_OUT = shutil.ignore_patterns("target", "logs", "dbt_packages", ".user.yml", "__pycache__")  # what dbt writes


class build_py_with_data(build_py):
    def run(self):
        super().run()
        if not self.editable_mode:  # an editable install reads the checkout itself
            for source, target in CARRIED.items():
                built = Path(self.build_lib) / target
                shutil.rmtree(built, ignore_errors=True)  # no file left from an earlier build
                shutil.copytree(HERE / source, built, ignore=LEFT_OUT)


setup(cmdclass={"build_py": build_py_with_data})
