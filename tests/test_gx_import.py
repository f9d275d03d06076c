"""Great Expectations imported with SciPy's statistics and Altair loaded on first use (expectations/gx_import.py)."""
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# a fresh interpreter: which of the two heavy modules the import loaded, and a KL-divergence expectation (SciPy's
# entropy) validated on a frame that matches its partition and on one that does not
_PROBE = """
import sys
import pandas as pd
from expectations.gx_import import great_expectations

gx = great_expectations()
loaded = lambda: [m for m in ("scipy.stats._stats_py", "altair.vegalite") if m in sys.modules]
before = loaded()
context = gx.get_context(mode="ephemeral")
batch = context.data_sources.add_pandas("p").add_dataframe_asset("a").add_batch_definition_whole_dataframe("all")
expect = gx.expectations.ExpectColumnKLDivergenceToBeLessThan(
    column="x", partition_object={"values": ["a", "b"], "weights": [0.5, 0.5]}, threshold=0.1)
met = [batch.get_batch(batch_parameters={"dataframe": pd.DataFrame({"x": x})}).validate(expect).success
       for x in (["a", "b"] * 50, ["a"] * 99 + ["b"])]
print(before, met, loaded())
"""


def test_scipy_waits_for_the_expectation_that_uses_it():
    done = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True, cwd=REPO)
    before, met, after = done.stdout.strip().splitlines()[-1].split("] ")
    assert before == "[" and met == "[True, False"          # nothing heavy at import; the expectation still works
    assert "scipy.stats._stats_py" in after                # SciPy loaded by the expectation that needed it
