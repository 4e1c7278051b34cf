#!/usr/bin/env bash
# Indexing throughput of fahras per input format, on one corpus written in every
# format it reads (benches/make-formats.py): JSON Lines (plain, with mapped and
# nested keys, gzip/bzip2/zstd, Windows-1256), a JSON array, CSV, TSV, a
# WordPress WXR export, and folders of HTML pages, text files and Markdown files.
#
# usage: benches/format-throughput.sh [RUNS] [INPUT] [--limit N]
#   RUNS   timed runs per format (default 3); the table shows the median
#   INPUT  JSON Lines dump (default ../shared/data/news-general.jsonl.gz)
#   --limit N  only the first N articles
#
# Each run is `target/release/fahras index -q --json --no-entities -i TMP/idx
# <input> [flags]` into a fresh index, timed with /usr/bin/time -f %e (wall
# seconds, process start to exit, commit included); the `--json` summary gives
# the documents, the skipped records by reason and `bytes` (input bytes after
# decompression and decoding), so MB/s compares formats on the text they carry.
# One more run of articles.jsonl with enrichment (no --no-entities) is given
# for reference. After the table, every format whose documents_in_index differs
# from the JSON Lines one is named, with the reasons fahras gave (--errors, from
# one extra untimed run). MB = 10^6 bytes; "input" is the apparent size of the
# file or of all files in the folder. Needs python3 and a release build
# (cargo build --release); the formats go to a temporary directory ($TMPDIR,
# about 11x the uncompressed input), removed on exit.
set -euo pipefail
usage() { sed -n 's/^# \{0,1\}usage: /usage: /p' "$0"; }
caller_pwd=$PWD
cd "$(dirname "$0")/.."

