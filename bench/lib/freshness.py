#!/usr/bin/env python3
"""Event freshness: creates contacts through the gateway at a steady rate and measures, for each, how long until an
independent Kafka consumer (kcat, not a platform service) receives its crm.contact.created event.

    freshness.py <gateway-url> <token> <bootstrap> <rate-per-second> <seconds> <out.json> [<reporting-url>]

kcat reads from the end of the topic; writes repeat until one reaches it, then the measured writes start.
Freshness = the time kcat hands the event over minus the event's own "time" (set by contact-service inside the
transaction that commits the contact and its outbox row). Same machine, same clock. Prints one JSON object; exits 1
if a write is not 2xx or an event does not arrive within 30 s.

With a reporting-service URL, it also measures freshness to the customer 360 view: one thread asks reporting-service
directly (GET /api/v1/customers/<id>/360, 404 until the contact is in the read model) for every written contact not
yet seen, round-robin, as fast as it answers; the time the first 200 arrives minus the event's "time" is the figure
(it includes one request, a few ms). Those figures go under "view" in the output, with how many were not in the view
30 s after the last write ("missing"); a late view is not a failure, an error answer is.
"""
import http.client
import json
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from datetime import datetime


def parse_time(text):
    # Instant.toString may carry up to nanoseconds; Python reads microseconds.
    text = re.sub(r"(\.\d{6})\d+", r"\1", text.replace("Z", "+00:00"))
    return datetime.fromisoformat(text).timestamp()


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return None
    k = max(0, min(len(ordered) - 1, int(round(p / 100 * len(ordered) + 0.5)) - 1))
    return ordered[k]


def main():
    gateway, token, bootstrap, rate, seconds, out = sys.argv[1:7]
    reporting = sys.argv[7] if len(sys.argv) > 7 else None
    rate, seconds = float(rate), float(seconds)
    run = str(int(time.time() * 1000))
    seen = {}
    cond = threading.Condition()
    errors = open(out + ".kcat.log", "w")
    consumer = subprocess.Popen(
        ["kcat", "-C", "-b", bootstrap, "-t", "crm.contact", "-o", "end", "-u", "-q", "-f", "%s\\n"],
        stdout=subprocess.PIPE, stderr=errors, text=True, bufsize=1)

    def read():
        for line in consumer.stdout:
            received = time.time()
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if event.get("type", "").startswith("crm.contact.created"):
                with cond:
                    seen[str(event.get("subject"))] = (received, parse_time(event["time"]))
                    cond.notify_all()

    threading.Thread(target=read, daemon=True).start()
    pending = []  # contacts written, not yet in the 360 view
    in_view = {}  # contact id -> when the view first answered 200
    view_errors = []
    stop = threading.Event()

    def watch():
        rurl = urllib.parse.urlparse(reporting)
        rconn = http.client.HTTPConnection(rurl.hostname, rurl.port, timeout=10)
        auth = {"Authorization": f"Bearer {token}"}
        while not stop.is_set():
            with cond:
                todo = [i for i in pending if i not in in_view]
            if not todo:
                stop.wait(0.002)
                continue
            for contact in todo:
                try:
                    rconn.request("GET", f"/api/v1/customers/{contact}/360", headers=auth)
                    response = rconn.getresponse()
                    response.read()
                except (OSError, http.client.HTTPException) as e:
                    view_errors.append(f"GET 360 -> {e!r}")
                    rconn.close()
                    rconn = http.client.HTTPConnection(rurl.hostname, rurl.port, timeout=10)
                    continue
                if response.status == 200:
                    with cond:
                        in_view[contact] = time.time()
                        cond.notify_all()
                elif response.status != 404:
                    view_errors.append(f"GET 360 -> {response.status}")

    url = urllib.parse.urlparse(gateway)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    failures = []

    def create(n):
        body = json.dumps({"firstName": "Fresh", "lastName": f"Event{n}", "tags": ["bench"],
                           "emails": [{"address": f"f{run}.{n}@fresh.bench.example", "primary": True}]})
        conn.request("POST", "/api/v1/contacts", body, headers)
        response = conn.getresponse()
        payload = response.read()
        if response.status // 100 != 2:
            failures.append(f"POST /api/v1/contacts -> {response.status} {payload[:200]!r}")
            return None
        return json.loads(payload)["id"]

    def wait_for(ids, timeout):
        deadline = time.time() + timeout
        with cond:
            while not all(i in seen for i in ids):
                left = deadline - time.time()
                if left <= 0:
                    return False
                cond.wait(left)
        return True

    # Warm-up: kcat starts at the end of each partition once it has joined; write until one of these writes reaches
    # it (at most 60 s), so kcat's connection time is not counted.
    warm = []
    began = time.time()
    ready = False
    while not ready and not failures and time.time() - began < 60:
        created = create(-len(warm))
        if created:
            warm.append(created)
        with cond:
            ready = cond.wait_for(lambda: any(i in seen for i in warm), 2)
    if not ready:
        consumer.kill()
        print(json.dumps({"error": failures or ["no warm-up event reached kcat within 60 s"]}))
        sys.exit(1)
    ids = []
    if reporting:
        threading.Thread(target=watch, daemon=True).start()
    interval = 1.0 / rate
    began = time.time()
    n = 0
    while time.time() - began < seconds:
        n += 1
        created = create(n)
        if created:
            ids.append(created)
            if reporting:
                with cond:
                    pending.append(created)
        pause = began + n * interval - time.time()  # a steady rate: the next write's slot, not a fixed pause
        if pause > 0:
            time.sleep(pause)
    arrived = wait_for(ids, 30)
    if reporting:
        deadline = time.time() + 30
        with cond:
            while not all(i in in_view for i in ids) and time.time() < deadline:
                cond.wait(max(0.0, deadline - time.time()))
        stop.set()
    consumer.kill()
    lags = [(seen[i][0] - seen[i][1]) * 1000 for i in ids if i in seen]
    result = {"writes": len(ids), "rate": round(len(ids) / (time.time() - began), 1) if ids else 0,
              "received": len(lags), "p50": percentile(lags, 50), "p95": percentile(lags, 95),
              "p99": percentile(lags, 99), "max": max(lags) if lags else None, "non2xx": len(failures),
              "missing": len(ids) - len(lags)}
    result = {k: (round(v, 2) if isinstance(v, float) else v) for k, v in result.items()}
    if reporting:
        view_lags = [(in_view[i] - seen[i][1]) * 1000 for i in ids if i in in_view and i in seen]
        result["view"] = {k: (round(v, 2) if isinstance(v, float) else v) for k, v in {
            "received": len(view_lags), "p50": percentile(view_lags, 50), "p95": percentile(view_lags, 95),
            "p99": percentile(view_lags, 99), "max": max(view_lags) if view_lags else None,
            "missing": len(ids) - len(view_lags), "non2xx": len(view_errors)}.items()}
        failures.extend(view_errors[:5])
    if failures:
        result["errors"] = failures[:5]
    with open(out, "w") as f:
        json.dump(result, f)
    print(json.dumps(result))
    # A view that is late is a figure (its "missing" count), not a failure: reporting-service may still be consuming
    # a backlog; only errors fail. kcat's events must all arrive, as before.
    sys.exit(0 if arrived and not failures else 1)


if __name__ == "__main__":
    main()
