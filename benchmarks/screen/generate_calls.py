#!/usr/bin/env python3
"""Generates the calls file the `chinadial screen` throughput figure is measured on.

Columns: id,at,caller_id,destination,purpose,client_ip,answered,duration_s (see
src/ChinaDial.Compliance.Cli/Input/CallsFile.cs). Defaults: 1,000,000 rows, 200 caller IDs
(+12065550100 ... +12065550299), 5,000,000 possible callees (+86 138 mobile numbers), one call every
50 ms from 2026-11-23T08:00:00+08:00, purposes marketing/service/callback in rotation, half the rows
with an outcome (answered true/false, duration_s). Deterministic for a given --seed.

    python3 benchmarks/screen/generate_calls.py calls-1m.csv
"""
import argparse
import datetime
import random


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--caller-ids", type=int, default=200)
    parser.add_argument("--callees", type=int, default=5_000_000)
    parser.add_argument("--interval-ms", type=int, default=50)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--shuffle", action="store_true", help="write the rows out of `at` order")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    start = datetime.datetime(2026, 11, 23, 8, 0, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
    purposes = ("marketing", "service", "callback")
    rows = []
    for i in range(args.rows):
        at = start + datetime.timedelta(milliseconds=i * args.interval_ms)
        stamp = at.isoformat(timespec="milliseconds")
        caller_id = f"+1206555{100 + rng.randrange(args.caller_ids):04d}"
        destination = f"+86138{rng.randrange(args.callees):08d}"
        purpose = purposes[i % 3]
        client_ip = f"10.0.{rng.randrange(256)}.{rng.randrange(256)}" if purpose == "callback" else ""
        if rng.random() < 0.5:
            answered = rng.random() < 0.6
            duration = str(rng.randrange(5, 300)) if answered else "0"
            outcome = f"{'true' if answered else 'false'},{duration}"
        else:
            outcome = ","
        rows.append(f"c{i:07d},{stamp},{caller_id},{destination},{purpose},{client_ip},{outcome}\n")

    if args.shuffle:
        rng.shuffle(rows)
    with open(args.output, "w", encoding="utf-8", newline="") as out:
        out.write("id,at,caller_id,destination,purpose,client_ip,answered,duration_s\n")
        out.writelines(rows)


if __name__ == "__main__":
    main()
