#!/usr/bin/env python3
"""Seeds the fuzz targets' corpora from the test fixtures: `tools/fuzz_seeds.py DIR` writes
DIR/<target>/<seed> for every target of fuzz/Cargo.toml (existing files are kept, so a corpus
the fuzzer grew stays)."""
import hashlib
import json
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
NOW = 1_800_000_000


def write(out, target, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    folder = out / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def archive_files():
    for archive in sorted((FIXTURES / "archive").glob("*.zip")):
        try:
            with zipfile.ZipFile(archive) as z:
                for name in z.namelist():
                    if name.lower().endswith(".csv"):
                        yield name, z.read(name)
        except zipfile.BadZipFile:
            continue


def texts(value):
    """Every string inside a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from texts(v)
    elif isinstance(value, list):
        for v in value:
            yield from texts(v)


def main(out):
    out = Path(out)
    scans = [json.loads(p.read_text("utf-8")) for p in sorted((FIXTURES / "real").glob("*.scan.json"))]

    # Counts: the printed forms of every locale the parser knows.
    rows = (FIXTURES / "counts" / "cldr.tsv").read_text("utf-8").splitlines()[1:]
    for row in rows[::8]:
        write(out, "count", row.split("\t")[3])
    # Depth: every text the pages show, and the archive's message bodies.
    for scan in scans:
        for text in texts(scan.get("entities", [])):
            if len(text) > 12:
                write(out, "depth", text)

    kinds = ["Profile.csv", "Connections.csv", "messages.csv", "Invitations.csv",
             "Endorsement_Received_Info.csv", "Endorsement_Given_Info.csv",
             "Recommendations_Received.csv", "Recommendations_Given.csv", "Comments.csv",
             "Reactions.csv", "Shares.csv"]
    for name, data in archive_files():
        write(out, "archive_csv", data)
        base = name.rsplit("/", 1)[-1]
        if base in kinds:
            write(out, "archive_files", bytes([kinds.index(base)]) + data)
        for line in data.decode("utf-8", "replace").splitlines():
            for cell in line.split(","):
                if any(c.isdigit() for c in cell) and len(cell) < 40:
                    write(out, "archive_text", cell.strip('"'))
    for body in ["<p>Hi &amp; welcome,<br/>Ana&#33; &#x263A;</p>", "P&é; caf&eacute; &#99999999;", "a < b & c"]:
        write(out, "archive_text", body)
    for archive in sorted((FIXTURES / "archive").glob("*.zip")):
        write(out, "archive_zip", archive.read_bytes())

    # Page scans as the content script sends them (the fixtures' expected reads).
    for scan in scans:
        scan.setdefault("lang", "en")
        write(out, "page_scan", json.dumps(scan))

    # Activity batches and a backup built from what the fixtures show.
    people = [{"key": f"in:person-{i}", "name": f"Person {i}", "connection": i % 2 == 0,
               "connected_at": NOW - i * 86_400} for i in range(4)]
    interactions = [{"id": f"urn:li:comment:(activity:{i},{i + 1})", "counterpart": p["key"],
                     "kind": kind, "direction": direction, "at": NOW - i * 3_600,
                     "depth": {"words": 12, "question": True, "low_effort": False}, "source": "page"}
                    for i, (p, kind, direction) in enumerate(zip(
                        people * 2, ["message", "comment", "reply", "reaction"] * 2,
                        ["given", "received"] * 4))]
    backup = {"format": "vinculo-export", "version": 1, "me": {"key": "in:me", "name": "Me"},
              "counterparts": people, "interactions": interactions}
    write(out, "backup", json.dumps(backup))
    target = {"key": "urn:li:activity:7", "author_name": "Bob", "author_href": "/in/bob/"}
    batch = {"lang": "pt-BR", "now_ms": NOW * 1000.0, "me": {"href": "/in/me/", "name": "Me"},
             "records": [
                 {"type": "activity", "kind": "comment", "at_ms": NOW * 1000.0, "text": "Ótimo ponto!", "target": target},
                 {"type": "activity", "kind": "reaction", "reaction_type": "PRAISE", "target": target},
                 {"type": "activity", "kind": "reaction_undo", "target": target},
                 {"type": "message", "event_urn": "urn:li:msg_message:1", "thread_id": "2-abc",
                  "sender_name": "Bob", "sender_href": "/in/bob/", "text": "Oi?", "at_ms": None,
                  "with_name": "Bob", "with_href": "/in/bob/"},
                 {"type": "notification", "id": "urn:li:fsd_notification:1", "actor_name": "Bob",
                  "actor_href": "/in/bob/", "headline": "Bob commented on your post"},
                 {"type": "comment", "comment_urn": "urn:li:comment:(activity:1,2)", "author_name": "Bob",
                  "author_href": "/in/bob/", "post_author_href": "/in/me/", "text": "Nice"}]}
    write(out, "activity", json.dumps(batch))

    # Stored parts, one `key\tvalue` per line: the current schema, the version 0 one, others'.
    chunk = {"p": ["in:person-0", "in:person-1"],
             "i": [["3w5e11264sgsf", 0, NOW, 66, 12], ["1b", 1, NOW - 60, 8, 3, "texto"]]}
    parts = {"vinculo:v1:meta": {"schema": 1, "me": {"key": "in:me", "name": "Me"}},
             "vinculo:v1:p:2": [["in:person-0", "Person 0", 1, NOW], ["in:person-1", "P", 0, None]],
             "vinculo:v1:i:0": chunk, "vinculo:v1:i:3": chunk, "vinculo:settings": {"language": "en"}}
    write(out, "store_load", "".join(f"{k}\t{json.dumps(v)}\n" for k, v in parts.items()))
    v0 = {"me": backup["me"], "counterparts": people, "interactions": interactions}
    write(out, "store_load", f"vinculo:store\t{json.dumps(v0)}\n")
    write(out, "store_load", 'vinculo:v2:meta\t{"schema":2}\nvinculo:v1:i:4294967295\t{"p":[],"i":[]}\n')


if __name__ == "__main__":
    main(sys.argv[1])
