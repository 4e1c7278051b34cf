#!/usr/bin/env python3
"""Validate an entity-annotation TSV against the article data and the gazetteer.

Usage:  python3 tests/annotations/check.py [--quiet] [--file TSV] [--select R]
                                           [--count N] [--modulus M] [path/to/tech-news.jsonl]

With no options it checks tech-news-entities.tsv, whose articles are the lines
with 0-based index i % 7 == 0 (all 40 of them). The held-out set is checked with
    check.py --file tests/annotations/tech-news-entities-heldout.tsv --select 3 --count 30
(the first 30 lines with i % 7 == 3). --modulus replaces the 7.

Checks: every row has 7 columns; the article is one of the selected ones
(0-based line index i % M == R, the first N of them) and its "#article" line
comes before its rows; all selected articles are listed; field is title|body;
0 <= start < end <= len(field); the span has no leading/trailing whitespace;
spans of one field do not overlap; rows are ordered by article, field (title
first), start; entity ids are PREFIX/slug with a lowercase-ASCII hyphenated
slug; the type matches the prefix; in_gazetteer is "yes" exactly when the id is
defined in schema/entities/*.tsv (with the same type there); "# note:" offsets
field[a:b] are in range.

Prints every span (article, field, offsets, id, text) to stdout for review,
unless --quiet; then a summary. Exit status 1 on any error. Article text is only
read, never written anywhere.
"""
import argparse
import json
import os
import re
import signal
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
TSV = HERE / "tech-news-entities.tsv"
GAZ = sorted((REPO / "schema/entities").glob("*.tsv"))  # every gazetteer file
DATA_CANDIDATES = [
    Path("/work/shared/data/tech-news.jsonl"),
    REPO.parent / "shared/data/tech-news.jsonl",
]
PREFIX_TYPE = {
    "org": "organization", "product": "product", "platform": "platform",
    "person": "person", "place": "place", "agency": "agency", "media": "media",
}
ID_RE = re.compile(r"^(org|product|platform|person|place|agency|media)/[a-z0-9]+(-[a-z0-9]+)*$")
NOTE_REF_RE = re.compile(r"\b(title|body)\[(\d+):(\d+)\]")


def parse_args(argv):
    ap = argparse.ArgumentParser(
        description="Validate an entity-annotation TSV and print its spans.")
    ap.add_argument("--quiet", action="store_true", help="print only the summary")
    ap.add_argument("--file", type=Path, default=TSV,
                    help="annotation TSV to check (default: tech-news-entities.tsv)")
    ap.add_argument("--select", type=int, default=0, metavar="R",
                    help="articles are the lines with 0-based index i %% M == R (default 0)")
    ap.add_argument("--count", type=int, default=None, metavar="N",
                    help="only the first N such lines (default: all of them)")
    ap.add_argument("--modulus", type=int, default=7, metavar="M",
                    help="the M in i %% M == R (default 7)")
    ap.add_argument("data", nargs="?", type=Path, help="path to tech-news.jsonl")
    return ap.parse_args(argv)


