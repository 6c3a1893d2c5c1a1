#!/usr/bin/env python3
"""Turns the rows bench/run recorded (rows.jsonl, one JSON object per measurement) into the table it prints and the
JSON it keeps.

    report.py <rows.jsonl> <out.json> <meta-json>

A row: {"scenario", "variant", "rps"?, "p50"?, "p95"?, "p99"?, "value"?, "unit"?, "failed"?, "note"?}. Rows with the
same scenario are compared: the first variant is the figure, the others are its baselines from the same run, and the
"vs first" column is the first variant's throughput divided by this one's (0.50x: the figure reaches half the
baseline's requests per second).
"""
import json
import sys


def fmt(value, digits=1):
    if value is None:
        return "-"
    if isinstance(value, (int, float)):
        return f"{value:,.{digits}f}"
    return str(value)


def main():
    rows_path, out_path, meta = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    rows = [json.loads(line) for line in open(rows_path) if line.strip()]
    scenarios = {}
    for row in rows:
        scenarios.setdefault(row["scenario"], []).append(row)
    lines = []
    header = ("scenario", "variant", "req/s", "p50 ms", "p95 ms", "p99 ms", "value", "vs first", "ok")
    table = [header]
    for name, variants in scenarios.items():
        first = variants[0]
        for i, row in enumerate(variants):
            ratio = None
            if i > 0 and first.get("rps") and row.get("rps"):
                r = first["rps"] / row["rps"]
                ratio = f"{r:.2f}x thr" if r >= 0.1 else f"{r:.3f}x thr"
            row["ratio_first_to_this"] = ratio
            value = row.get("value")
            if value is None and (row.get("non2xx") or 0) > 0:
                row["note"] = "answers " + ", ".join(f"{k}: {v}" for k, v in sorted(row.get("statuses", {}).items()))
            elif value is None and row.get("failed") and row.get("requests") == 0:
                row["note"] = "no answer within the run"
            value = f"{fmt(value)} {row.get('unit', '')}".strip() if value is not None else (row.get("note") or "")
            status = "not yet" if row.get("todo") else ("FAIL" if row.get("failed") else "ok")
            table.append((name if i == 0 else "", row["variant"], fmt(row.get("rps")), fmt(row.get("p50"), 2),
                          fmt(row.get("p95"), 2), fmt(row.get("p99"), 2), value, ratio or "", status))
    widths = [max(len(str(r[c])) for r in table) for c in range(len(header))]
    for r in table:
        lines.append("| " + " | ".join(str(v).ljust(w) for v, w in zip(r, widths)) + " |")
        if r is header:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    print("\n".join(lines))
    failed = [r for r in rows if r.get("failed")]
    with open(out_path, "w") as f:
        json.dump({"meta": meta, "rows": rows, "failed": len(failed)}, f, indent=2)
    print(f"\nwritten: {out_path}" + (f"   FAILED: {', '.join(r['scenario'] + '/' + r['variant'] for r in failed)}"
                                     if failed else ""))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
