//! Retrieval evaluation: queries, TREC qrels and runs, and the usual metrics.
//!
//! Metrics follow `trec_eval`'s definitions: a document is relevant when its
//! grade is above 0; nDCG uses the grade as gain with a log2(rank + 1)
//! discount; MAP divides by every relevant document in the qrels, retrieved or
//! not. Every query in the qrels with at least one relevant document counts;
//! a query missing from the run scores 0.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use serde::Serialize;

use crate::error::{Error, Result};

/// Relevance judgments: query id → document id → grade.
pub type Qrels = HashMap<String, HashMap<String, u32>>;
/// A ranked run: query id → document ids, best first.
pub type Run = HashMap<String, Vec<String>>;

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| Error::io(path, e))
}

/// Reads a queries file: `qid<TAB>query` per line; a first line whose qid is
/// `qid` (a header) is skipped.
pub fn read_queries(path: &Path) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for (i, line) in read(path)?.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let Some((qid, q)) = line.split_once('\t') else {
            return Err(Error::Invalid(format!(
                "{}:{}: expected `qid<TAB>query`",
                path.display(),
                i + 1
            )));
        };
        if i == 0 && qid == "qid" {
            continue;
        }
        let q = q.split('\t').next().unwrap_or("");
        out.push((qid.trim().to_string(), q.to_string()));
    }
    Ok(out)
}

/// Reads TREC qrels: `qid iter docid grade` per line.
pub fn read_qrels(path: &Path) -> Result<Qrels> {
    let mut qrels = Qrels::new();
    for (i, line) in read(path)?.lines().enumerate() {
        let parts: Vec<&str> = line.split_whitespace().collect();
        if parts.is_empty() {
            continue;
        }
        let bad = || {
            Error::Invalid(format!(
                "{}:{}: expected `qid 0 docid grade` (TREC qrels)",
                path.display(),
                i + 1
            ))
        };
        if parts.len() != 4 {
            return Err(bad());
        }
        let grade: i64 = parts[3].parse().map_err(|_| bad())?;
        qrels
            .entry(parts[0].to_string())
            .or_default()
            .insert(parts[2].to_string(), grade.max(0) as u32);
    }
    Ok(qrels)
}

/// Reads a TREC run: `qid Q0 docid rank score tag`, ordered by score.
pub fn read_run(path: &Path) -> Result<Run> {
    let mut scored: HashMap<String, Vec<(f64, String)>> = HashMap::new();
    for (i, line) in read(path)?.lines().enumerate() {
        let parts: Vec<&str> = line.split_whitespace().collect();
        if parts.is_empty() {
            continue;
        }
        let score = parts
            .get(4)
            .and_then(|s| s.parse::<f64>().ok())
            .ok_or_else(|| {
                Error::Invalid(format!(
                    "{}:{}: expected `qid Q0 docid rank score tag` (TREC run)",
                    path.display(),
                    i + 1
                ))
            })?;
        scored
            .entry(parts[0].to_string())
            .or_default()
            .push((score, parts[2].to_string()));
    }
    Ok(scored
        .into_iter()
        .map(|(q, mut v)| {
            v.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
            (q, v.into_iter().map(|(_, d)| d).collect())
        })
        .collect())
}

/// Averaged retrieval metrics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Metrics {
    /// Normalized discounted cumulative gain of the first 10 results.
    pub ndcg_10: f64,
    /// Mean average precision.
    pub map: f64,
    /// Precision of the first 10 results.
    pub p_10: f64,
    /// Share of the relevant documents found in the first 100 results.
    pub recall_100: f64,
    /// Mean reciprocal rank of the first relevant result.
    pub mrr: f64,
    /// Number of queries averaged over.
    pub queries: usize,
}

impl fmt::Display for Metrics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "nDCG@10 {:.4}  MAP {:.4}  P@10 {:.4}  Recall@100 {:.4}  MRR {:.4}  ({} queries)",
            self.ndcg_10, self.map, self.p_10, self.recall_100, self.mrr, self.queries
        )
    }
}