def main():
    if hasattr(signal, "SIGPIPE"):  # allow `check.py | head`
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    opts = parse_args(sys.argv[1:])
    quiet = opts.quiet
    tsv = opts.file
    if not tsv.exists():
        sys.exit(f"{tsv} not found")
    data = opts.data or next((p for p in DATA_CANDIDATES if p.exists()), None)
    if data is None or not data.exists():
        sys.exit("tech-news.jsonl not found; pass its path as an argument")
    if opts.modulus < 1 or not 0 <= opts.select < opts.modulus:
        sys.exit("--select must be in 0 .. modulus-1")
    if opts.count is not None and opts.count < 1:
        sys.exit("--count must be positive")

    lines = [json.loads(l) for l in data.open(encoding="utf-8")]
    selected = [lines[i] for i in range(len(lines)) if i % opts.modulus == opts.select]
    if opts.count is not None:
        selected = selected[:opts.count]
    docs = {d["id"]: d for d in selected}
    order = [d["id"] for d in selected]
    nsel = len(order)

    gaz = {}
    for g in GAZ:
        for line in g.open(encoding="utf-8"):
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cols = line.split("\t")
            gaz[cols[0].strip()] = cols[1].strip()

    errors = []
    listed = []
    current = None
    rows = []
    for n, raw in enumerate(tsv.open(encoding="utf-8"), 1):
        line = raw.rstrip("\n")
        def err(msg):
            errors.append(f"{tsv.name}:{n}: {msg}")
        if line.startswith("#article"):
            parts = line.split(None, 1)
            if len(parts) != 2 or parts[0] != "#article":
                err("malformed #article line")
                continue
            current = parts[1].strip()
            if current not in docs:
                err(f"#article {current} is not one of the {nsel} selected articles")
            if current in listed:
                err(f"#article {current} listed twice")
            listed.append(current)
            continue
        if line.startswith("#") or not line.strip():
            if line.startswith("# note:") and current in docs:
                for f, a, b in NOTE_REF_RE.findall(line):
                    t = docs[current].get(f) or ""
                    if not (0 <= int(a) < int(b) <= len(t)):
                        err(f"note reference {f}[{a}:{b}] out of range")
            continue
        cols = line.split("\t")
        if len(cols) != 7:
            err(f"expected 7 TAB-separated columns, found {len(cols)}")
            continue
        aid, field, s, e, typ, eid, ing = cols
        if aid != current:
            err(f"row for {aid} outside its #article block (current: {current})")
        if aid not in docs:
            err(f"unknown article id {aid}")
            continue
        if field not in ("title", "body"):
            err(f"field must be title or body, not {field!r}")
            continue
        try:
            s, e = int(s), int(e)
        except ValueError:
            err("start/end are not integers")
            continue
        text = docs[aid].get(field) or ""
        if not (0 <= s < e <= len(text)):
            err(f"offsets {s}:{e} out of range for {field} of length {len(text)}")
            continue
        span = text[s:e]
        if span != span.strip():
            err(f"span {span!r} has leading/trailing whitespace")
        if not ID_RE.match(eid):
            err(f"malformed entity id {eid!r}")
        elif PREFIX_TYPE[eid.split("/")[0]] != typ:
            err(f"type {typ!r} does not match id prefix of {eid}")
        if typ not in PREFIX_TYPE.values():
            err(f"unknown type {typ!r}")
        if ing not in ("yes", "new"):
            err(f"in_gazetteer must be yes or new, not {ing!r}")
        elif (ing == "yes") != (eid in gaz):
            err(f"{eid}: in_gazetteer={ing} but the id is {'' if eid in gaz else 'not '}in the gazetteer")
        elif ing == "yes" and gaz[eid] != typ:
            err(f"{eid}: type {typ} differs from gazetteer type {gaz[eid]}")
        rows.append((n, aid, field, s, e, typ, eid, ing, span))

    missing = [a for a in order if a not in listed]
    if missing:
        errors.append(f"articles not listed with #article: {missing}")
    if listed != [a for a in order if a in listed]:
        errors.append("#article blocks are not in data-file order")

    # ordering and overlaps
    key = lambda r: (order.index(r[1]), 0 if r[2] == "title" else 1, r[3], r[4])
    for prev, cur in zip(rows, rows[1:]):
        if key(cur) < key(prev):
            errors.append(f"{tsv.name}:{cur[0]}: rows out of order")
        if prev[1:3] == cur[1:3] and cur[3] < prev[4]:
            errors.append(f"{tsv.name}:{cur[0]}: span overlaps the previous row")

    if not quiet:
        for (n, aid, field, s, e, typ, eid, ing, span) in rows:
            shown = span.replace("\n", "\\n").replace("\t", "\\t").replace("\xa0", "<NBSP>")
            print(f"{aid}\t{field}\t{s}\t{e}\t{eid}\t{ing}\t{shown}")
        print()

    # summary
    per_type = Counter(r[5] for r in rows)
    per_type_yes = Counter(r[5] for r in rows if r[7] == "yes")
    pairs = {(r[1], r[6]): r for r in rows}
    pair_type = Counter(r[5] for r in pairs.values())
    pair_type_yes = Counter(r[5] for r in pairs.values() if r[7] == "yes")
    new_articles = defaultdict(set)
    for r in rows:
        if r[7] == "new":
            new_articles[(r[6], r[5])].add(r[1])
    print(f"articles annotated: {len(listed)} / {len(order)}")
    print(f"mentions: {len(rows)}   distinct (article, entity) pairs: {len(pairs)}")
    print(f"distinct entities: {len({r[6] for r in rows})}   of them new: {len(new_articles)}")
    print("type           mentions  in-gaz%   pairs  in-gaz%")
    for t in PREFIX_TYPE.values():
        m, p = per_type[t], pair_type[t]
        if m:
            print(f"{t:13s} {m:9d}  {100 * per_type_yes[t] / m:6.1f}  {p:6d}  {100 * pair_type_yes[t] / p:6.1f}")
    tm = len(rows)
    if tm:  # no rows at all (e.g. every row rejected): nothing to average
        print(f"{'all':13s} {tm:9d}  {100 * sum(per_type_yes.values()) / tm:6.1f}  {len(pairs):6d}  "
              f"{100 * sum(pair_type_yes.values()) / len(pairs):6.1f}")

    if errors:
        print(f"\n{len(errors)} error(s):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
