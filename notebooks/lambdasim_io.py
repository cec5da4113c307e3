"""lambdasim_io — the one place notebooks touch lambdasim: run it, read its outputs.

    run(scenario_yaml_path, out_dir, sets=[...])   -> read_run(out_dir)
    sweep(sweep_yaml_path, out_dir, jobs=2)        -> read_sweep(out_dir)
    read_run(dir)   -> {"summary": DataFrame (one row per function + "account"),
                        "timeseries": DataFrame, "account": DataFrame, "manifest": dict}
    read_sweep(dir) -> {"runs": DataFrame, "points": DataFrame, "manifest": dict}

The binary is $LAMBDASIM_BINARY, else ../build/lambdasim relative to this file.
"""
import json
import math
import os
import subprocess

import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))


def binary():
    return os.environ.get("LAMBDASIM_BINARY", os.path.join(HERE, "..", "build", "lambdasim"))


def _call(args):
    p = subprocess.run([binary(), *args], capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"lambdasim {' '.join(args)} exited {p.returncode}:\n{p.stderr}{p.stdout}")
    return p.stdout


def run(scenario, out_dir, sets=()):
    args = ["run", str(scenario), "--out", str(out_dir), "--quiet"]
    for s in sets:
        args += ["--set", s]
    _call(args)
    return read_run(out_dir)


def sweep(sweep_file, out_dir, jobs=2):
    _call(["sweep", str(sweep_file), "--out", str(out_dir), "--jobs", str(jobs), "--quiet"])
    return read_sweep(out_dir)


def read_run(d):
    with open(os.path.join(d, "summary.json")) as f:
        s = json.load(f)
    rows = {name: vals for name, vals in s["functions"].items()}
    rows["account"] = s["account"]
    summary = pd.DataFrame.from_dict(rows, orient="index")
    with open(os.path.join(d, "manifest.json")) as f:
        manifest = json.load(f)
    return {
        "summary": summary,
        "timeseries": pd.read_csv(os.path.join(d, "timeseries.csv")),
        "account": pd.read_csv(os.path.join(d, "account_timeseries.csv")),
        "manifest": manifest,
    }


def read_sweep(d):
    with open(os.path.join(d, "sweep.json")) as f:
        manifest = json.load(f)
    return {
        "runs": pd.read_csv(os.path.join(d, "runs.csv")),
        "points": pd.read_csv(os.path.join(d, "points.csv")),
        "manifest": manifest,
    }


def erlang_b(c, a):
    """Blocking probability of M/G/c/c with offered load a (Erlang B)."""
    b = 1.0
    for k in range(1, int(c) + 1):
        b = a * b / (k + a * b)
    return b


def littles_law(rps, mean_duration_s):
    return rps * mean_duration_s


__all__ = ["binary", "run", "sweep", "read_run", "read_sweep", "erlang_b", "littles_law", "math"]
