//! Ranked search over a fahras index: query building, ranking and snippets.
//!
//! The query text is parsed ([`query`]) and each clause analyzed exactly like
//! documents. The score of a story is one sum, whose parts
//! [`SearchRequest::explain`] reports ([`ScoreParts`]):
//!
//! - **text**: BM25 of each query term on the stemmed `body`, plus BM25 on the
//!   stemmed `title` times [`Ranking::title_boost`]; BM25 of each exact
//!   (normalized, unstemmed) query term on `body_exact` and `title_exact`
//!   times [`Ranking::exact_boost`] — the exact wording ranks above a mere
//!   stem match; for queries of two or more words, a proximity bonus: the
//!   words as a phrase on `body` with slop [`Ranking::phrase_slop`], times
//!   [`Ranking::phrase_boost`];
//! - **entities**: [`Ranking::entity_weight`] times, for each entity named in
//!   the query (any alias, any script), required or boosted, its BM25 in a
//!   field where it is repeated by salience;
//! - **topics**: [`Ranking::topic_weight`] times the same for each required or
//!   boosted topic, repeated by topic score;
//! - **recency**: [`Ranking::recency_weight`] × 2^(−age/half-life), the age
//!   counted from the newest story in the index.
//!
//! Date and source filters restrict without scoring. The weights live in
//! `schema/ranking.toml` ([`Ranking::from_toml`]). Copies of one story
//! (near-duplicate fingerprints, [`crate::enrich::fingerprint`]) are shown
//! once, with the others in [`Hit::also_in`].

mod group;
pub mod query;
pub mod snippet;

use std::ops::Bound;
use std::path::Path;

use serde::Deserialize;
use serde::Serialize;
use tantivy::collector::{FacetCollector, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur as TOccur, PhraseQuery, Query,
    RangeQuery, TermQuery,
};
use tantivy::schema::{Facet, IndexRecordOption, Value};
use tantivy::{
    DateTime, DocAddress, Index, IndexReader, ReloadPolicy, Searcher, SegmentReader,
    TantivyDocument, Term,
};

use std::sync::Arc;

use crate::analysis::{Analyzer, Mode};
use crate::enrich::topics::{Taxonomy, TopicResult};
use crate::enrich::{EntityMention, Gazetteer};
use crate::error::{Error, Result};
use crate::index::{self, Fields};
use crate::ingest::date::format_day;
use query::{Occur, ParsedQuery};
pub use snippet::Snippet;

/// Weights of the ranking formula (see the module docs), as written in
/// `schema/ranking.toml`.
///
/// The text defaults were chosen on the two judged sets described in the
/// README (`fahras eval` with `--title-boost`, `--exact-boost`,
/// `--phrase-boost` over a small grid). The title weight is below 1 because
/// the title is a separate, short field: BM25's length normalization already
/// gives a title match a high score, and the weight adds half of it on top of
/// the body's.
///
/// ```
/// use fahras::search::Ranking;
/// let r = Ranking::from_toml("recency_weight = 0\ntopic_weight = 2.5").unwrap();
/// assert_eq!((r.recency_weight, r.topic_weight), (0.0, 2.5));
/// assert_eq!(r.title_boost, Ranking::default().title_boost); // left out: default
/// assert!(Ranking::from_toml("titel_boost = 1").unwrap_err().contains("titel_boost"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Ranking {
    /// Multiplier of title matches over body matches.
    pub title_boost: f32,
    /// Weight of exact-form matches added on top of stem matches.
    pub exact_boost: f32,
    /// Weight of the proximity (sloppy phrase) bonus.
    pub phrase_boost: f32,
    /// How many positions apart the query words may be for the bonus.
    pub phrase_slop: u32,
    /// Weight of entities (named in the query in any alias or script, or
    /// given with `--entity`/`--boost-entity`): their stories match even when
    /// they spell the name otherwise, ranked by salience.
    #[serde(alias = "entity_boost")]
    pub entity_weight: f32,
    /// Weight of topics given with `--topic`/`--boost-topic`, ranked by the
    /// story's topic score.
    pub topic_weight: f32,
    /// Score a story from the newest day of the index gains (0: recency off).
    pub recency_weight: f32,
    /// Age in days at which the recency gain halves.
    pub recency_half_life_days: f32,
}

impl Default for Ranking {
    /// The values of `schema/ranking.toml` (a test keeps the two equal).
    fn default() -> Self {
        Ranking {
            title_boost: 0.5,
            exact_boost: 0.15,
            phrase_boost: 1.0,
            phrase_slop: 3,
            entity_weight: 1.0,
            topic_weight: 1.0,
            recency_weight: 1.0,
            recency_half_life_days: 90.0,
        }
    }
}

impl Ranking {
    /// The built-in weights file, `schema/ranking.toml`.
    pub const BUILTIN_TOML: &'static str = include_str!("../../schema/ranking.toml");

    /// Reads weights from TOML text; keys left out keep their defaults. The
    /// error names the line and the key (unknown keys are errors, so a typo
    /// does not pass silently).
    pub fn from_toml(text: &str) -> std::result::Result<Ranking, String> {
        let r: Ranking = toml::from_str(text).map_err(|e| e.to_string().trim().to_string())?;
        r.validate()?;
        Ok(r)
    }

