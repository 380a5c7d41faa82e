"""Query the Minqing lake from a notebook: one function, `sql`, returning a pandas DataFrame.

It runs the project's own SQL entry point (`scripts/minqing sql`, DuckDB over the Parquet lake), so
the notebooks need nothing beyond Debian's python3-pandas and Jupyter. Set MINQING_LAKE to query
another lake than ./lake of the repository.
"""
import io
import os
import subprocess

import pandas as pd

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
LAKE = os.environ.get("MINQING_LAKE", os.path.join(REPO, "lake"))


def sql(query: str, max_rows: int = 1_000_000) -> pd.DataFrame:
    """Runs one query over the lake (every table is a view by its name) and returns the result."""
    out = subprocess.run(
        [os.path.join(REPO, "scripts", "minqing"), "--lake", LAKE, "sql", "-e", query, "--format", "csv", "--max-rows", str(max_rows)],
        capture_output=True, text=True, check=False, cwd=REPO)
    if out.returncode != 0:
        raise RuntimeError(f"minqing sql failed ({out.returncode}): {out.stderr.strip().splitlines()[-1:]}")
    return pd.read_csv(io.StringIO(out.stdout), dtype={"dt": str, "period": str})
