#!/usr/bin/env python3
"""How each cost grows with the data: reads two result JSONs of bench/run (e.g. --size 10k and --size 1m) and prints,
for every scenario and variant both measured, p95 and throughput in each and the p95 ratio larger/smaller.

    growth.py <smaller.json> <larger.json>     (bench/run --growth A.json B.json)

Issue 15 asks for a p95(1M)/p95(10k) ratio <= 1.5 for indexed reads; the "<= 1.5" column says whether a row meets
it (writes, freshness and one-off figures have no p95 and are left out). Rows are matched by scenario and variant,
with a count of items in a scenario's name ("customer with 1000 items") read as the same scenario, since the big
customer grows with the data set too. Exits 0: this is a table, not a check.
"""
import json
import re
import sys


def key(row):
    return re.sub(r"\d[\d,]* items", "N items", row["scenario"]), row["variant"]


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: bench/run --growth <smaller.json> <larger.json>")
    a, b = (json.load(open(p)) for p in sys.argv[1:3])
    def measured(r):  # a row with latencies (not a one-off figure) that got answers
        return r.get("p95") is not None and r.get("requests", 1) != 0

    rows_a = {key(r): r for r in a["rows"] if measured(r)}
    header = ("scenario", "variant", f"p95 ms {a['meta']['size']}", f"p95 ms {b['meta']['size']}", "p95 ratio",
              "<= 1.5", f"req/s {a['meta']['size']}", f"req/s {b['meta']['size']}")
    table = [header]
    for r in b["rows"]:
        k = key(r)
        if not measured(r) or k not in rows_a:
            continue
        first = rows_a[k]
        ratio = r["p95"] / first["p95"] if first["p95"] else None
        read = not k[0].startswith(("create", "event freshness"))
        table.append((k[0], k[1], f"{first['p95']:,.2f}", f"{r['p95']:,.2f}",
                      f"{ratio:.2f}" if ratio is not None else "-",
                      ("yes" if ratio <= 1.5 else "NO") if read and ratio is not None else "",
                      f"{first.get('rps') or 0:,.1f}", f"{r.get('rps') or 0:,.1f}"))
    widths = [max(len(str(t[c])) for t in table) for c in range(len(header))]
    for i, t in enumerate(table):
        print("| " + " | ".join(str(v).ljust(w) for v, w in zip(t, widths)) + " |")
        if i == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    print(f"\n{sys.argv[1]} ({a['meta'].get('started')}, commit {a['meta'].get('commit')}, load "
          f"{a['meta'].get('load_average_before_after')}) -> {sys.argv[2]} ({b['meta'].get('started')}, commit "
          f"{b['meta'].get('commit')}, load {b['meta'].get('load_average_before_after')})")


if __name__ == "__main__":
    main()
