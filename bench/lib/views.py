#!/usr/bin/env python3
"""Each path of a file requested on its own, one request at a time, n times: what each report view costs alone.

    views.py <base-url> <token> <paths-file> <n>

Prints one JSON line per path: {"path", "requests", "p50", "p95", "max" (ms), "bytes", "non2xx", "failed"}.
"""
import http.client
import json
import sys
import time
import urllib.parse


def main():
    base, token, paths_file, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    url = urllib.parse.urlparse(base)
    headers = {"Authorization": f"Bearer {token}"}
    for path in [line.strip() for line in open(paths_file) if line.strip()]:
        times, non2xx, size, statuses = [], 0, 0, {}
        for _ in range(n):
            conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
            began = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                body = response.read()
                status = response.status
            except OSError as e:
                status, body = 0, str(e).encode()
            times.append((time.perf_counter() - began) * 1000)
            conn.close()
            statuses[str(status)] = statuses.get(str(status), 0) + 1
            size = len(body)
            if status // 100 != 2:
                non2xx += 1
        times.sort()
        pick = lambda q: times[max(0, min(len(times) - 1, int(q / 100 * len(times) + 0.999) - 1))]
        name = path.split("?")[0].replace("/api/v1/", "")
        print(json.dumps({"path": name, "requests": n, "p50": round(pick(50), 2), "p95": round(pick(95), 2),
                          "max": round(times[-1], 2), "bytes": size, "non2xx": non2xx, "statuses": statuses,
                          "failed": non2xx > 0}), flush=True)


if __name__ == "__main__":
    main()