    /// Checks that the weights are numbers ≥ 0 and the half-life is > 0;
    /// the error names the key.
    pub fn validate(&self) -> std::result::Result<(), String> {
        let weights = [
            ("title_boost", self.title_boost),
            ("exact_boost", self.exact_boost),
            ("phrase_boost", self.phrase_boost),
            ("entity_weight", self.entity_weight),
            ("topic_weight", self.topic_weight),
            ("recency_weight", self.recency_weight),
        ];
        if let Some((k, v)) = weights.iter().find(|(_, v)| !v.is_finite() || *v < 0.0) {
            return Err(format!("`{k} = {v}`: weights are numbers ≥ 0"));
        }
        if !self.recency_half_life_days.is_finite() || self.recency_half_life_days <= 0.0 {
            return Err("`recency_half_life_days` must be > 0".into());
        }
        Ok(())
    }

    /// Reads a weights file (see [`Ranking::from_toml`]).
    pub fn load(path: &Path) -> Result<Ranking> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::Invalid(format!("cannot read {}: {e}", path.display())))?;
        Ranking::from_toml(&text).map_err(|e| {
            Error::Invalid(format!(
                "{}: {e}\n(see schema/ranking.toml for the keys and their meaning)",
                path.display()
            ))
        })
    }

    /// The recency gain of a story `age_days` older than the newest one.
    pub fn recency(&self, age_days: f32) -> f32 {
        self.recency_weight * (-age_days.max(0.0) / self.recency_half_life_days).exp2()
    }
}

/// A search request.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    /// The query text (see [`query`] for the syntax).
    pub query: String,
    /// How many hits to return.
    pub limit: usize,
    /// Only stories published at or after this time (epoch seconds).
    pub since: Option<i64>,
    /// Only stories published before or at this time (epoch seconds).
    pub until: Option<i64>,
    /// Only stories from one of these sources (exact names).
    pub sources: Vec<String>,
    /// Only stories about all of these entities (ids, see
    /// [`SearchEngine::resolve_entities`]).
    pub entities: Vec<String>,
    /// Prefer stories about these entities (ids), without requiring them.
    pub boost_entities: Vec<String>,
    /// Only stories with all of these topics (ids, see
    /// [`SearchEngine::resolve_topics`]).
    pub topics: Vec<String>,
    /// Prefer stories with these topics (ids), without requiring them.
    pub boost_topics: Vec<String>,
    /// Compute snippets (off for evaluation runs).
    pub snippets: bool,
    /// Snippet length in characters.
    pub snippet_chars: usize,
    /// Show copies of one story once (see [`Hit::also_in`]).
    pub group: bool,
    /// Fill [`Hit::explain`] with the parts of each score.
    pub explain: bool,
}

impl SearchRequest {
    /// A request for `query` with default settings (10 hits, snippets on).
    pub fn new(query: impl Into<String>) -> SearchRequest {
        SearchRequest {
            query: query.into(),
            limit: 10,
            since: None,
            until: None,
            sources: Vec::new(),
            entities: Vec::new(),
            boost_entities: Vec::new(),
            topics: Vec::new(),
            boost_topics: Vec::new(),
            snippets: true,
            snippet_chars: 200,
            group: true,
            explain: false,
        }
    }
}

/// One ranked story.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// 1-based rank.
    pub rank: usize,
    /// Relevance score.
    pub score: f32,
    /// Article id.
    pub id: String,
    /// Headline.
    pub title: String,
    /// Publication day (`YYYY-MM-DD`, UTC).
    pub date: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// Link.
    pub url: Option<String>,
    /// A passage of the body with the matched words.
    pub snippet: String,
    /// Byte ranges of the matched words inside `snippet`.
    pub highlights: Vec<(usize, usize)>,
    /// The story's entities, most salient first.
    pub entities: Vec<EntityMention>,
    /// The story's topics and technology score.
    pub topics: Option<TopicResult>,
    /// Id shared by the copies of this story (the smallest article id among
    /// them); `None` when the story has no copy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Other outlets' copies of the story (near-duplicate text), not shown
    /// as hits of their own.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_in: Vec<StoryRef>,
    /// The parts of [`Hit::score`], when [`SearchRequest::explain`] is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<ScoreParts>,
}

/// A story named by a hit (a copy of it).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryRef {
    /// Article id.
    pub id: String,
    /// Headline.
    pub title: String,
    /// Outlet.
    pub source: Option<String>,
    /// Publication day.
    pub date: Option<String>,
    /// Link.
    pub url: Option<String>,
}

/// The parts of a hit's score (they add up to it; see the module docs).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct ScoreParts {
    /// Text relevance: BM25 on body and title, exact forms, proximity.
    pub text: f32,
    /// Entities named in the query or given as filters/boosts, by salience.
    pub entities: f32,
    /// Topics given as filters/boosts, by topic score.
    pub topics: f32,
    /// Recency gain.
    pub recency: f32,
    /// The story's age in days before the newest story in the index.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age_days: Option<f32>,
}

/// The clauses of a request, kept apart so each part of a score can be
/// explained.
struct RequestQuery {
    /// The query text (words, phrases, proximity).
    text: Vec<(TOccur, Box<dyn Query>)>,
    /// Entities named in the query text: alternatives to the text.
    text_entities: Vec<(TOccur, Box<dyn Query>)>,
    /// `--entity` (Must) and `--boost-entity` (Should).
    entities: Vec<(TOccur, Box<dyn Query>)>,
    /// `--topic` (Must) and `--boost-topic` (Should).
    topics: Vec<(TOccur, Box<dyn Query>)>,
    /// Date and source restrictions, scored 0.
    constraints: Vec<(TOccur, Box<dyn Query>)>,
    /// The request had no query text at all.
    no_text: bool,
    notices: Vec<String>,
}

fn boolean(clauses: &[(TOccur, Box<dyn Query>)]) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        clauses.iter().map(|(o, q)| (*o, q.box_clone())).collect(),
    ))
}

