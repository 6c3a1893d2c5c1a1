#!/usr/bin/env python3
"""Consumer throughput by replica count, on the compose platform: how fast reporting-service's consumer group drains
a burst of events with 1, 2, 3 … replicas (up to the topics' partition count, 6).

    replicas.py <compose project> <events per run> <replica counts, e.g. 1,3,6> <out.json>

For each count: reporting-service is scaled to it (the other consumers are stopped for the whole measurement, so
they do not compete for the machine), and once every replica is healthy a burst of crm.contact.created events with
new contact ids is produced straight into Kafka by kcat (the platform's own envelope, taken from a real event and
given new ids, keyed by contact id so the 6 partitions share it). The figure is events / (time from the first
event produced until the group's lag, as reporting-service's /api/v1/reports/freshness reports it, is 0 on every
topic). The baseline of the same run is kcat's own rate into the topic. Prints one JSON object.
"""
import json
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid

GATEWAY = "http://localhost:8080"
AUTH = "http://localhost:9000"
KAFKA = "localhost:29092"
FILES = ["-f", "deploy/compose/docker-compose.yaml", "-f", "deploy/compose/replicas.yaml"]
OTHER_CONSUMERS = ["deal-service", "activity-service", "notification-service"]


def sh(*args, capture=True):
    result = subprocess.run(args, check=True, text=True, capture_output=capture)
    return result.stdout if capture else ""


def compose(project, *args):
    plugin = subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0
    command = ["docker", "compose"] if plugin else ["docker-compose"]
    return sh(*command, "-p", project, *FILES, *args)


def token():
    body = urllib.parse.urlencode({"grant_type": "client_credentials"}).encode()
    request = urllib.request.Request(AUTH + "/oauth2/token", data=body)
    request.add_header("Authorization", "Basic " + __import__("base64").b64encode(b"reporting-export:reporting-secret").decode())
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["access_token"]


def lag(bearer):
    request = urllib.request.Request(GATEWAY + "/api/v1/reports/freshness")
    request.add_header("Authorization", "Bearer " + bearer)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return sum(t["lag"] for t in json.load(response)["topics"])
    except Exception:
        return None  # a replica still joining the group, or the gateway between replicas: ask again


def healthy(project, service, count):
    names = sh("docker", "ps", "--filter", f"label=com.docker.compose.project={project}",
               "--filter", f"label=com.docker.compose.service={service}", "--format", "{{.Status}}").split("\n")
    return sum(1 for n in names if "(healthy)" in n) == count


def template():
    """One real contact-created event from the topic, as the platform wrote it."""
    out = sh("kcat", "-b", KAFKA, "-t", "crm.contact", "-C", "-o", "beginning", "-e", "-q", "-f", "%s\n")
    for line in out.splitlines():
        event = json.loads(line)
        if event.get("type") == "crm.contact.created.v1":
            return event
    raise SystemExit("replicas: no crm.contact.created.v1 event in the topic to copy (load the demo data first)")


def burst(event, count, run):
    lines = []
    for i in range(count):
        contact = str(uuid.uuid4())
        copy = json.loads(json.dumps(event))
        copy["id"] = str(uuid.uuid4())
        copy["subject"] = contact
        data = copy["data"]["contact"]
        data.update({"id": contact, "firstName": "Replica", "lastName": f"{run}-{i}", "emails": [], "phones": [],
                     "leadSource": run, "tags": [run], "ownerId": None})
        lines.append(contact + "\t" + json.dumps(copy, separators=(",", ":")))
    return "\n".join(lines) + "\n"


def main():
    project, events, counts, out = sys.argv[1], int(sys.argv[2]), [int(c) for c in sys.argv[3].split(",")], sys.argv[4]
    event = template()
    for service in OTHER_CONSUMERS:
        compose(project, "stop", service)
    results = []
    try:
        for count in counts:
            compose(project, "up", "-d", "--no-recreate", "--scale", f"reporting-service={count}", "reporting-service")
            deadline = time.time() + 600
            while not healthy(project, "reporting-service", count):
                if time.time() > deadline:
                    raise SystemExit(f"replicas: {count} reporting-service replicas not healthy within 600 s")
                time.sleep(2)  # spaces the checks of the containers' health
            bearer = token()
            while lag(bearer) != 0:  # the group settled on its members and has nothing left from before
                time.sleep(0.5)  # spaces the checks of the lag
            run = f"replicas-{count}-{uuid.uuid4().hex[:6]}"
            payload = burst(event, events, run)
            started = time.time()
            subprocess.run(["kcat", "-b", KAFKA, "-t", "crm.contact", "-P", "-K", "\t",
                            "-H", "content-type=application/cloudevents+json; charset=UTF-8"],
                           input=payload, text=True, check=True)
            produced = time.time() - started
            while True:
                current = lag(bearer)
                if current == 0:
                    break
                if time.time() - started > 900:
                    raise SystemExit(f"replicas: {count} replicas did not drain {events} events within 900 s")
                time.sleep(0.2)  # spaces the checks of the lag
            drained = time.time() - started
            result = {"replicas": count, "events": events, "seconds": round(drained, 2),
                      "eventsPerSecond": round(events / drained), "kcatEventsPerSecond": round(events / produced)}
            print("replicas:", json.dumps(result), file=sys.stderr, flush=True)
            results.append(result)
    finally:
        for service in OTHER_CONSUMERS:
            compose(project, "start", service)
    base = results[0]["eventsPerSecond"]
    for r in results:
        r["speedup"] = round(r["eventsPerSecond"] / base, 2)
    with open(out, "w") as f:
        json.dump({"partitions": 6, "runs": results}, f, indent=2)
    print(json.dumps({"partitions": 6, "runs": results}))


if __name__ == "__main__":
    main()
