#!/usr/bin/env python3
"""Generates the benchmark's data set as COPY text, and the same records as the events their services would have
published, from a fixed seed.

    generate.py <contacts> <out-dir> [seed]

Writes, in PostgreSQL COPY text format with the columns bench/run names in its \\copy commands:
- contact-service: company.tsv (contacts / 10), contact.tsv, contact_email.tsv;
- deal-service: pipeline.tsv, stage.tsv (two pipelines), deal.tsv (contacts / 10 deals, 90% in the first pipeline;
  60% open, 25% won, 15% lost), deal_stage_change.tsv (the stage each deal was created in);
- activity-service: activity.tsv (as many activities as contacts), task.tsv (contacts / 20), ticket.tsv
  (contacts / 100), plus the "big customer" (the first contact): min(10,000, contacts / 10) timeline items in all,
  90% activities, 5% tasks, 5% tickets;
and events/<topic>.jsonl: "<key>\t<CloudEvent JSON>" per line, the created events of every record (and a won or
lost event for closed deals), in the shape the services publish (schema-valid), for kcat to produce. meta.json names
the ids bench/run reads (the big customer, a typical one, the pipelines, a deal with a timeline).
The same size and seed always give the same rows (ids included), so runs compare. The contact rows do not depend on
the rest (a data set made before deals existed has the same contacts). Every row is created by "bench-loader" and
every email is at a *.bench.example domain: that is how bench/run finds (and replaces) its own rows.
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


NOW = 1764547200  # 2026-12-01T00:00:00Z: deals and activities spread over the year before, deterministically
OWNERS = [f"u-bench-{n}" for n in range(1, 51)]
PIPELINES = [("Bench new business", [("Qualified", 10, 14), ("Discovery", 20, 21), ("Proposal", 40, 21),
                                     ("Negotiation", 70, 30), ("Commit", 90, None), ("Contract sent", 95, None)]),
             ("Bench renewals", [("Upcoming", 50, None), ("In review", 70, 30), ("Agreed", 90, None)])]
CURRENCIES = ["EUR", "EUR", "EUR", "USD", "USD", "GBP"]
LOST = ["price", "competitor", "no budget", "timing", "no decision"]
SUBJECTS = ["Intro call", "Follow-up", "Quote sent", "Demo", "Renewal check-in", "Pricing question", "Kick-off",
            "Contract review", "Support follow-up", "Quarterly review"]


def iso(seconds):
    import datetime
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def day(seconds):
    import datetime
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime("%Y-%m-%d")


def arr(values):
    return "{" + ",".join(str(v) for v in values) + "}"


class Events:
    """One JSONL file per topic, "<key>\\t<event>" per line, each event a CloudEvent as the services publish it."""

    def __init__(self, out, seed):
        self.dir = os.path.join(out, "events")
        os.makedirs(self.dir, exist_ok=True)
        self.files = {}
        self.ids = random.Random(seed + 7)
        self.count = 0

    def emit(self, etype, source, subject, version, seconds, actor, data):
        topic = etype[:etype.index(".", 4)]
        if topic not in self.files:
            self.files[topic] = open(os.path.join(self.dir, topic + ".jsonl"), "w")
        # A UUID v7, as the services make them: the event's time in milliseconds, then random bits.
        bits = (int(seconds * 1000) << 80) | (0x7 << 76) | (self.ids.getrandbits(12) << 64) | (0b10 << 62) \
            | self.ids.getrandbits(62)
        event = {"specversion": "1.0", "id": str(uuid.UUID(int=bits)),
                 "source": source, "type": etype, "subject": str(subject), "time": iso(seconds),
                 "datacontenttype": "application/json", "dataschema": f"urn:atrium:schema:{etype}.schema.json",
                 "aggregateversion": version, "actor": actor, "data": data}
        self.files[topic].write(f"{subject}\t{json.dumps(event, separators=(',', ':'))}\n")
        self.count += 1

    def close(self):
        for f in self.files.values():
            f.close()


def main():
    count = int(sys.argv[1])
    out = sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 42
    rnd = random.Random(seed)
    ids = random.Random(seed + 1)
    os.makedirs(out, exist_ok=True)
    events = Events(out, seed)
    companies = max(1, count // 10)
    company_ids = []
    with open(os.path.join(out, "company.tsv"), "w") as f:
        for n in range(companies):
            cid = uuid.UUID(int=ids.getrandbits(128), version=4)
            company_ids.append(cid)
            name = f"{rnd.choice(WORDS).title()} {rnd.choice(WORDS).title()} {rnd.choice(SUFFIX)}"
            created = EPOCH - rnd.randrange(365 * 86400)
            industry = rnd.choice(INDUSTRY)
            size = rnd.choice(["1-10", "11-50", "51-200"])
            row = [cid, 1, name, f"co{n}.bench.example", industry, size, "{}", LOADER, ts(created), LOADER,
                   ts(created)]
            f.write("\t".join(esc(v) for v in row) + "\n")
            events.emit("crm.company.created.v1", "/contact-service", cid, 1, created, LOADER, {"company": {
                "id": str(cid), "version": 1, "name": name, "domain": f"co{n}.bench.example", "industry": industry,
                "size": size, "address": None, "ownerId": None, "tags": [], "customFields": {}, "createdBy": LOADER,
                "createdAt": iso(created), "updatedBy": LOADER, "updatedAt": iso(created), "deletedAt": None}})
    contact_ids = []
    contact_company = []
    contact_email = []
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
            stage = rnd.choice(STAGES)
            source = rnd.choice(SOURCES)
            row = [cid, 1, first, last, emails, phones, title, company_ids[company], stage, source,
                   "{" + ",".join(tags) + "}", "{}", LOADER, ts(created), LOADER, ts(updated), search]
            f.write("\t".join(esc(v) for v in row) + "\n")
            e.write(f"{email}\t{cid}\n")
            contact_ids.append(cid)
            contact_company.append(company)
            contact_email.append(email)
            events.emit("crm.contact.created.v1", "/contact-service", cid, 1, updated, LOADER, {"contact": {
                "id": str(cid), "version": 1, "firstName": first, "lastName": last,
                "emails": [{"address": email, "primary": True}], "phones": [{"number": phone, "type": "work"}],
                "jobTitle": title, "companyId": str(company_ids[company]), "ownerId": None, "lifecycleStage": stage,
                "leadSource": source, "tags": tags, "address": None, "customFields": {},
                "consent": {"status": "unknown", "source": None, "changedAt": None},
                "createdBy": LOADER, "createdAt": iso(created), "updatedBy": LOADER, "updatedAt": iso(updated),
                "deletedAt": None}})
    more(count, out, seed, events, contact_ids, contact_company, contact_email, company_ids)
    events.close()


def more(count, out, seed, events, contact_ids, contact_company, contact_email, company_ids):
    """Deals, activities, tasks and tickets: their own random streams, so the contacts above never change."""
    rnd = random.Random(seed + 3)
    ids = random.Random(seed + 4)

    def new_id():
        return uuid.UUID(int=ids.getrandbits(128), version=4)

    meta = {"contacts": count}
    stages = []  # (pipeline index, stage id, probability, rotting days)
    with open(os.path.join(out, "pipeline.tsv"), "w") as pf, open(os.path.join(out, "stage.tsv"), "w") as sf:
        for p, (name, stage_defs) in enumerate(PIPELINES):
            pid = new_id()
            created = NOW - 400 * 86400
            pf.write("\t".join(esc(v) for v in [pid, 1, name, LOADER, ts(created), LOADER, ts(created), None]) + "\n")
            wire = []
            for position, (sname, probability, rotting) in enumerate(stage_defs):
                sid = new_id()
                stages.append((p, sid, probability, rotting))
                sf.write("\t".join(esc(v) for v in [sid, pid, sname, position, probability, rotting, None]) + "\n")
                wire.append({"id": str(sid), "name": sname, "probability": probability, "rottingDays": rotting})
            meta.setdefault("pipelines", []).append(str(pid))
            events.emit("crm.pipeline.created.v1", "/deal-service", pid, 1, created, LOADER, {"pipeline": {
                "id": str(pid), "version": 1, "name": name, "stages": wire, "createdBy": LOADER,
                "createdAt": iso(created), "updatedBy": LOADER, "updatedAt": iso(created), "archivedAt": None}})
    by_pipeline = [[s for s in stages if s[0] == p] for p in range(len(PIPELINES))]
    deals = max(1, count // 10)
    deal_ids = []
    deal_contact = []
    with open(os.path.join(out, "deal.tsv"), "w") as f, open(os.path.join(out, "deal_stage_change.tsv"), "w") as h:
        for n in range(deals):
            did = new_id()
            p = 0 if rnd.random() < 0.9 else 1
            pid = meta["pipelines"][p]
            stage = rnd.choice(by_pipeline[p])
            contact = rnd.randrange(count)
            company = company_ids[contact_company[contact]]
            owner = rnd.choice(OWNERS)
            created = NOW - rnd.randrange(365 * 86400)
            entered = created + rnd.randrange(60 * 86400)
            amount = f"{rnd.randrange(500, 500000)}.00"
            currency = rnd.choice(CURRENCIES)
            close = day(created + rnd.randrange(30, 240) * 86400)
            tags = sorted(set(rnd.sample(["enterprise", "smb", "upsell", "partner"], rnd.randrange(3))))
            source = rnd.choice(SOURCES)
            roll = rnd.random()
            status = "open" if roll < 0.6 else ("won" if roll < 0.85 else "lost")
            closed_at = entered + rnd.randrange(1, 90 * 86400) if status != "open" else None
            lost_reason = rnd.choice(LOST) if status == "lost" else None
            version = 1 if status == "open" else 2
            updated = closed_at or entered
            title = f"{rnd.choice(WORDS).title()} {rnd.choice(['licences', 'renewal', 'pilot', 'expansion', 'support plan'])} {n}"
            cid = contact_ids[contact]
            f.write("\t".join(esc(v) for v in [
                did, version, title, pid, stage[1], status, amount, currency, close, owner, cid, arr([cid]), company,
                source, arr(tags), "{}", lost_reason, None, ts(closed_at) if closed_at else None,
                owner if closed_at else None, ts(entered), LOADER, ts(created), LOADER, ts(updated), None]) + "\n")
            h.write("\t".join(esc(v) for v in [new_id(), did, None, None, pid, stage[1], owner, ts(entered), None]) + "\n")
            deal_ids.append(did)
            deal_contact.append(contact)
            wire = {"id": str(did), "version": 1, "title": title, "pipelineId": pid, "stageId": str(stage[1]),
                    "status": "open", "amount": {"value": amount, "currency": currency}, "expectedCloseDate": close,
                    "ownerId": owner, "primaryContactId": str(cid), "contactIds": [str(cid)],
                    "companyId": str(company), "leadSource": source, "tags": tags, "customFields": {},
                    "stageEnteredAt": iso(entered), "lostReason": None, "closeNote": None, "closedAt": None,
                    "closedBy": None, "createdBy": LOADER, "createdAt": iso(created), "updatedBy": LOADER,
                    "updatedAt": iso(entered), "deletedAt": None}
            events.emit("crm.deal.created.v1", "/deal-service", did, 1, entered, LOADER, {"deal": wire})
            if closed_at:
                wire = dict(wire, version=2, status=status, lostReason=lost_reason, closedAt=iso(closed_at),
                            closedBy=owner, updatedBy=owner, updatedAt=iso(closed_at))
                events.emit(f"crm.deal.{status}.v1", "/deal-service", did, 2, closed_at, owner, {"deal": wire})
    big = min(10000, max(1, count // 10))
    meta["big_customer"] = str(contact_ids[0])
    meta["big_customer_items"] = big
    # The big customer's own deal, so that a deal timeline has items too.
    meta["deal_with_timeline"] = str(deal_ids[0])
    activity_rows = []
    n_activities = count
    big_activities = big - 2 * (big // 20)
    typical_counts = {}
    with open(os.path.join(out, "activity.tsv"), "w") as f:
        for n in range(n_activities):
            aid = new_id()
            contact = 0 if n < big_activities else rnd.randrange(1, count)
            typical_counts[contact] = typical_counts.get(contact, 0) + 1
            cid = contact_ids[contact]
            company = company_ids[contact_company[contact]]
            deal = deal_ids[0] if contact == 0 and n % 3 == 0 else (rnd.choice(deal_ids) if rnd.random() < 0.3 else None)
            atype = rnd.choice(["call", "email", "note", "note"])
            occurred = NOW - rnd.randrange(365 * 86400)
            author = rnd.choice(OWNERS)
            subject = rnd.choice(SUBJECTS)
            body = f"{subject} with {contact_email[contact]}: next step agreed."
            direction = "outbound" if atype in ("call", "email") else None
            duration = rnd.randrange(60, 1800) if atype == "call" else None
            email_from = f"{author}@atrium.bench.example" if atype == "email" else None
            email_to = [contact_email[contact]] if atype == "email" else []
            f.write("\t".join(esc(v) for v in [
                aid, 1, atype, subject, body, ts(occurred), arr([cid]), company, deal, direction, duration, None,
                email_from, arr(email_to), "{}", None, None, None, None, "[]", None, "f", author, ts(occurred),
                author, ts(occurred), None]) + "\n")
            events.emit("crm.activity.created.v1", "/activity-service", aid, 1, occurred, author, {"activity": {
                "id": str(aid), "version": 1, "type": atype, "subject": subject, "body": body,
                "occurredAt": iso(occurred), "contactIds": [str(cid)], "companyId": str(company),
                "dealId": str(deal) if deal else None, "direction": direction, "durationSeconds": duration,
                "outcome": None, "from": email_from, "to": email_to, "cc": [], "messageId": None, "threadId": None,
                "startsAt": None, "endsAt": None, "attendees": [], "location": None, "redacted": False,
                "createdBy": author, "createdAt": iso(occurred), "updatedBy": author, "updatedAt": iso(occurred),
                "deletedAt": None}})
    # A typical customer: one with a few items (the most common count above zero).
    typical = next((c for c, k in sorted(typical_counts.items()) if c != 0 and k >= 2), 1)
    meta["typical_customer"] = str(contact_ids[typical])
    with open(os.path.join(out, "task.tsv"), "w") as f:
        for n in range(big // 20 + max(1, count // 20)):
            tid = new_id()
            contact = 0 if n < big // 20 else rnd.randrange(1, count)
            cid = contact_ids[contact]
            company = company_ids[contact_company[contact]]
            created = NOW - rnd.randrange(365 * 86400)
            due = created + rnd.randrange(1, 30) * 86400
            assignee = rnd.choice(OWNERS)
            done = rnd.random() < 0.6
            title = f"{rnd.choice(['Call back', 'Send quote', 'Book demo', 'Check renewal'])} {n}"
            priority = rnd.choice(["low", "normal", "normal", "high", "urgent"])
            completed = due if done else None
            f.write("\t".join(esc(v) for v in [
                tid, 1, title, None, ts(due), None, priority, assignee, "done" if done else "open", arr([cid]),
                company, None, assignee if done else None, ts(completed) if done else None, LOADER, ts(created),
                LOADER, ts(created)]) + "\n")
            events.emit("crm.task.created.v1", "/activity-service", tid, 1, created, LOADER, {"task": {
                "id": str(tid), "version": 1, "title": title, "description": None, "dueAt": iso(due),
                "reminderAt": None, "priority": priority, "assignee": assignee, "status": "done" if done else "open",
                "contactIds": [str(cid)], "companyId": str(company), "dealId": None,
                "completedBy": assignee if done else None, "completedAt": iso(completed) if done else None,
                "createdBy": LOADER, "createdAt": iso(created), "updatedBy": LOADER, "updatedAt": iso(created)}})
    with open(os.path.join(out, "ticket.tsv"), "w") as f:
        for n in range(big // 20 + max(1, count // 100)):
            kid = new_id()
            contact = 0 if n < big // 20 else rnd.randrange(1, count)
            cid = contact_ids[contact]
            company = company_ids[contact_company[contact]]
            created = NOW - rnd.randrange(365 * 86400)
            status = rnd.choice(["new", "open", "pending", "resolved", "closed", "closed"])
            priority = rnd.choice(["low", "normal", "normal", "high", "urgent"])
            channel = rnd.choice(["email", "phone", "web", "chat"])
            assignee = rnd.choice(OWNERS) if status != "new" else None
            responded = created + rnd.randrange(600, 8 * 3600) if status != "new" else None
            resolved = responded + rnd.randrange(3600, 5 * 86400) if status in ("resolved", "closed") else None
            closed = resolved + 86400 if status == "closed" else None
            # Overdue targets of an unresolved ticket have breached already (as the detector would have marked them),
            # so loading them publishes no breach events.
            fr_breached = created + 4 * 3600 if status == "new" else None
            res_breached = created + 3 * 86400 if status in ("new", "open", "pending") else None
            number = 10_000_000 + n
            subject = f"{rnd.choice(['Cannot log in', 'Invoice question', 'Export fails', 'Feature request'])} {n}"
            f.write("\t".join(esc(v) for v in [
                kid, number, 1, subject, None, status, priority, channel, cid, company, assignee, None,
                ts(created + 4 * 3600), ts(created + 3 * 86400), ts(responded) if responded else None,
                ts(resolved) if resolved else None, ts(closed) if closed else None,
                ts(fr_breached) if fr_breached else None, ts(res_breached) if res_breached else None, "f", LOADER,
                ts(created), LOADER, ts(closed or resolved or responded or created)]) + "\n")
            updated = closed or resolved or responded or created
            events.emit("crm.ticket.created.v1", "/activity-service", kid, 1, updated, LOADER, {"ticket": {
                "id": str(kid), "number": number, "version": 1, "subject": subject, "description": None,
                "status": status, "priority": priority, "channel": channel, "requesterContactId": str(cid),
                "companyId": str(company), "assignee": assignee, "team": None,
                "firstResponseDueAt": iso(created + 4 * 3600), "resolutionDueAt": iso(created + 3 * 86400),
                "firstRespondedAt": iso(responded) if responded else None,
                "resolvedAt": iso(resolved) if resolved else None, "closedAt": iso(closed) if closed else None,
                "firstResponseBreachedAt": iso(fr_breached) if fr_breached else None,
                "resolutionBreachedAt": iso(res_breached) if res_breached else None, "redacted": False,
                "createdBy": LOADER, "createdAt": iso(created), "updatedBy": LOADER, "updatedAt": iso(updated)}})
    meta["deals"] = deals
    meta["activities"] = n_activities
    meta["events"] = events.count
    with open(os.path.join(out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)


if __name__ == "__main__":
    main()
