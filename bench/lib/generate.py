#!/usr/bin/env python3
"""Generates the benchmark's contacts and companies as COPY text, from a fixed seed.

    generate.py <contacts> <out-dir> [seed]

Writes company.tsv, contact.tsv and contact_email.tsv in PostgreSQL COPY text format, with the columns bench/run
names in its \\copy commands. The same size and seed always give the same rows (ids included), so runs compare.
Every row is created by "bench-loader" and every email is at a *.bench.example domain: that is how bench/run finds
(and replaces) its own rows.
"""
import json
import os
import random
import sys
import uuid

FIRST = ("Ada Alan Grace Linus Barbara Edsger Donald Margaret Ken Dennis Frances Radia Tim Vint Katherine John Joan "
         "Hedy Claude Sophie Niklaus Guido Bjarne James Anita Shafi Leslie Tony Robin Mary Annie Dorothy Evelyn Jean "
         "Karen Lynn Marian Rosa Carl Erik Ingrid Lars Maja Noor Omar Priya Ravi Sanjay Tomas Yuki Zoe").split()
LAST = ("Lovelace Turing Hopper Torvalds Liskov Dijkstra Knuth Hamilton Thompson Ritchie Allen Perlman Berners-Lee "
        "Cerf Johnson McCarthy Clarke Lamarr Shannon Wilson Wirth Rossum Stroustrup Gosling Borg Goldwasser Lamport "
        "Hoare Milner Keller Easley Vaughan Boyd Sammet Jones Conway Wing Peters Sagan Nilsson Berg Larsen Jansen "
        "Haddad Khan Patel Sharma Novak Tanaka Moreau Fischer Weber Schmidt Rossi Silva Costa Dubois Nakamura").split()
WORDS = ("acme globex initech umbrella stark wayne tyrell cyberdyne soylent hooli pied piper vandelay wonka gringotts "
         "oscorp nakatomi aperture black mesa monarch dunder mifflin prestige massive dynamic sterling cooper north "
         "south east west blue green red silver golden river lake mountain harbor bridge").split()
SUFFIX = ["Ltd", "Inc", "GmbH", "AG", "SA", "BV", "Group", "Labs", "Systems", "Partners"]
INDUSTRY = ["software", "retail", "finance", "health", "manufacturing", "energy", "education", "media"]
TAGS = ["vip", "newsletter", "event-2026", "partner", "churn-risk", "trial", "enterprise", "smb", "webinar", "beta"]
STAGES = ["subscriber", "lead", "marketing-qualified", "sales-qualified", "opportunity", "customer", "evangelist",
          "other"]
SOURCES = ["web", "referral", "event", "cold-call", "partner", "ads"]
TITLES = ["CEO", "CTO", "Head of Sales", "Buyer", "Engineer", "Office Manager", "Marketing Lead", "Support Lead"]
LOADER = "bench-loader"
EPOCH = 1767225600  # 2026-01-01T00:00:00Z: created_at spreads over the year before, deterministically


def esc(value):
    if value is None:
        return "\\N"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def ts(seconds):
    import datetime
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S+00")


def main():
    count = int(sys.argv[1])
    out = sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 42
    rnd = random.Random(seed)
    ids = random.Random(seed + 1)
    os.makedirs(out, exist_ok=True)
    companies = max(1, count // 10)
    company_ids = []
    with open(os.path.join(out, "company.tsv"), "w") as f:
        for n in range(companies):
            cid = uuid.UUID(int=ids.getrandbits(128), version=4)
            company_ids.append(cid)
            name = f"{rnd.choice(WORDS).title()} {rnd.choice(WORDS).title()} {rnd.choice(SUFFIX)}"
            created = EPOCH - rnd.randrange(365 * 86400)
            row = [cid, 1, name, f"co{n}.bench.example", rnd.choice(INDUSTRY), rnd.choice(["1-10", "11-50", "51-200"]),
                   "{}", LOADER, ts(created), LOADER, ts(created)]
            f.write("\t".join(esc(v) for v in row) + "\n")
    with open(os.path.join(out, "contact.tsv"), "w") as f, open(os.path.join(out, "contact_email.tsv"), "w") as e:
        for n in range(count):
            cid = uuid.UUID(int=ids.getrandbits(128), version=4)
            first, last = rnd.choice(FIRST), rnd.choice(LAST)
            company = rnd.randrange(companies)
            email = f"{first}.{last}.{n}@co{company}.bench.example".lower()
            phone = f"+1 555 {rnd.randrange(10000000):07d}"
            title = rnd.choice(TITLES)
            tags = sorted(set(rnd.sample(TAGS, rnd.randrange(4))))
            created = EPOCH - rnd.randrange(365 * 86400)
            updated = created + rnd.randrange(30 * 86400)
            emails = json.dumps([{"address": email, "primary": True}], separators=(",", ":"))
            phones = json.dumps([{"number": phone, "type": "work"}], separators=(",", ":"))
            digits = "".join(ch for ch in phone if ch.isdigit())
            search = " ".join(s.lower() for s in (first, last, title, email, phone, digits))
            row = [cid, 1, first, last, emails, phones, title, company_ids[company], rnd.choice(STAGES),
                   rnd.choice(SOURCES), "{" + ",".join(tags) + "}", "{}", LOADER, ts(created), LOADER, ts(updated),
                   search]
            f.write("\t".join(esc(v) for v in row) + "\n")
            e.write(f"{email}\t{cid}\n")


if __name__ == "__main__":
    main()
