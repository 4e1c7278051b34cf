#!/usr/bin/env bash
# Side-by-side measurement of fahras against the engines a user would pick
# instead, in one run on one machine (quote the ratios, not absolute times):
#
#   1. indexing the evaluation corpus (../shared/bench/make_corpus.py, 41,991
#      articles; fahras with --keep-duplicates, so both engines index every
#      record and every judged copy stays findable): fahras vs Lucene's ArabicAnalyzer through pyserini
#      (../shared/bench/lucene_run.py, 2 threads, positions), alternating runs;
#   2. retrieval quality on XQuAD-R Arabic and on our judged news set
#      (tests/eval/) for fahras, Lucene, tantivy `default` and
#      `default` + Snowball Arabic, all scored by `fahras eval`.
#
# usage: benches/compare-peers.sh [RUNS]      (default 3 runs each)
# Needs ../shared beside the checkout; creates the peers' venv on first use
# (PEERS_VENV, default target/peers-venv) with ../shared/bench/setup-peers.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
shared=../shared
[ -d "$shared/bench" ] || { echo "compare-peers: $shared/bench is absent; nothing to compare" >&2; exit 1; }
venv=${PEERS_VENV:-target/peers-venv}
out=target/compare-peers
mkdir -p "$out"
[ -x "$venv/bin/python" ] || bash "$shared/bench/setup-peers.sh" "$venv"
cargo build --release -q
fahras=target/release/fahras
corpus=$out/corpus.jsonl
[ -s "$corpus" ] || "$venv/bin/python" "$shared/bench/make_corpus.py" "$corpus"
echo "corpus: $(wc -l < "$corpus") articles, $(du -m "$corpus" | cut -f1) MB"

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

: > "$out/fahras.secs"; : > "$out/fahras-noent.secs"; : > "$out/lucene.secs"
secs() { "$venv/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["seconds"])'; }
for i in $(seq "$runs"); do
  rm -rf "$out/fahras-idx" "$out/fahras-noent-idx" "$out/lucene-idx"
  "$fahras" index -q --json --keep-duplicates --no-entities --index "$out/fahras-noent-idx" "$corpus" | secs >> "$out/fahras-noent.secs"
  "$fahras" index -q --json --keep-duplicates --index "$out/fahras-idx" "$corpus" | secs >> "$out/fahras.secs"
  "$venv/bin/python" "$shared/bench/lucene_run.py" index "$corpus" "$out/lucene-idx" 2 2>&1 \
    | awk '/index seconds/ {print $3}' >> "$out/lucene.secs"
  echo "run $i: fahras --no-entities $(tail -1 "$out/fahras-noent.secs") s, fahras (entities) $(tail -1 "$out/fahras.secs") s, lucene $(tail -1 "$out/lucene.secs") s"
done
n=$(median < "$out/fahras-noent.secs"); f=$(median < "$out/fahras.secs"); l=$(median < "$out/lucene.secs")
ratio() { awk -v l="$l" -v f="$1" 'BEGIN {printf "%.2f", l/f}'; }
echo "indexing median: fahras --no-entities $n s ($(ratio "$n")x Lucene), fahras with entities $f s ($(ratio "$f")x Lucene), lucene $l s"
echo "entity extraction costs $(awk -v n="$n" -v f="$f" 'BEGIN {printf "%.0f", 100*(f-n)/f}')% of the indexing time"

# Retrieval quality
x=$shared/data/ir/xquad-r-ar
{ printf 'qid\tquery\n'; cat "$x/queries.tsv"; } > "$out/xquad-queries.tsv"
{ printf 'qid\tquery\n'; cat tests/eval/news-queries.tsv; } > "$out/news-queries.tsv"
rm -rf "$out/fahras-xquad" "$out/lucene-xquad"
"$fahras" index -q --keep-duplicates --index "$out/fahras-xquad" "$x/docs.jsonl" > /dev/null
"$venv/bin/python" "$shared/bench/lucene_run.py" index "$x/docs.jsonl" "$out/lucene-xquad" 2 > /dev/null 2>&1
"$venv/bin/python" "$shared/bench/lucene_run.py" search "$out/lucene-xquad" "$out/xquad-queries.tsv" query 1000 lucene "$out/xquad-lucene.run" > /dev/null 2>&1
"$venv/bin/python" "$shared/bench/lucene_run.py" search "$out/lucene-idx" "$out/news-queries.tsv" query 1000 lucene "$out/news-lucene.run" > /dev/null 2>&1
for v in default snowball; do
  "$venv/bin/python" "$shared/bench/tantivy_run.py" "$x/docs.jsonl" $v "$out/xquad-queries.tsv" 1000 "$out/xquad-tantivy-$v.run" 2> /dev/null
  "$venv/bin/python" "$shared/bench/tantivy_run.py" "$corpus" $v "$out/news-queries.tsv" 1000 "$out/news-tantivy-$v.run" 2> /dev/null
done
for set in xquad news; do
  if [ $set = xquad ]; then q=$x/queries.tsv; r=$x/qrels.txt; idx=$out/fahras-xquad
  else q=tests/eval/news-queries.tsv; r=tests/eval/news-qrels.txt; idx=$out/fahras-idx; fi
  echo "== $set"
  printf '%-18s %s\n' fahras "$("$fahras" eval --index "$idx" --queries "$q" --qrels "$r")"
  for peer in lucene tantivy-default tantivy-snowball; do
    printf '%-18s %s\n' "$peer" "$("$fahras" eval --run "$out/$set-$peer.run" --qrels "$r")"
  done
done