/// The score `query` gives the story at `addr` (0 when it does not match).
fn part(searcher: &Searcher, query: &dyn Query, addr: DocAddress) -> f32 {
    query
        .explain(searcher, addr)
        .map(|e| e.value())
        .unwrap_or(0.0)
}

impl RequestQuery {
    /// The whole query; `None` when there is nothing to search for
    /// (`all_if_empty`: all stories then).
    fn full(&self, all_if_empty: bool) -> Option<Box<dyn Query>> {
        let mut all: Vec<(TOccur, Box<dyn Query>)> = Vec::new();
        if !self.text.is_empty() {
            let mut text: Vec<(TOccur, Box<dyn Query>)> =
                self.text.iter().map(|(o, q)| (*o, q.box_clone())).collect();
            text.extend(self.text_entities.iter().map(|(o, q)| (*o, q.box_clone())));
            all.push((TOccur::Must, Box::new(BooleanQuery::new(text))));
        }
        let must_filter = self
            .entities
            .iter()
            .chain(&self.topics)
            .chain(&self.constraints)
            .any(|(o, _)| *o == TOccur::Must);
        if all.is_empty() && !must_filter {
            return (all_if_empty && self.no_text).then(|| Box::new(AllQuery) as Box<dyn Query>);
        }
        for (o, q) in self
            .entities
            .iter()
            .chain(&self.topics)
            .chain(&self.constraints)
        {
            all.push((*o, q.box_clone()));
        }
        Some(Box::new(BooleanQuery::new(all)))
    }

    /// The parts of the score of the story at `addr` (recency not included).
    fn explain(&self, searcher: &Searcher, addr: DocAddress) -> ScoreParts {
        let sum = |clauses: &[(TOccur, Box<dyn Query>)]| -> f32 {
            clauses
                .iter()
                .map(|(_, q)| part(searcher, &**q, addr))
                .sum()
        };
        let text = if self.text.is_empty() {
            0.0
        } else {
            part(searcher, &*boolean(&self.text), addr)
        };
        ScoreParts {
            text,
            entities: 0.0 + sum(&self.text_entities) + sum(&self.entities),
            topics: 0.0 + sum(&self.topics),
            ..ScoreParts::default()
        }
    }
}

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// Ranked hits.
    pub hits: Vec<Hit>,
    /// Number of matching stories (all of them, not only those returned).
    pub total: usize,
    /// Notices about how the query was read (repaired syntax, stop words…).
    pub notices: Vec<String>,
}

/// How many matching stories name an entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityCount {
    /// Entity id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Number of stories.
    pub stories: u64,
}

/// Most entries a count lists (`--top` is clamped to it: facet counting
/// allocates room for them up front).
pub const MAX_TOP: usize = 100_000;

/// What an index holds (`fahras stats`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndexStats {
    /// Searchable stories.
    pub documents: u64,
    /// Deleted or replaced stories not yet merged away.
    pub deleted: u64,
    /// Index segments.
    pub segments: usize,
    /// Size of the index directory's files.
    pub bytes_on_disk: u64,
    /// Day of the oldest dated story.
    pub oldest: Option<String>,
    /// Day of the newest dated story.
    pub newest: Option<String>,
    /// Stories with at least one entity.
    pub with_entities: u64,
    /// Stories tagged `technology`.
    pub technology_stories: u64,
    /// Stories with a near-duplicate fingerprint (grouping works on them).
    pub with_fingerprint: u64,
    /// Stories per source, most first.
    pub sources: Vec<(String, u64)>,
}

/// How many matching stories give a name the gazetteer does not know.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CandidateCount {
    /// The name, normalized (folded letters, Latin lowercased).
    pub name: String,
    /// Number of stories.
    pub stories: u64,
}

/// How many matching stories have a topic.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicCount {
    /// Topic id.
    pub id: String,
    /// Arabic label.
    pub label_ar: String,
    /// English label.
    pub label_en: String,
    /// Number of stories.
    pub stories: u64,
}

/// A searcher over one fahras index.
pub struct SearchEngine {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    stemmed: Analyzer,
    exact: Analyzer,
    ranking: Ranking,
    gazetteer: Arc<Gazetteer>,
    taxonomy: Arc<Taxonomy>,
}

impl SearchEngine {
    /// Opens the index in `dir` for searching.
    pub fn open(dir: &Path) -> Result<SearchEngine> {
        let (index, fields) = index::open(dir)?;
        SearchEngine::from_index(index, fields)
    }