runs=3
input=../shared/data/news-general.jsonl.gz
limit=()
pos=0
while [ $# -gt 0 ]; do
  case $1 in
    -h|--help) usage; exit 0 ;;
    --limit) [ $# -ge 2 ] || { usage >&2; exit 2; }; limit=(--limit "$2"); shift 2 ;;
    --limit=*) limit=(--limit "${1#--limit=}"); shift ;;
    -*) echo "format-throughput: unknown option $1" >&2; usage >&2; exit 2 ;;
    *)
      pos=$((pos + 1))
      case $pos in
        1) runs=$1 ;;
        2) case $1 in /*) input=$1 ;; *) input=$caller_pwd/$1 ;; esac ;;
        *) usage >&2; exit 2 ;;
      esac
      shift ;;
  esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "format-throughput: RUNS must be a positive integer, not '$runs'" >&2; exit 2; }
[ -f "$input" ] || { echo "format-throughput: input $input is absent" >&2; exit 1; }
fahras=target/release/fahras
[ -x "$fahras" ] || { echo "format-throughput: $fahras is missing; run cargo build --release" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "format-throughput: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/format-throughput.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fmt=$tmp/formats
res=$tmp/results
mkdir -p "$res"

echo "## formats of $input${limit:+ (${limit[*]})}"
python3 benches/make-formats.py "$fmt" "$input" "${limit[@]}"
echo

mapped=(--id-field guid --title-field headline --body-field story.text
        --date-field meta.published_at --source-field site)
# name | input (relative to $fmt) | extra flags (word-split)
formats=(
  "jsonl|articles.jsonl|"
  "jsonl, mapped keys|articles-mapped.jsonl|${mapped[*]}"
  "json array|articles.json|"
  "csv|articles.csv|"
  "tsv|articles.tsv|"
  "wxr (WordPress)|wordpress.xml|"
  "html folder|html|"
  "txt folder|txt|"
  "md folder|md|"
  "jsonl.gz|articles.jsonl.gz|"
  "jsonl.bz2|articles.jsonl.bz2|"
  "jsonl.zst|articles.jsonl.zst|"
  "jsonl, windows-1256|articles-1256.jsonl|"
)

# run_one KEY NAME RUN INPUT [FLAGS...]: one timed run into a fresh index;
# writes KEY.RUN.{json,secs,err,rc} under $res
run_one() {
  local key=$1 name=$2 run=$3 in=$4; shift 4
  local base=$res/$key.$run rc=0
  rm -rf "$tmp/idx"
  /usr/bin/time -f %e -o "$base.secs" "$fahras" index -q --json "$@" -i "$tmp/idx" "$in" \
    > "$base.json" 2> "$base.err" || rc=$?
  echo "$rc" > "$base.rc"
  printf '  %-40s run %d: %6s s%s\n' "$name" "$run" "$(tail -n 1 "$base.secs")" \
    "$([ "$rc" = 0 ] || echo "  FAILED (exit $rc)")"
}

: > "$res/list"
i=0
echo "## runs"
for f in "${formats[@]}"; do
  IFS='|' read -r name path flags <<< "$f"
  [ -e "$fmt/$path" ] || { echo "  $name: $path was not made, skipped"; continue; }
  i=$((i + 1)); key=f$i
  printf '%s\t%s\t%s\t%s\n' "$key" "$name" "$path" "--no-entities $flags" >> "$res/list"
  for r in $(seq "$runs"); do
    # shellcheck disable=SC2086  # flags are words
    run_one "$key" "$name" "$r" "$fmt/$path" --no-entities $flags
  done
done
name="jsonl, with entities (reference, 1 run)"
printf '%s\t%s\t%s\t%s\n' ref "$name" articles.jsonl "" >> "$res/list"
run_one ref "$name" 1 "$fmt/articles.jsonl"

# One untimed run with --errors for each format whose count differs from JSON Lines.
python3 - "$res" "$fmt" <<'EOF' > "$res/differing"
import json, sys, os
res, fmt = sys.argv[1:]
def summary(key):
    p = os.path.join(res, key + '.1.json')
    for line in reversed(open(p, encoding='utf-8', errors='replace').read().splitlines()):
        try:
            return json.loads(line)
        except ValueError:
            pass
base = summary('f1')
for line in open(os.path.join(res, 'list'), encoding='utf-8'):
    key, name, path, flags = line.rstrip('\n').split('\t')
    s = summary(key)
    if key != 'f1' and base and s and s.get('documents_in_index') != base.get('documents_in_index'):
        print(f'{key}\t{path}\t{flags}')
EOF
while IFS=$'\t' read -r key path flags; do
  rm -rf "$tmp/idx"
  # shellcheck disable=SC2086
  "$fahras" index -q --json $flags --errors "$res/$key.errors.jsonl" -i "$tmp/idx" "$fmt/$path" > /dev/null 2>&1 || true
done < "$res/differing"

echo
python3 - "$res" "$fmt" "$runs" <<'EOF'
import json, os, statistics, sys
from collections import Counter
res, fmt, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])

def size(path):
    if os.path.isdir(path):
        return sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(path) for f in fs)
    return os.path.getsize(path)

def read(p):
    try:
        return open(p, encoding='utf-8', errors='replace').read()
    except FileNotFoundError:
        return ''

def summary(text):
    for line in reversed(text.splitlines()):
        try:
            v = json.loads(line)
            if isinstance(v, dict):
                return v
        except ValueError:
            pass
    return None

rows, failures, notes = [], [], []
for line in open(os.path.join(res, 'list'), encoding='utf-8'):
    key, name, path, flags = line.rstrip('\n').split('\t')
    n = 1 if key == 'ref' else runs
    secs, sums = [], []
    for r in range(1, n + 1):
        base = os.path.join(res, f'{key}.{r}')
        rc = read(base + '.rc').strip()
        t = read(base + '.secs').strip().splitlines()
        s = summary(read(base + '.json'))
        if rc != '0' or s is None:
            failures.append((name, r, rc, read(base + '.err').strip() or read(base + '.secs').strip()))
            continue
        try:
            secs.append(float(t[-1]))
        except (IndexError, ValueError):
            pass
        sums.append(s)
    docs = sorted({s.get('documents_in_index') for s in sums}, key=str)
    if len(docs) > 1:
        notes.append(f'{name}: documents_in_index varies between runs: {docs}')
    warned = {k: v for k, v in (sums[0].get('warnings') or {}).items() if v} if sums else {}
    if warned:
        notes.append(f'{name}: warnings ' + ', '.join(f'{k} {v}' for k, v in warned.items()))
    if any(s.get('unchanged') for s in sums):
        notes.append(f'{name}: {sums[0].get("unchanged")} "unchanged" on a fresh index')
    s = sums[0] if sums else None
    med = statistics.median(secs) if secs else None
    rows.append((key, name, path, flags, s, med))

def cell_skipped(s):
    sk = s.get('skipped') or {}
    if isinstance(sk, dict):
        total = sum(v for v in sk.values() if isinstance(v, (int, float)))
        if not total:
            return '0'
        return f'{total} (' + ', '.join(f'{k} {v}' for k, v in sorted(sk.items(), key=lambda kv: -kv[1]) if v) + ')'
    return str(sk)

print('| format | input (MB on disk) | documents | skipped (reasons) | median s | MB/s of decompressed input |')
print('|---|---:|---:|---|---:|---:|')
for key, name, path, flags, s, med in rows:
    mb = size(os.path.join(fmt, path)) / 1e6
    if s is None:
        print(f'| {name} | {mb:.1f} | FAILED | | | |')
        continue
    secs = f'{med:.2f}' if med else 'n/a'
    rate = f'{s.get("bytes", 0) / 1e6 / med:.1f}' if med else 'n/a'
    print(f'| {name} | {mb:.1f} | {s.get("documents_in_index")} | {cell_skipped(s)} | {secs} | {rate} |')

base = rows[0][4] if rows and rows[0][1] == 'jsonl' else None
print()
if base is None:
    print('the JSON Lines run failed: no baseline to compare the counts with')
else:
    bd = base.get('documents_in_index')
    diffs = 0
    for key, name, path, flags, s, med in rows[1:]:
        if s is None:
            continue
        d = s.get('documents_in_index')
        if d != bd:
            diffs += 1
            sign = '+' if isinstance(d, int) and isinstance(bd, int) and d > bd else ''
            delta = f' ({sign}{d - bd})' if isinstance(d, int) and isinstance(bd, int) else ''
            print(f'DIFFERS: {name}: {d} documents in the index, JSON Lines has {bd}{delta}; '
                  f'skipped {cell_skipped(s)} vs {cell_skipped(base)}')
            errs = os.path.join(res, key + '.errors.jsonl')
            recs = []
            for l in read(errs).splitlines():
                try:
                    recs.append(json.loads(l))
                except ValueError:
                    pass
            if recs:
                reasons = Counter(str(r.get('reason')) for r in recs)
                print(f'  --errors: {len(recs)} records: ' + ', '.join(f'{k} {v}' for k, v in reasons.most_common()))
                seen = Counter()
                for r in recs:
                    reason = str(r.get('reason'))
                    if seen[reason] < 2:
                        seen[reason] += 1
                        where = f'{r.get("file", "")}:{r.get("line", "")}'.replace(fmt + '/', '')
                        detail = str(r.get('detail', '')).replace(fmt + '/', '')
                        print(f'    e.g. {where} {reason}: {detail[:300]}')
    if not diffs:
        print(f'every format gives the same documents_in_index as JSON Lines ({bd})')
for n in notes:
    print('NOTE: ' + n)
for name, r, rc, err in failures:
    print(f'FAILED: {name} run {r} (exit {rc}): ' + err.replace('\n', '\n  ')[:2000])
EOF
