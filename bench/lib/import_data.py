#!/usr/bin/env python3
"""Rows for bench/import: N contacts as a CSV to import, and the same contacts as COPY files for the baseline.

Usage: import_data.py N DIR TAG. Writes DIR/contacts.csv (Email, First name, Last name, Phone, Job title, Tags) and
DIR/contact.copy + DIR/contact_email.copy: the rows contact-service would store for them (same columns as its insert,
search text as it computes it), so the baseline COPY does the work the import's inserts do, indexes and triggers
included. Deterministic for a given N and TAG (the seed is the TAG, so two runs do not repeat each other's phone
numbers, which would make every row of the second a duplicate of the first; the numbers are spread over ten digits,
so a million rows share a number only a few hundred times, as real lists do).
"""
import csv
import json
import random
import sys
import uuid

n, out, tag = int(sys.argv[1]), sys.argv[2], sys.argv[3]
rnd = random.Random(tag)
FIRST = ["Ada", "Grace", "Alan", "Barbara", "Edsger", "Frances", "Donald", "Margaret", "Ken", "Radia", "Linus",
         "Katherine", "John", "Hedy", "Tim", "Sophie", "Niklaus", "Shafi", "Leslie", "Anita"]
LAST = ["Lovelace", "Hopper", "Turing", "Liskov", "Dijkstra", "Allen", "Knuth", "Hamilton", "Thompson", "Perlman",
        "Torvalds", "Johnson", "McCarthy", "Lamarr", "Berners-Lee", "Wilson", "Wirth", "Goldwasser", "Lamport", "Borg"]
TITLES = ["Engineer", "Buyer", "CTO", "Head of Sales", "Analyst", "Office Manager", "Founder", ""]
TAGS = ["vip", "newsletter", "partner", "event-2026", "churn-risk"]
NOW = "2026-12-01T00:00:00Z"


def esc(value):
    """A COPY text-format field."""
    if value is None:
        return "\\N"
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


with open(f"{out}/contacts.csv", "w", newline="", encoding="utf-8") as f_csv, \
        open(f"{out}/contact.copy", "w", encoding="utf-8") as f_contact, \
        open(f"{out}/contact_email.copy", "w", encoding="utf-8") as f_email:
    w = csv.writer(f_csv)
    w.writerow(["Email", "First name", "Last name", "Phone", "Job title", "Tags"])
    for i in range(n):
        first, last = rnd.choice(FIRST), rnd.choice(LAST)
        email = f"{tag}-{i}@example.com"
        phone = f"+1 {rnd.randrange(200, 999)} {rnd.randrange(1000000, 9999999)}"
        title = rnd.choice(TITLES)
        tags = sorted(set(rnd.sample(TAGS, rnd.randrange(0, 3))))
        w.writerow([email, first, last, phone, title, "; ".join(tags)])
        cid = str(uuid.UUID(int=rnd.getrandbits(128), version=4))
        emails = json.dumps([{"address": email, "primary": True}])
        phones = json.dumps([{"number": phone, "type": None}])
        search = " ".join(s.lower() for s in [first, last, title or None, email, phone,
                                               "".join(c for c in phone if c.isdigit())] if s)
        pg_tags = "{" + ",".join(tags) + "}"
        f_contact.write("\t".join(esc(v) for v in [
            cid, "1", first, last, emails, phones, title or None, None, None, None, None, pg_tags, None, "{}",
            "unknown", None, None, "bench-copy", NOW, "bench-copy", NOW, None, None, search]) + "\n")
        f_email.write(f"{email}\t{cid}\n")