    /// Wraps an already opened index.
    pub fn from_index(index: Index, fields: Fields) -> Result<SearchEngine> {
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchEngine {
            index,
            reader,
            fields,
            stemmed: Analyzer::builtin(Mode::Stemmed),
            exact: Analyzer::builtin(Mode::Exact),
            ranking: Ranking::default(),
            gazetteer: Arc::new(Gazetteer::builtin().map_err(|e| Error::Invalid(e.to_string()))?),
            taxonomy: Arc::new(Taxonomy::builtin().map_err(Error::Invalid)?),
        })
    }

    /// Replaces the gazetteer (e.g. the built-in one plus a user's file).
    pub fn with_gazetteer(mut self, gazetteer: Gazetteer) -> SearchEngine {
        self.gazetteer = Arc::new(gazetteer);
        self
    }

    /// The gazetteer used to read entity names in queries and filters.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// Resolves `--entity` values (ids or aliases in any script) to ids. A
    /// name the gazetteer lacks may still be a person the index recognized
    /// (`محمد توفيق` → `person/~محمد-توفيق`, see [`crate::enrich::persons`])
    /// or a name a cue word typed (`Stower` → `org/~stower`, see
    /// [`crate::enrich::names`]): it resolves when some story has that id.
    pub fn resolve_entities(&self, names: &[String]) -> Result<Vec<String>> {
        names
            .iter()
            .map(|n| {
                if let Some(e) = self.gazetteer.resolve(n) {
                    return Ok(e.id.clone());
                }
                let ids = if crate::enrich::names::is_recognized_id(n.trim()) {
                    vec![n.trim().to_string()]
                } else {
                    // a recognized person, or a name a cue word typed
                    let terms: Vec<String> =
                        self.exact.analyze_to_vec(n).into_iter().map(|t| t.term).collect();
                    let key = terms.join(" ");
                    let mut ids = vec![crate::enrich::persons::id_for_key(&key)];
                    for prefix in ["org", "platform", "product", "media"] {
                        ids.push(crate::enrich::names::id_for(prefix, &key));
                    }
                    ids
                };
                let searcher = self.reader.searcher();
                for id in ids {
                    let facet = Facet::from_path(id.split('/'));
                    let term = tantivy::Term::from_facet(self.fields.entity, &facet);
                    if searcher.doc_freq(&term)? > 0 {
                        return Ok(id);
                    }
                }
                Err(Error::Invalid(format!(
                    "unknown entity `{n}`: give an id such as org/facebook or a name the gazetteer knows (schema/entities/), the full name of a person or a typed name the index recognized (`fahras entities --index DIR` lists them), or add it with --entities FILE"
                )))
            })
            .collect()
    }

    /// Resolves `--topic` values (ids or Arabic/English labels) to ids.
    pub fn resolve_topics(&self, names: &[String]) -> Result<Vec<String>> {
        names
            .iter()
            .map(|n| {
                self.taxonomy
                    .resolve(n)
                    .map(|t| t.id.clone())
                    .ok_or_else(|| {
                        let ids: Vec<&str> = self
                            .taxonomy
                            .topics()
                            .iter()
                            .map(|t| t.id.as_str())
                            .collect();
                        Error::Invalid(format!(
                            "unknown topic `{n}`: use one of {}",
                            ids.join(", ")
                        ))
                    })
            })
            .collect()
    }

    /// A query for stories about topic `id`, scored by the topic's score
    /// times [`Ranking::topic_weight`].
    fn topic_query(&self, id: &str) -> Box<dyn Query> {
        let q = rank_query(self.fields.topic_rank, id);
        Box::new(BoostQuery::new(q, self.ranking.topic_weight))
    }

    /// A query for stories about entity `id`, scored by its salience there
    /// times [`Ranking::entity_weight`].
    fn entity_query(&self, id: &str) -> Box<dyn Query> {
        let q = rank_query(self.fields.entity_rank, id);
        Box::new(BoostQuery::new(q, self.ranking.entity_weight))
    }

    /// Replaces the ranking weights.
    pub fn with_ranking(mut self, ranking: Ranking) -> SearchEngine {
        self.ranking = ranking;
        self
    }

    /// Number of stories in the index.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The clauses of the query text `parsed`, then those of the entities it
    /// names (alternatives to the text), and notices. No text clause: the
    /// query has nothing to search for.
    #[allow(clippy::type_complexity)]
    fn text_clauses(
        &self,
        parsed: &ParsedQuery,
    ) -> (
        Vec<(TOccur, Box<dyn Query>)>,
        Vec<(TOccur, Box<dyn Query>)>,
        Vec<String>,
    ) {
        let mut notices = Vec::new();
        let mut clauses: Vec<(TOccur, Box<dyn Query>)> = Vec::new();
        let mut positive = 0;
        let mut proximity_words: Vec<&str> = Vec::new();
        let f = &self.fields;
        let r = &self.ranking;
        for c in &parsed.clauses {
            let stem_terms = self.stemmed.analyze_to_vec(&c.text);
            let exact_terms = self.exact.analyze_to_vec(&c.text);
            if exact_terms.is_empty() {
                continue; // punctuation only
            }
            let occur = match c.occur {
                Occur::Should => TOccur::Should,
                Occur::Must => TOccur::Must,
                Occur::MustNot => TOccur::MustNot,
            };
            if c.occur != Occur::MustNot {
                positive += 1;
                if !c.phrase {
                    proximity_words.push(&c.text);
                }
            }
            // stop words only: match their exact form instead (only when it matters)
            let (terms, fields) = if stem_terms.is_empty() {
                if c.occur == Occur::Should && parsed.clauses.len() > 1 {
                    continue;
                }
                (&exact_terms, (f.body_exact, f.title_exact))
            } else {
                (&stem_terms, (f.body, f.title))
            };
            let core = if c.phrase {
                self.phrase(terms, fields, 0)
            } else if terms.len() == 1 {
                self.term_pair(&terms[0].term, fields, 1.0)
            } else {
                // one written word gave several terms (بiPhone): all of them
                Box::new(BooleanQuery::new(
                    terms
                        .iter()
                        .map(|t| (TOccur::Must, self.term_pair(&t.term, fields, 1.0)))
                        .collect(),
                ))
            };
            if c.occur == Occur::MustNot {
                clauses.push((TOccur::MustNot, core));
                continue;
            }
            // exact-form bonus
            let bonus: Box<dyn Query> = if c.phrase {
                self.phrase(&exact_terms, (f.body_exact, f.title_exact), 0)
            } else {
                Box::new(BooleanQuery::new(
                    exact_terms
                        .iter()
                        .map(|t| {
                            (
                                TOccur::Should,
                                self.term_pair(&t.term, (f.body_exact, f.title_exact), 1.0),
                            )
                        })
                        .collect(),
                ))
            };
            clauses.push((
                occur,
                Box::new(BooleanQuery::new(vec![
                    (TOccur::Must, core),
                    (
                        TOccur::Should,
                        Box::new(BoostQuery::new(bonus, r.exact_boost)),
                    ),
                ])),
            ));
        }
        if positive == 0 {
            if parsed.clauses.iter().any(|c| c.occur == Occur::MustNot) {
                notices.push("the query only excludes words; add a word to search for".into());
            }
            return (Vec::new(), Vec::new(), notices);
        }
        if clauses.iter().all(|(o, _)| *o == TOccur::MustNot) {
            notices.push("every word of the query is a stop word".into());
            return (Vec::new(), Vec::new(), notices);
        }
        if proximity_words.len() >= 2 {
            let joined = proximity_words.join(" ");
            let toks = self.stemmed.analyze_to_vec(&joined);
            if toks.len() >= 2 {
                let terms: Vec<(usize, Term)> = toks
                    .iter()
                    .map(|t| {
                        (
                            t.position - toks[0].position,
                            Term::from_field_text(f.body, &t.term),
                        )
                    })
                    .collect();
                let pq = PhraseQuery::new_with_offset_and_slop(terms, r.phrase_slop);
                clauses.push((
                    TOccur::Should,
                    Box::new(BoostQuery::new(Box::new(pq), r.phrase_boost)),
                ));
            }
        }
        // Entities named in the query, in any spelling: their stories match
        // too (غوغل finds stories that write only جوجل or Google).
        let mut entity_clauses: Vec<(TOccur, Box<dyn Query>)> = Vec::new();
        if r.entity_weight > 0.0 {
            let positive: Vec<&str> = parsed
                .clauses
                .iter()
                .filter(|c| c.occur != Occur::MustNot)
                .map(|c| c.text.as_str())
                .collect();
            let toks = self.exact.analyze_to_vec(&positive.join(" "));
            let terms: Vec<&str> = toks.iter().map(|t| t.term.as_str()).collect();
            let mut seen = Vec::new();
            let found = self.gazetteer.find(&terms).into_iter().map(|m| m.entity);
            let found = found.map(|e| self.gazetteer.entity(e));
            // case-sensitive aliases (LG, HP) as the searcher wrote them
            let acronyms = positive
                .iter()
                .flat_map(|c| c.split(|ch: char| !ch.is_ascii_alphanumeric()))
                .filter_map(|w| self.gazetteer.acronym(w));
            for e in found.chain(acronyms) {
                if !seen.contains(&e.id) {
                    seen.push(e.id.clone());
                    entity_clauses.push((TOccur::Should, self.entity_query(&e.id)));
                }
            }
        }
        (clauses, entity_clauses, notices)
    }

    /// `term` on a body-like field plus the same on the title-like field,
    /// boosted.
    fn term_pair(
        &self,
        term: &str,
        (body, title): (tantivy::schema::Field, tantivy::schema::Field),
        w: f32,
    ) -> Box<dyn Query> {
        let opt = IndexRecordOption::WithFreqs;
        let b: Box<dyn Query> = Box::new(TermQuery::new(Term::from_field_text(body, term), opt));
        let t: Box<dyn Query> = Box::new(BoostQuery::new(
            Box::new(TermQuery::new(Term::from_field_text(title, term), opt)),
            self.ranking.title_boost,
        ));
        let q: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
            (TOccur::Should, b),
            (TOccur::Should, t),
        ]));
        if (w - 1.0).abs() > f32::EPSILON {
            Box::new(BoostQuery::new(q, w))
        } else {
            q
        }
    }

    /// The analyzed tokens as a phrase on body and title (a single token
    /// becomes a term query).
    fn phrase(
        &self,
        toks: &[crate::analysis::OwnedToken],
        fields: (tantivy::schema::Field, tantivy::schema::Field),
        slop: u32,
    ) -> Box<dyn Query> {
        if toks.len() == 1 {
            return self.term_pair(&toks[0].term, fields, 1.0);
        }
        let make = |field| {
            let terms: Vec<(usize, Term)> = toks
                .iter()
                .map(|t| {
                    (
                        t.position - toks[0].position,
                        Term::from_field_text(field, &t.term),
                    )
                })
                .collect();
            PhraseQuery::new_with_offset_and_slop(terms, slop)
        };
        Box::new(BooleanQuery::new(vec![
            (TOccur::Should, Box::new(make(fields.0)) as Box<dyn Query>),
            (
                TOccur::Should,
                Box::new(BoostQuery::new(
                    Box::new(make(fields.1)),
                    self.ranking.title_boost,
                )),
            ),
        ]))
    }

    /// The query of a request, in parts (see [`RequestQuery`]).
    fn request_query(&self, req: &SearchRequest) -> RequestQuery {
        let parsed = query::parse(&req.query);
        let mut notices = parsed.notices.clone();
        let (text, text_entities, more) = if req.query.trim().is_empty() {
            (Vec::new(), Vec::new(), Vec::new())
        } else {
            self.text_clauses(&parsed)
        };
        notices.extend(more);
        let f = &self.fields;
        let mut constraints: Vec<(TOccur, Box<dyn Query>)> = Vec::new();
        // restrictions score 0: they decide which stories match, not their order
        let unscored =
            |q: Box<dyn Query>| -> Box<dyn Query> { Box::new(ConstScoreQuery::new(q, 0.0)) };
        if req.since.is_some() || req.until.is_some() {
            let term = |ts: i64| {
                Term::from_field_date_for_search(f.date, DateTime::from_timestamp_secs(ts))
            };
            let lo = req
                .since
                .map_or(Bound::Unbounded, |s| Bound::Included(term(s)));
            let hi = req
                .until
                .map_or(Bound::Unbounded, |u| Bound::Included(term(u)));
            constraints.push((TOccur::Must, unscored(Box::new(RangeQuery::new(lo, hi)))));
        }
        if !req.sources.is_empty() {
            let any: Vec<(TOccur, Box<dyn Query>)> = req
                .sources
                .iter()
                .map(|s| {
                    let t = Term::from_facet(f.source, &Facet::from_path([s.as_str()]));
                    (
                        TOccur::Should,
                        Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>,
                    )
                })
                .collect();
            constraints.push((TOccur::Must, unscored(Box::new(BooleanQuery::new(any)))));
        }
        let entities = (req.entities.iter().map(|id| (TOccur::Must, id)))
            .chain(req.boost_entities.iter().map(|id| (TOccur::Should, id)))
            .map(|(o, id)| (o, self.entity_query(id)))
            .collect();
        let topics = (req.topics.iter().map(|id| (TOccur::Must, id)))
            .chain(req.boost_topics.iter().map(|id| (TOccur::Should, id)))
            .map(|(o, id)| (o, self.topic_query(id)))
            .collect();
        RequestQuery {
            text,
            text_entities,
            entities,
            topics,
            constraints,
            no_text: req.query.trim().is_empty(),
            notices,
        }
    }

    /// The recency gain of each story, when [`Ranking::recency_weight`] is
    /// on and the index has dates: the newest date in the index.
    fn newest_date(&self, searcher: &Searcher) -> Option<i64> {
        if self.ranking.recency_weight <= 0.0 {
            return None;
        }
        searcher
            .segment_readers()
            .iter()
            .filter_map(|seg| {
                let col = seg.fast_fields().date(index::schema::names::DATE).ok()?;
                (col.num_docs() > 0 && col.values.num_vals() > 0)
                    .then(|| col.max_value().into_timestamp_secs())
            })
            .max()
    }

    /// Runs a search.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults> {
        let rq = self.request_query(req);
        let Some(full) = rq.full(false) else {
            return Ok(SearchResults {
                hits: Vec::new(),
                total: 0,
                notices: rq.notices,
            });
        };
        let searcher = self.reader.searcher();
        let limit = req.limit.max(1);
        // grouping folds copies into one hit: rank more to fill `limit`
        let pool = if req.group {
            (limit * 3).max(limit + 20)
        } else {
            limit
        };
        let newest = self.newest_date(&searcher);
        let (top, total) = match newest {
            Some(newest) => {
                let ranking = self.ranking;
                let by_recency =
                    TopDocs::with_limit(pool).tweak_score(move |seg: &SegmentReader| {
                        let dates = seg.fast_fields().date(index::schema::names::DATE).ok();
                        move |doc, score| {
                            let age = dates
                                .as_ref()
                                .and_then(|c| c.first(doc))
                                .map(|d| (newest - d.into_timestamp_secs()) as f32 / 86_400.0);
                            score + age.map_or(0.0, |a| ranking.recency(a))
                        }
                    });
                searcher.search(&*full, &(by_recency, tantivy::collector::Count))?
            }
            None => searcher.search(
                &*full,
                &(
                    TopDocs::with_limit(pool).order_by_score(),
                    tantivy::collector::Count,
                ),
            )?,
        };
        let grouped = if req.group {
            group::group(&searcher, &self.fields, &top, limit)?
        } else {
            top.into_iter()
                .map(|(score, addr)| group::Grouped {
                    score,
                    addr,
                    copies: Vec::new(),
                })
                .collect()
        };
        let snippets = if req.snippets {
            Some(snippet::Snippets::new(
                &searcher,
                &*full,
                &self.fields,
                req.snippet_chars,
            )?)
        } else {
            None
        };
        let mut hits = Vec::with_capacity(grouped.len());
        for (rank, g) in grouped.into_iter().enumerate() {
            let doc: TantivyDocument = searcher.doc(g.addr)?;
            let story = self.story_ref(&doc);
            let (snippet, highlights) = match &snippets {
                Some(s) => {
                    let sn = s.snippet(&doc);
                    (sn.text, sn.highlights)
                }
                None => (String::new(), Vec::new()),
            };
            let text = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            };
            let explain = req.explain.then(|| {
                let mut parts = rq.explain(&searcher, g.addr);
                if let Some(newest) = newest {
                    parts.age_days = doc
                        .get_first(self.fields.date)
                        .and_then(|v| v.as_datetime())
                        .map(|d| (newest - d.into_timestamp_secs()) as f32 / 86_400.0);
                    parts.recency = parts.age_days.map_or(0.0, |a| self.ranking.recency(a));
                }
                parts
            });
            let mut also_in = Vec::with_capacity(g.copies.len());
            for addr in &g.copies {
                also_in.push(self.story_ref(&searcher.doc::<TantivyDocument>(*addr)?));
            }
            let group = (!also_in.is_empty()).then(|| {
                also_in
                    .iter()
                    .map(|c| c.id.as_str())
                    .chain([story.id.as_str()])
                    .min()
                    .unwrap_or_default()
                    .to_string()
            });
            hits.push(Hit {
                rank: rank + 1,
                score: g.score,
                id: story.id,
                title: story.title,
                date: story.date,
                source: story.source,
                url: story.url,
                snippet,
                highlights,
                entities: text(self.fields.entities)
                    .and_then(|j| serde_json::from_str(&j).ok())
                    .unwrap_or_default(),
                topics: text(self.fields.topics).and_then(|j| serde_json::from_str(&j).ok()),
                group,
                also_in,
                explain,
            });
        }
        Ok(SearchResults {
            hits,
            total,
            notices: rq.notices,
        })
    }

    /// The id, headline, outlet, day and link of a stored story.
    fn story_ref(&self, doc: &TantivyDocument) -> StoryRef {
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        StoryRef {
            id: text(self.fields.id).unwrap_or_default(),
            title: text(self.fields.title).unwrap_or_default(),
            source: text(self.fields.source_name),
            date: doc
                .get_first(self.fields.date)
                .and_then(|v| v.as_datetime())
                .map(|d| format_day(d.into_timestamp_secs())),
            url: text(self.fields.url),
        }
    }

    /// The entities most written about among the stories matching `req`
    /// (all stories when it has no query and no filter), with the number of
    /// stories naming each; at most `top`, most frequent first.
    pub fn entity_counts(
        &self,
        req: &SearchRequest,
        top: usize,
    ) -> Result<(Vec<EntityCount>, usize)> {
        let Some(query) = self.request_query(req).full(true) else {
            return Ok((Vec::new(), 0));
        };
        let mut facets = FacetCollector::for_field(crate::index::schema::names::ENTITY);
        for prefix in [
            "org", "product", "platform", "person", "place", "agency", "media",
        ] {
            facets.add_facet(Facet::from_path([prefix]));
        }
        let searcher = self.reader.searcher();
        let (counts, total) = searcher.search(&*query, &(facets, tantivy::collector::Count))?;
        let mut out: Vec<EntityCount> = Vec::new();
        for prefix in [
            "org", "product", "platform", "person", "place", "agency", "media",
        ] {
            for (facet, n) in counts.top_k(&format!("/{prefix}"), top.min(MAX_TOP)) {
                let id = facet.to_path().join("/");
                let recognized = id
                    .split_once("/~")
                    .filter(|_| crate::enrich::names::is_recognized_id(&id));
                let name = match recognized {
                    // a recognized person or typed name: the normalized name
                    // is in the id
                    Some((_, key)) => key.replace('-', " "),
                    None => self
                        .gazetteer
                        .resolve(&id)
                        .map(|e| {
                            if e.name_ar.is_empty() {
                                e.name_en.clone()
                            } else {
                                e.name_ar.clone()
                            }
                        })
                        .unwrap_or_default(),
                };
                out.push(EntityCount {
                    id,
                    name,
                    stories: n,
                });
            }
        }
        out.sort_by(|a, b| b.stories.cmp(&a.stories).then_with(|| a.id.cmp(&b.id)));
        out.truncate(top);
        Ok((out, total))
    }

    /// The names the gazetteer does not know (Latin-script or quoted, see
    /// [`crate::enrich::candidates`]) most often found among the stories
    /// matching `req`, with the number of stories giving each; at most
    /// `top`, most frequent first. The names to add to a gazetteer.
    pub fn candidate_counts(
        &self,
        req: &SearchRequest,
        top: usize,
    ) -> Result<(Vec<CandidateCount>, usize)> {
        let Some(query) = self.request_query(req).full(true) else {
            return Ok((Vec::new(), 0));
        };
        let mut facets = FacetCollector::for_field(crate::index::schema::names::CANDIDATE);
        facets.add_facet(Facet::root());
        let searcher = self.reader.searcher();
        let (counts, total) = searcher.search(&*query, &(facets, tantivy::collector::Count))?;
        let mut out: Vec<CandidateCount> = counts
            .top_k("/", top.min(MAX_TOP))
            .into_iter()
            .map(|(facet, n)| CandidateCount {
                name: facet.to_path().join("/"),
                stories: n,
            })
            .collect();
        out.sort_by(|a, b| b.stories.cmp(&a.stories).then_with(|| a.name.cmp(&b.name)));
        Ok((out, total))
    }

    /// The topics of the stories matching `req` (all stories when it has no
    /// query and no filter), with the number of stories each; most frequent
    /// first. `technology` counts the technology stories.
    pub fn topic_counts(&self, req: &SearchRequest) -> Result<(Vec<TopicCount>, usize)> {
        let Some(query) = self.request_query(req).full(true) else {
            return Ok((Vec::new(), 0));
        };
        let mut facets = FacetCollector::for_field(crate::index::schema::names::TOPIC);
        facets.add_facet(Facet::root());
        let searcher = self.reader.searcher();
        let (counts, total) = searcher.search(&*query, &(facets, tantivy::collector::Count))?;
        let mut out: Vec<TopicCount> = counts
            .top_k("/", self.taxonomy.topics().len().max(1))
            .into_iter()
            .map(|(facet, n)| {
                let id = facet.to_path().join("/");
                let (label_ar, label_en) = self
                    .taxonomy
                    .resolve(&id)
                    .map(|t| (t.label_ar.clone(), t.label_en.clone()))
                    .unwrap_or_default();
                TopicCount {
                    id,
                    label_ar,
                    label_en,
                    stories: n,
                }
            })
            .collect();
        out.sort_by(|a, b| b.stories.cmp(&a.stories).then_with(|| a.id.cmp(&b.id)));
        Ok((out, total))
    }

    /// What the index holds: stories, segments, size, date range, sources,
    /// and how many stories have entities, topics and fingerprints.
    pub fn stats(&self, dir: &Path) -> Result<IndexStats> {
        let searcher = self.reader.searcher();
        let mut oldest: Option<i64> = None;
        let mut newest: Option<i64> = None;
        for seg in searcher.segment_readers() {
            if let Ok(col) = seg.fast_fields().date(index::schema::names::DATE) {
                if col.values.num_vals() > 0 {
                    let (lo, hi) = (
                        col.min_value().into_timestamp_secs(),
                        col.max_value().into_timestamp_secs(),
                    );
                    oldest = Some(oldest.map_or(lo, |o| o.min(lo)));
                    newest = Some(newest.map_or(hi, |n| n.max(hi)));
                }
            }
        }
        let mut facets = FacetCollector::for_field(index::schema::names::SOURCE);
        facets.add_facet(Facet::root());
        let counts = searcher.search(&AllQuery, &facets)?;
        let mut sources: Vec<(String, u64)> = counts
            .get("/")
            .map(|(f, n)| (f.to_path().join("/"), n))
            .collect();
        sources.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        // stories with any term in a field
        let count = |field: tantivy::schema::Field| -> Result<u64> {
            let q = tantivy::query::RegexQuery::from_pattern(".+", field)?;
            Ok(searcher.search(&q, &tantivy::collector::Count)? as u64)
        };
        let bytes_on_disk = std::fs::read_dir(dir)
            .map_err(|e| Error::io(dir, e))?
            .filter_map(|e| e.ok()?.metadata().ok())
            .filter(|m| m.is_file())
            .map(|m| m.len())
            .sum();
        Ok(IndexStats {
            documents: searcher.num_docs(),
            deleted: searcher
                .segment_readers()
                .iter()
                .map(|s| u64::from(s.num_deleted_docs()))
                .sum(),
            segments: searcher.segment_readers().len(),
            bytes_on_disk,
            oldest: oldest.map(format_day),
            newest: newest.map(format_day),
            with_entities: count(self.fields.entity_rank)?,
            technology_stories: searcher.search(
                &*self.topic_query(crate::enrich::topics::TECHNOLOGY),
                &tantivy::collector::Count,
            )? as u64,
            with_fingerprint: count(self.fields.fingerprint_band)?,
            sources,
        })
    }

    /// The underlying tantivy index.
    pub fn index(&self) -> &Index {
        &self.index
    }
}

