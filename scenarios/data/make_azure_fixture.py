#!/usr/bin/env python3
"""Generates the small Azure Functions 2019-layout fixture used by azure_trace_replay.yaml.

Deterministic (fixed seed, stdlib only): running it again rewrites the same bytes.

  invocations.csv  HashOwner,HashApp,HashFunction,Trigger,1..1440 — per-minute counts of three
                   made-up functions: an HTTP API with a daily cycle and a lunchtime spike, a
                   timer-triggered job (a burst every 15 minutes) and a quiet queue consumer.
  durations.csv    HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum,
                   percentile_Average_{0,1,25,50,75,99,100} in milliseconds.

Usage: python3 scenarios/data/make_azure_fixture.py [output_dir]   (default: this directory)
"""
import hashlib
import math
import os
import random
import sys


def fake_hash(name):
    return hashlib.sha256(name.encode()).hexdigest()


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    rng = random.Random(2019)
    owner = fake_hash("owner-demo")
    app = fake_hash("app-demo")
    functions = [
        ("api", "http"),
        ("nightly", "timer"),
        ("consumer", "queue"),
    ]
    rows = []
    for name, trigger in functions:
        counts = []
        for m in range(1440):
            hour = m / 60.0
            if name == "api":
                # ~ 600/min at 14:00, ~ 100/min at 02:00, plus a 20-minute spike at 12:30.
                mean = 350 + 250 * math.cos(2 * math.pi * (hour - 14) / 24)
                if 750 <= m < 770:
                    mean *= 4
            elif name == "nightly":
                mean = 900 if m % 15 == 0 else 0
            else:
                mean = 12
            # Poisson-ish noise without numpy: a rounded normal, never negative.
            c = max(0, int(round(rng.gauss(mean, math.sqrt(mean))))) if mean > 0 else 0
            counts.append(c)
        rows.append((fake_hash(name), trigger, counts))

    with open(os.path.join(out, "invocations.csv"), "w", newline="\n") as f:
        f.write("HashOwner,HashApp,HashFunction,Trigger," + ",".join(str(i) for i in range(1, 1441)) + "\n")
        for h, trigger, counts in rows:
            f.write(",".join([owner, app, h, trigger] + [str(c) for c in counts]) + "\n")

    # Percentiles (ms) of each function's 30-second average durations.
    percentiles = {
        "api": [12, 18, 45, 80, 130, 600, 2400],
        "nightly": [900, 1100, 2500, 4000, 6000, 14000, 21000],
        "consumer": [5, 6, 9, 12, 20, 90, 300],
    }
    with open(os.path.join(out, "durations.csv"), "w", newline="\n") as f:
        f.write("HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum,percentile_Average_0,"
                "percentile_Average_1,percentile_Average_25,percentile_Average_50,percentile_Average_75,"
                "percentile_Average_99,percentile_Average_100\n")
        for (h, _, counts), (name, _) in zip(rows, functions):
            p = percentiles[name]
            avg = sum(p[1:6]) / 5.0
            f.write(",".join([owner, app, h, "%.1f" % avg, str(sum(counts)), str(p[0]), str(p[6])] +
                             [str(x) for x in p]) + "\n")


if __name__ == "__main__":
    main()