/// Scores `run` against `qrels`.
///
/// ```
/// use fahras::eval::{evaluate, Qrels, Run};
/// let mut qrels = Qrels::new();
/// qrels.entry("q1".into()).or_default().insert("d2".into(), 1);
/// let mut run = Run::new();
/// run.insert("q1".into(), vec!["d1".into(), "d2".into()]);
/// let m = evaluate(&qrels, &run);
/// assert_eq!(m.mrr, 0.5);
/// assert_eq!(m.map, 0.5);
/// ```
pub fn evaluate(qrels: &Qrels, run: &Run) -> Metrics {
    let mut sum = Metrics::default();
    let empty = Vec::new();
    for (qid, judged) in qrels {
        let n_rel = judged.values().filter(|&&g| g > 0).count();
        if n_rel == 0 {
            continue;
        }
        sum.queries += 1;
        let ranked = run.get(qid).unwrap_or(&empty);
        let grade = |d: &String| judged.get(d).copied().unwrap_or(0);
        // nDCG@10
        let dcg: f64 = ranked
            .iter()
            .take(10)
            .enumerate()
            .map(|(i, d)| f64::from(grade(d)) / ((i + 2) as f64).log2())
            .sum();
        let mut ideal: Vec<u32> = judged.values().copied().filter(|&g| g > 0).collect();
        ideal.sort_unstable_by(|a, b| b.cmp(a));
        let idcg: f64 = ideal
            .iter()
            .take(10)
            .enumerate()
            .map(|(i, &g)| f64::from(g) / ((i + 2) as f64).log2())
            .sum();
        sum.ndcg_10 += if idcg > 0.0 { dcg / idcg } else { 0.0 };
        // AP, P@10, R@100, RR
        let mut hits = 0usize;
        let mut ap = 0.0;
        let mut rr = 0.0;
        for (i, d) in ranked.iter().enumerate() {
            if grade(d) > 0 {
                hits += 1;
                ap += hits as f64 / (i + 1) as f64;
                if rr == 0.0 {
                    rr = 1.0 / (i + 1) as f64;
                }
            }
            if i + 1 == 10 {
                sum.p_10 += hits as f64 / 10.0;
            }
            if i + 1 == 100 {
                sum.recall_100 += hits as f64 / n_rel as f64;
            }
        }
        if ranked.len() < 10 {
            sum.p_10 += hits as f64 / 10.0;
        }
        if ranked.len() < 100 {
            sum.recall_100 += hits as f64 / n_rel as f64;
        }
        sum.map += ap / n_rel as f64;
        sum.mrr += rr;
    }
    if sum.queries > 0 {
        let n = sum.queries as f64;
        sum.ndcg_10 /= n;
        sum.map /= n;
        sum.p_10 /= n;
        sum.recall_100 /= n;
        sum.mrr /= n;
    }
    sum
}

