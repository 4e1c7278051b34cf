#!/usr/bin/env bash
# Share of indexing time that enrichment costs, from alternating runs of
# `fahras index` with and without `--no-entities` (interleaved, so machine
# noise hits both modes alike); prints median wall and CPU (user + sys).
#
# usage: benches/enrichment-share.sh [RUNS] [INPUT.jsonl[.gz]]
#        (default 6 runs each, ../shared/data/news-general.jsonl.gz)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-6}
input=${2:-../shared/data/news-general.jsonl.gz}
[ -e "$input" ] || { echo "enrichment-share: $input is absent" >&2; exit 1; }
cargo build --release -q
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for _ in $(seq 1 "$runs"); do
  for mode in enriched no-enrichment; do
    flag=""; [ "$mode" = no-enrichment ] && flag="--no-entities"
    rm -rf "$tmp/idx"
    /usr/bin/time -f "$mode %e %U %S" target/release/fahras index -q -i "$tmp/idx" $flag "$input" \
      >/dev/null 2>>"$tmp/times"
  done
done
python3 - "$tmp/times" <<'PY'
import statistics as st, sys
r = {'enriched': [], 'no-enrichment': []}
for line in open(sys.argv[1]):
    p = line.split()
    if len(p) == 4 and p[0] in r:
        r[p[0]].append((float(p[1]), float(p[2]) + float(p[3])))
for k, v in r.items():
    print(f"{k:14} median wall {st.median(x[0] for x in v):.3f} s  cpu {st.median(x[1] for x in v):.3f} s  (n={len(v)})")
w, w0 = (st.median(x[0] for x in r[k]) for k in r)
c, c0 = (st.median(x[1] for x in r[k]) for k in r)
print(f"enrichment share: wall {100 * (w - w0) / w:.1f} %  cpu {100 * (c - c0) / c:.1f} %")
PY