/// A term query on a rank field (`entity_rank`, `topic_rank`): matches the
/// stories tagged `id`, scored by the term frequency that carries the weight.
fn rank_query(field: tantivy::schema::Field, id: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, id),
        IndexRecordOption::WithFreqs,
    ))
}

/// Parses a `--since`/`--until` value (any form [`parse_date`](crate::ingest::date::parse_date)
/// accepts, or a bare year `YYYY` / month `YYYY-MM`). With `end` true a
/// date without a time means the end of that day (month, year).
pub fn parse_date_bound(s: &str, end: bool) -> Result<i64> {
    use crate::ingest::date::parse_date;
    let s = s.trim();
    let day = 86_400;
    let (start, span) = if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
        let y: i64 = s.parse().unwrap_or(0);
        let start = parse_date(&format!("{y:04}-01-01"));
        let next = parse_date(&format!("{:04}-01-01", y + 1));
        (start, next.zip(start).map(|(n, s)| n - s))
    } else if s.len() == 7 && s.as_bytes()[4] == b'-' {
        let start = parse_date(&format!("{s}-01"));
        let (y, m): (i64, i64) = (s[..4].parse().unwrap_or(0), s[5..].parse().unwrap_or(0));
        let next = if m == 12 {
            parse_date(&format!("{:04}-01-01", y + 1))
        } else {
            parse_date(&format!("{y:04}-{:02}-01", m + 1))
        };
        (start, next.zip(start).map(|(n, s)| n - s))
    } else {
        let has_time = s.len() > 10;
        (parse_date(s), Some(if has_time { 1 } else { day }))
    };
    let start = start.ok_or_else(|| {
        Error::Invalid(format!(
            "`{s}` is not a date: use YYYY, YYYY-MM, YYYY-MM-DD, DD/MM/YYYY or an ISO 8601 time"
        ))
    })?;
    Ok(if end {
        start + span.unwrap_or(day) - 1
    } else {
        start
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_ranking_file_equals_the_defaults() {
        assert_eq!(
            Ranking::from_toml(Ranking::BUILTIN_TOML).unwrap(),
            Ranking::default()
        );
    }

    #[test]
    fn ranking_file_errors_name_the_key() {
        let e = Ranking::from_toml("recency_weight = -1").unwrap_err();
        assert!(e.contains("recency_weight"), "{e}");
        let e = Ranking::from_toml("title_boost = \"high\"").unwrap_err();
        assert!(e.contains("title_boost") && e.contains("line 1"), "{e}");
        assert!(Ranking::from_toml("recency_half_life_days = 0").is_err());
        // the old name of entity_weight still reads
        assert_eq!(
            Ranking::from_toml("entity_boost = 2")
                .unwrap()
                .entity_weight,
            2.0
        );
    }

    #[test]
    fn recency_halves_every_half_life() {
        let r = Ranking::default();
        assert_eq!(r.recency(0.0), r.recency_weight);
        let h = r.recency_half_life_days;
        assert!((r.recency(h) - r.recency_weight / 2.0).abs() < 1e-6);
        assert!((r.recency(2.0 * h) - r.recency_weight / 4.0).abs() < 1e-6);
        assert_eq!(r.recency(-5.0), r.recency_weight); // future dates: no bonus above 1
    }
}