/// Writes a run in TREC format.
pub fn write_run(
    w: &mut impl std::io::Write,
    qid: &str,
    hits: &[(String, f32)],
    tag: &str,
) -> std::io::Result<()> {
    for (i, (doc, score)) in hits.iter().enumerate() {
        writeln!(w, "{qid} Q0 {doc} {} {score:.4} {tag}", i + 1)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn qrels(rows: &[(&str, &str, u32)]) -> Qrels {
        let mut q = Qrels::new();
        for (qid, d, g) in rows {
            q.entry(qid.to_string())
                .or_default()
                .insert(d.to_string(), *g);
        }
        q
    }

    fn run(rows: &[(&str, &[&str])]) -> Run {
        rows.iter()
            .map(|(q, ds)| (q.to_string(), ds.iter().map(|d| d.to_string()).collect()))
            .collect()
    }

    #[test]
    fn perfect_run_scores_one() {
        let q = qrels(&[("a", "d1", 2), ("a", "d2", 1)]);
        let m = evaluate(&q, &run(&[("a", &["d1", "d2"])]));
        assert!((m.ndcg_10 - 1.0).abs() < 1e-9);
        assert!((m.map - 1.0).abs() < 1e-9);
        assert!((m.mrr - 1.0).abs() < 1e-9);
        assert!((m.recall_100 - 1.0).abs() < 1e-9);
        assert!((m.p_10 - 0.2).abs() < 1e-9);
    }

    #[test]
    fn missing_query_counts_as_zero() {
        let q = qrels(&[("a", "d1", 1), ("b", "d1", 1)]);
        let m = evaluate(&q, &run(&[("a", &["d1"])]));
        assert_eq!(m.queries, 2);
        assert!((m.mrr - 0.5).abs() < 1e-9);
    }

    #[test]
    fn ndcg_uses_graded_gain_and_log_discount() {
        let q = qrels(&[("a", "d1", 2), ("a", "d2", 1)]);
        let m = evaluate(&q, &run(&[("a", &["d2", "d1"])]));
        let dcg = 1.0 + 2.0 / 3f64.log2();
        let idcg = 2.0 + 1.0 / 3f64.log2();
        assert!((m.ndcg_10 - dcg / idcg).abs() < 1e-9);
    }

    #[test]
    fn map_divides_by_all_relevant() {
        let q = qrels(&[("a", "d1", 1), ("a", "d9", 1)]);
        let m = evaluate(&q, &run(&[("a", &["x", "d1"])]));
        assert!((m.map - 0.25).abs() < 1e-9);
    }
}

/// Entity-extraction scoring against hand annotations
/// (`tests/annotations/`): precision and recall over the (article, entity)
/// pairs — what the index stores and filters on — overall and per type.
pub mod entities {
    use std::collections::{BTreeMap, BTreeSet};
    use std::fmt;
    use std::path::Path;

    use serde::Serialize;

    use crate::error::{Error, Result};

    /// Gold annotations: the annotated article ids (an article may have no
    /// entity) and their (article, entity id) pairs.
    #[derive(Debug, Default, Clone)]
    pub struct Gold {
        /// Every annotated article, in file order.
        pub articles: Vec<String>,
        /// Distinct (article id, entity id) pairs.
        pub pairs: BTreeSet<(String, String)>,
        /// Entity ids marked `new` (not in the gazetteer when annotated).
        pub new_ids: BTreeSet<String>,
        /// Every annotated mention, in file order.
        pub mentions: Vec<GoldMention>,
    }

    /// One annotated mention.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct GoldMention {
        /// The article's id.
        pub article: String,
        /// `title` or `body`.
        pub field: String,
        /// First code point of the mention in that field.
        pub start: usize,
        /// One past its last code point.
        pub end: usize,
        /// `organization`, `person`…
        pub kind: String,
        /// The entity's id.
        pub entity: String,
    }

    /// Reads an annotation file: `#article ID` lines open an article's block;
    /// rows are `article_id field start end type entity_id in_gazetteer`
    /// (TAB-separated); other `#` lines are comments.
    pub fn read_gold(path: &Path) -> Result<Gold> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let mut g = Gold::default();
        for (i, line) in text.lines().enumerate() {
            if let Some(id) = line.strip_prefix("#article ") {
                g.articles.push(id.trim().to_string());
                continue;
            }
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 7 {
                return Err(Error::Invalid(format!(
                    "{}:{}: expected 7 TAB-separated columns (article_id field start end type entity_id in_gazetteer)",
                    path.display(),
                    i + 1
                )));
            }
            g.pairs.insert((cols[0].to_string(), cols[5].to_string()));
            let offset = |c: &str| {
                c.parse::<usize>().map_err(|_| {
                    Error::Invalid(format!(
                        "{}:{}: `{c}` is not an offset (a whole number of code points)",
                        path.display(),
                        i + 1
                    ))
                })
            };
            g.mentions.push(GoldMention {
                article: cols[0].to_string(),
                field: cols[1].to_string(),
                start: offset(cols[2])?,
                end: offset(cols[3])?,
                kind: cols[4].to_string(),
                entity: cols[5].to_string(),
            });
            if cols[6] == "new" {
                g.new_ids.insert(cols[5].to_string());
            }
        }
        Ok(g)
    }

    /// Precision and recall of one slice.
    #[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
    pub struct Score {
        /// Pairs in both gold and prediction.
        pub hits: usize,
        /// Predicted pairs.
        pub predicted: usize,
        /// Gold pairs.
        pub gold: usize,
    }

    impl Score {
        /// hits / predicted (1 when nothing was predicted).
        pub fn precision(&self) -> f64 {
            if self.predicted == 0 {
                1.0
            } else {
                self.hits as f64 / self.predicted as f64
            }
        }
        /// hits / gold (1 when there is no gold pair).
        pub fn recall(&self) -> f64 {
            if self.gold == 0 {
                1.0
            } else {
                self.hits as f64 / self.gold as f64
            }
        }
    }

    /// Scores overall, per type (the id's prefix: `org`, `product`…), and
    /// recall on the gold pairs whose entity the gazetteer has.
    #[derive(Debug, Clone, Default, Serialize)]
    pub struct EntityScores {
        /// All pairs.
        pub all: Score,
        /// By id prefix.
        pub by_type: BTreeMap<String, Score>,
        /// Only the gold pairs whose entity is in the gazetteer (the
        /// matcher's recall, apart from coverage).
        pub known: Score,
        /// Predicted pairs not in the gold set.
        pub false_positives: Vec<(String, String)>,
        /// Gold pairs of known entities that were missed.
        pub missed_known: Vec<(String, String)>,
        /// Gold pairs of entities the gazetteer lacks that were missed
        /// (neither a recognized person nor a typed name found them).
        pub missed_new: Vec<(String, String)>,
    }

    /// Gives recognized people and typed names (ids `person/~…`, `org/~…`,
    /// see [`crate::enrich::persons`] and [`crate::enrich::names`]) the gold
    /// id of the entity they are: an entity of the same type annotated `new`
    /// in the same article with a mention whose normalized name, by
    /// `key_of`, is the recognized name. Recognized names that no annotation
    /// names stay as they are (false positives).
    pub fn align_recognized(
        gold: &Gold,
        predicted: &BTreeSet<(String, String)>,
        key_of: impl Fn(&GoldMention) -> Option<String>,
    ) -> BTreeSet<(String, String)> {
        let mut by_key: BTreeMap<(String, String), String> = BTreeMap::new();
        for m in &gold.mentions {
            if !gold.new_ids.contains(&m.entity) {
                continue;
            }
            if let Some(key) = key_of(m) {
                let id = match m.kind.as_str() {
                    "person" => crate::enrich::persons::id_for_key(&key),
                    "organization" => crate::enrich::names::id_for("org", &key),
                    other => crate::enrich::names::id_for(other, &key),
                };
                by_key.insert((m.article.clone(), id), m.entity.clone());
            }
        }
        predicted
            .iter()
            .map(|(a, id)| match by_key.get(&(a.clone(), id.clone())) {
                Some(gold_id) => (a.clone(), gold_id.clone()),
                None => (a.clone(), id.clone()),
            })
            .collect()
    }

    /// The (article, entity) pairs `gazetteer` finds in the annotated
    /// articles of `articles` (JSON Lines with `id`, `title` and `body`, as
    /// in `../shared/data/tech-news.jsonl`), recognized people aligned with
    /// the gold ones by [`align_recognized`].
    pub fn predict(
        gazetteer: &crate::enrich::Gazetteer,
        articles: &str,
        gold: &Gold,
    ) -> Result<BTreeSet<(String, String)>> {
        use crate::analysis::{Analyzer, Mode, TokenBuf};
        let wanted: BTreeSet<&str> = gold.articles.iter().map(String::as_str).collect();
        let mut texts: BTreeMap<String, (String, String)> = BTreeMap::new();
        let mut predicted = BTreeSet::new();
        let mut buf = TokenBuf::new();
        for (i, line) in articles.lines().enumerate() {
            let v: serde_json::Value = serde_json::from_str(line)
                .map_err(|e| Error::Invalid(format!("articles line {}: {e}", i + 1)))?;
            let id = v["id"].as_str().unwrap_or_default();
            if !wanted.contains(id) {
                continue;
            }
            let title = v["title"].as_str().unwrap_or_default().to_string();
            let body = v["body"].as_str().unwrap_or_default().to_string();
            for m in gazetteer.extract(&title, &body, &mut buf) {
                predicted.insert((id.to_string(), m.id));
            }
            texts.insert(id.to_string(), (title, body));
        }
        let exact = Analyzer::builtin(Mode::Exact);
        Ok(align_recognized(gold, &predicted, |m| {
            let (title, body) = texts.get(&m.article)?;
            let field = if m.field == "title" { title } else { body };
            let surface: String = field.chars().skip(m.start).take(m.end - m.start).collect();
            let terms: Vec<String> = exact
                .analyze_to_vec(&surface)
                .into_iter()
                .map(|t| t.term)
                .collect();
            Some(terms.join(" "))
        }))
    }

    /// Compares predicted pairs (restricted to the annotated articles) with
    /// the gold ones. `known(id)` tells whether the gazetteer has an entity.
    pub fn score(
        gold: &Gold,
        predicted: &BTreeSet<(String, String)>,
        known: impl Fn(&str) -> bool,
    ) -> EntityScores {
        let articles: BTreeSet<&str> = gold.articles.iter().map(String::as_str).collect();
        let prefix = |id: &str| id.split('/').next().unwrap_or("").to_string();
        let mut s = EntityScores::default();
        for p in predicted.iter().filter(|p| articles.contains(p.0.as_str())) {
            let hit = gold.pairs.contains(p);
            for slot in [&mut s.all, s.by_type.entry(prefix(&p.1)).or_default()] {
                slot.predicted += 1;
                slot.hits += usize::from(hit);
            }
            if !hit {
                s.false_positives.push(p.clone());
            }
        }
        for g in &gold.pairs {
            s.all.gold += 1;
            s.by_type.entry(prefix(&g.1)).or_default().gold += 1;
            if known(&g.1) {
                s.known.gold += 1;
                if predicted.contains(g) {
                    s.known.hits += 1;
                } else {
                    s.missed_known.push(g.clone());
                }
            } else if !predicted.contains(g) {
                s.missed_new.push(g.clone());
            }
        }
        s.known.predicted = s.all.predicted;
        s
    }

    impl fmt::Display for EntityScores {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            writeln!(f, "| type | gold pairs | predicted | precision | recall |")?;
            writeln!(f, "|---|---:|---:|---:|---:|")?;
            for (t, s) in self.by_type.iter().chain([(&"all".to_string(), &self.all)]) {
                writeln!(
                    f,
                    "| {t} | {} | {} | {:.3} | {:.3} |",
                    s.gold,
                    s.predicted,
                    s.precision(),
                    s.recall()
                )?;
            }
            write!(
                f,
                "recall on entities the gazetteer has: {:.3} ({} of {})",
                self.known.recall(),
                self.known.hits,
                self.known.gold
            )
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn pairs(v: &[(&str, &str)]) -> BTreeSet<(String, String)> {
            v.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        }

        #[test]
        fn a_recognized_person_takes_the_gold_id_of_the_same_name() {
            let mention = |article: &str, start, entity: &str| GoldMention {
                article: article.into(),
                field: "body".into(),
                start,
                end: start + 2,
                kind: "person".into(),
                entity: entity.into(),
            };
            let gold = Gold {
                articles: vec!["a".into()],
                pairs: pairs(&[("a", "person/ahmed-salama")]),
                new_ids: ["person/ahmed-salama".to_string()].into(),
                mentions: vec![mention("a", 0, "person/ahmed-salama")],
            };
            let pred = pairs(&[("a", "person/~احمد-سلامه"), ("a", "person/~محمد-علي")]);
            let aligned = align_recognized(&gold, &pred, |_| Some("احمد سلامه".into()));
            assert_eq!(
                aligned,
                pairs(&[("a", "person/ahmed-salama"), ("a", "person/~محمد-علي")])
            );
        }

        #[test]
        fn precision_and_recall_count_article_entity_pairs() {
            let gold = Gold {
                articles: vec!["a".into(), "b".into()],
                pairs: pairs(&[("a", "org/x"), ("a", "person/y"), ("b", "org/x")]),
                new_ids: BTreeSet::new(),
                mentions: Vec::new(),
            };
            // one wrong, one outside the annotated articles (ignored)
            let pred = pairs(&[("a", "org/x"), ("b", "org/z"), ("c", "org/x")]);
            let s = score(&gold, &pred, |id| id != "person/y");
            assert_eq!((s.all.hits, s.all.predicted, s.all.gold), (1, 2, 3));
            assert_eq!(s.by_type["org"].precision(), 0.5);
            assert_eq!(s.by_type["person"].recall(), 0.0);
            assert_eq!((s.known.hits, s.known.gold), (1, 2));
            assert_eq!(s.false_positives, [("b".to_string(), "org/z".to_string())]);
        }
    }
}
