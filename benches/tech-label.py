#!/usr/bin/env python3
"""Precision and recall of fahras's `technology` topic against the categories
the sources gave (../shared/data): ANT's `technology` category against its
other categories, and Mowjaz's تكنولوجيا label against its other labels.
SaudiNewsNet is left out: only one of its papers (3alyoum) marks technology.

usage: benches/tech-label.py   (after `cargo build --release`; needs ../shared)
"""
import gzip, json, os, subprocess, sys, tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
data = os.path.join(root, '..', 'shared', 'data')
fahras = os.path.join(root, 'target', 'release', 'fahras')
if not os.path.isdir(data):
    sys.exit('tech-label: ../shared/data is absent')

records = []
for name, opener in [('tech-news.jsonl', open), ('news-general.jsonl.gz', gzip.open)]:
    with opener(os.path.join(data, name), 'rt') as f:
        for line in f:
            d = json.loads(line)
            src = d['id'].split(':')[0]
            if src not in ('ant', 'mowjaz-val'):
                continue
            if not (d.get('body') or '').strip() and not (d.get('title') or '').strip():
                continue
            cats = (d.get('category') or '').split('|')
            tech = 'technology' in cats or 'تكنولوجيا' in cats
            records.append((d, src, tech))

with tempfile.TemporaryDirectory() as tmp:
    inp = os.path.join(tmp, 'labelled.jsonl')
    with open(inp, 'w') as w:
        for d, _, _ in records:
            w.write(json.dumps(d, ensure_ascii=False) + '\n')
    idx = os.path.join(tmp, 'idx')
    subprocess.run([fahras, 'index', '-q', '--index', idx, inp], check=True, stdout=subprocess.DEVNULL)
    out = subprocess.run([fahras, 'search', '--index', idx, '--topic', 'technology', '--json', '--no-group',
                          '-n', str(len(records) + 1)], capture_output=True, text=True)
    flagged = {json.loads(l)['id'] for l in out.stdout.splitlines()}

print('source       tech  other  flagged  precision  recall')
for name in ('ant', 'mowjaz-val', 'both'):
    rows = [(d['id'] in flagged, tech) for d, src, tech in records if name in ('both', src)]
    tp = sum(1 for f, t in rows if f and t)
    fp = sum(1 for f, t in rows if f and not t)
    fn = sum(1 for f, t in rows if not f and t)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    print(f'{name:<12} {tp + fn:>4} {len(rows) - tp - fn:>6} {tp + fp:>8} {p:>10.3f} {r:>7.3f}')
