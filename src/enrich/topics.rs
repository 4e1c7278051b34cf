//! Topics: an umbrella `technology` score and tech-news sub-topics, scored
//! from weighted evidence (`schema/topics.tsv`).
//!
//! For a story and a topic, each evidence item found adds
//! `weight × (1 + ln tf)` (a title match counts twice); the sum is damped by
//! `sqrt(max(1, L / 150))` for a story of `L` analyzed tokens. A story gets a
//! sub-topic at [`SUBTOPIC_THRESHOLD`] when its `technology` score reaches
//! [`TECH_THRESHOLD`] (or when one sub-topic alone reaches
//! [`STRONG_SUBTOPIC`]). Terms are matched on the stemmed token stream, so an
//! item written `اختراق` also matches `والاختراقات`; `@id` items match an
//! entity found by the gazetteer.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::analysis::{Analyzer, Mode};

/// The taxonomy shipped in `schema/topics.tsv`.
pub const BUILTIN: &str = include_str!("../../schema/topics.tsv");
/// Id of the umbrella topic.
pub const TECHNOLOGY: &str = "technology";
/// Score from which a story is a technology story.
pub const TECH_THRESHOLD: f32 = 5.0;
/// Score from which a technology story gets a sub-topic.
pub const SUBTOPIC_THRESHOLD: f32 = 3.0;
/// Sub-topic score from which a story counts as technology whatever its
/// `technology` score.
pub const STRONG_SUBTOPIC: f32 = 12.0;

/// One topic of the taxonomy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Topic {
    /// Slug, e.g. `privacy`.
    pub id: String,
    /// Arabic label.
    pub label_ar: String,
    /// English label.
    pub label_en: String,
}

/// A topic a story was given, with its score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopicScore {
    /// Topic id.
    pub id: String,
    /// Score (see the module docs).
    pub score: f32,
}

/// What a story is about, topic-wise.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TopicResult {
    /// The `technology` score.
    pub technology: f32,
    /// Sub-topics at or above the threshold (only for technology stories),
    /// best first, at most three.
    pub topics: Vec<TopicScore>,
}

#[derive(Debug, Clone)]
struct Phrase {
    item: u32,
    rest: Vec<String>,
    topic: usize,
    weight: f32,
}

/// The taxonomy with its evidence indexed for scoring.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    topics: Vec<Topic>,
    /// first stemmed term → phrases starting with it (single terms have no rest)
    terms: FxHashMap<String, Vec<Phrase>>,
    /// entity id → (topic, weight)
    entities: FxHashMap<String, Vec<(usize, f32)>>,
    tech: usize,
}

impl Taxonomy {
    /// The taxonomy shipped in `schema/topics.tsv`.
    pub fn builtin() -> Result<Taxonomy, String> {
        Taxonomy::parse("schema/topics.tsv", BUILTIN)
    }

    /// Parses a taxonomy (`file` names it in errors).
    pub fn parse(file: &str, text: &str) -> Result<Taxonomy, String> {
        let analyzer = Analyzer::builtin(Mode::Stemmed);
        let mut t = Taxonomy {
            topics: Vec::new(),
            terms: FxHashMap::default(),
            entities: FxHashMap::default(),
            tech: usize::MAX,
        };
        for (i, line) in text.lines().enumerate() {
            let err = |m: String| format!("{file}:{}: {m}", i + 1);
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() != 4 {
                return Err(err(format!(
                    "expected 4 tab-separated columns (id, label_ar, label_en, evidence), found {}",
                    cols.len()
                )));
            }
            let idx = t.topics.len();
            let id = cols[0].trim().to_string();
            if id == TECHNOLOGY {
                t.tech = idx;
            }
            for item in cols[3].split('|').map(str::trim).filter(|x| !x.is_empty()) {
                let (term, weight) = item
                    .rsplit_once(':')
                    .and_then(|(a, w)| w.trim().parse::<f32>().ok().map(|w| (a.trim(), w)))
                    .ok_or_else(|| err(format!("`{item}` is not TERM:WEIGHT")))?;
                if let Some(entity) = term.strip_prefix('@') {
                    t.entities
                        .entry(entity.to_string())
                        .or_default()
                        .push((idx, weight));
                    continue;
                }
                let toks: Vec<String> = analyzer
                    .analyze_to_vec(term)
                    .into_iter()
                    .map(|x| x.term)
                    .collect();
                let Some((first, rest)) = toks.split_first() else {
                    continue; // only stop words
                };
                let item = t.terms.values().map(Vec::len).sum::<usize>() as u32;
                t.terms.entry(first.clone()).or_default().push(Phrase {
                    item,
                    rest: rest.to_vec(),
                    topic: idx,
                    weight,
                });
            }
            t.topics.push(Topic {
                id,
                label_ar: cols[1].trim().to_string(),
                label_en: cols[2].trim().to_string(),
            });
        }
        if t.tech == usize::MAX {
            return Err(format!("{file}: no `{TECHNOLOGY}` topic"));
        }
        Ok(t)
    }

    /// Every topic.
    pub fn topics(&self) -> &[Topic] {
        &self.topics
    }

    /// Finds a topic by id or by its Arabic or English label (any case,
    /// Arabic normalized: `الخصوصية` = `الخصوصيه`), or by the first words of
    /// one label when only one topic's label starts so (`الخصوصية` for
    /// `الخصوصية وحماية البيانات`).
    pub fn resolve(&self, text: &str) -> Option<&Topic> {
        let norm = |s: &str| crate::analysis::normalize::normalize(s.trim());
        let want = norm(text);
        if want.is_empty() {
            return None;
        }
        let labels = |t: &Topic| [t.id.clone(), norm(&t.label_ar), norm(&t.label_en)];
        if let Some(t) = self.topics.iter().find(|t| labels(t).contains(&want)) {
            return Some(t);
        }
        let prefix = format!("{want} ");
        let mut starts = self
            .topics
            .iter()
            .filter(|t| labels(t).iter().any(|l| l.starts_with(&prefix)));
        match (starts.next(), starts.next()) {
            (Some(t), None) => Some(t),
            _ => None,
        }
    }

    /// Scores a story from its stemmed title and body terms and the ids of
    /// the entities found in it.
    pub fn score(&self, title: &[&str], body: &[&str], entity_ids: &[&str]) -> TopicResult {
        // (topic, item) → (tf, weight)
        let mut tf: FxHashMap<(usize, u32), (f32, f32)> = FxHashMap::default();
        for (terms, w) in [(title, 2.0f32), (body, 1.0)] {
            for (i, term) in terms.iter().enumerate() {
                let Some(phrases) = self.terms.get(*term) else {
                    continue;
                };
                for p in phrases {
                    let fits = p.rest.len() < terms.len() - i
                        && p.rest.iter().zip(&terms[i + 1..]).all(|(a, b)| a == b);
                    if fits {
                        let e = tf.entry((p.topic, p.item)).or_insert((0.0, p.weight));
                        e.0 += w;
                    }
                }
            }
        }
        let mut sums = vec![0.0f32; self.topics.len()];
        for ((topic, _), (count, weight)) in tf {
            sums[topic] += weight * (1.0 + count.ln());
        }
        for id in entity_ids {
            if let Some(list) = self.entities.get(*id) {
                for &(topic, weight) in list {
                    sums[topic] += weight;
                }
            }
        }
        let len = (title.len() + body.len()) as f32;
        let damp = (len / 150.0).max(1.0).sqrt();
        for s in &mut sums {
            *s /= damp;
        }
        // A strong sub-topic makes a technology story by itself (a Mars probe
        // story says little of "technology" in general words).
        let strongest_sub = sums
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != self.tech)
            .map(|(_, &s)| s)
            .fold(0.0f32, f32::max);
        let technology = if strongest_sub >= STRONG_SUBTOPIC {
            sums[self.tech].max(TECH_THRESHOLD)
        } else {
            sums[self.tech]
        };
        let mut topics: Vec<TopicScore> = Vec::new();
        if technology >= TECH_THRESHOLD {
            topics = sums
                .iter()
                .enumerate()
                .filter(|&(i, &s)| i != self.tech && s >= SUBTOPIC_THRESHOLD)
                .map(|(i, &s)| TopicScore {
                    id: self.topics[i].id.clone(),
                    score: s,
                })
                .collect();
            topics.sort_by(|a, b| b.score.total_cmp(&a.score));
            topics.truncate(3);
        }
        TopicResult { technology, topics }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(text: &str) -> Vec<String> {
        Analyzer::builtin(Mode::Stemmed)
            .analyze_to_vec(text)
            .into_iter()
            .map(|t| t.term)
            .collect()
    }

    #[test]
    fn builtin_taxonomy_loads_with_its_topics() {
        let t = Taxonomy::builtin().unwrap();
        assert!(t.topics().len() >= 21);
        for id in [
            "technology",
            "ai",
            "cybersecurity",
            "privacy",
            "fintech",
            "space",
        ] {
            assert!(t.resolve(id).is_some(), "{id}");
        }
        assert_eq!(t.resolve("Artificial intelligence").unwrap().id, "ai");
        assert_eq!(t.resolve("الخصوصية").unwrap().id, "privacy");
        assert_eq!(t.resolve("privacy").unwrap().id, "privacy");
        assert!(t.resolve("").is_none());
    }

    #[test]
    fn a_hacking_story_is_tech_and_cybersecurity_and_a_match_report_is_neither() {
        let t = Taxonomy::builtin().unwrap();
        let title = stems("قراصنة يخترقون أنظمة شركة اتصالات ببرمجيات خبيثة");
        let body = stems("تعرضت شبكة الشركة لهجوم إلكتروني ببرمجيات الفدية، واستغل المخترقون ثغرة أمنية في الخوادم لسرقة بيانات المستخدمين، وقال خبراء الأمن السيبراني إن الاختراق كشف كلمات المرور وحسابات العملاء على الإنترنت.");
        let t1: Vec<&str> = title.iter().map(String::as_str).collect();
        let b1: Vec<&str> = body.iter().map(String::as_str).collect();
        let r = t.score(&t1, &b1, &[]);
        assert!(r.technology >= TECH_THRESHOLD, "{r:?}");
        assert_eq!(
            r.topics.first().map(|x| x.id.as_str()),
            Some("cybersecurity"),
            "{r:?}"
        );

        let title = stems("الهلال يفوز على النصر في الدوري");
        let body = stems("فاز فريق الهلال على النصر بهدفين مقابل هدف في المباراة التي أقيمت على ملعب الملك فهد، وسجل المهاجم الهدف الثاني في الدقائق الأخيرة.");
        let t2: Vec<&str> = title.iter().map(String::as_str).collect();
        let b2: Vec<&str> = body.iter().map(String::as_str).collect();
        let r = t.score(&t2, &b2, &[]);
        assert!(
            r.technology < TECH_THRESHOLD && r.topics.is_empty(),
            "{r:?}"
        );
    }
}
