//! The fahras index schema (described for users in `schema/fields.md`).
//!
//! Title and body are indexed twice: with the stemmed Arabic analyzer
//! (`title`, `body`: recall) and with the normalized-unstemmed one
//! (`title_exact`, `body_exact`: exact wording and phrases), so ranking can
//! reward exact matches.

use tantivy::schema::{
    DateOptions, DateTimePrecision, FacetOptions, Field, IndexRecordOption, Schema,
    TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};

use crate::analysis::tokenizer::{TOKENIZER_EXACT, TOKENIZER_STEMMED};

/// Field names, as they appear in the index.
pub mod names {
    /// Unique article key.
    pub const ID: &str = "id";
    /// Link to the article (stored).
    pub const URL: &str = "url";
    /// Headline, stemmed and stored.
    pub const TITLE: &str = "title";
    /// Headline, normalized only.
    pub const TITLE_EXACT: &str = "title_exact";
    /// Article text, stemmed and stored.
    pub const BODY: &str = "body";
    /// Article text, normalized only.
    pub const BODY_EXACT: &str = "body_exact";
    /// Publication time (fast field).
    pub const DATE: &str = "date";
    /// Outlet as a facet (`/source/<name>`).
    pub const SOURCE: &str = "source";
    /// Outlet as written (stored).
    pub const SOURCE_NAME: &str = "source_name";
    /// Section or category (stored, indexed as a whole).
    pub const CATEGORY: &str = "category";
    /// Entities as facets (`/org/facebook`).
    pub const ENTITY: &str = "entity";
    /// Entity ids, each repeated by salience (1–5 times), for ranking.
    pub const ENTITY_RANK: &str = "entity_rank";
    /// The entities found, as stored JSON (id, name, count, salience).
    pub const ENTITIES: &str = "entities";
    /// Topics as facets (`/privacy`; `/technology` for tech stories).
    pub const TOPIC: &str = "topic";
    /// Topic ids, each repeated by score (1–5 times), for ranking.
    pub const TOPIC_RANK: &str = "topic_rank";
    /// Topics and the technology score, as stored JSON.
    pub const TOPICS: &str = "topics";
    /// The technology score (fast field).
    pub const TECH_SCORE: &str = "tech_score";
    /// Names the gazetteer does not know (Latin-script or quoted), as
    /// facets `/<name>`, for `fahras entities --candidates`.
    pub const CANDIDATE: &str = "candidate";
    /// Near-duplicate fingerprint (SimHash, fast and stored) for story grouping.
    pub const FINGERPRINT: &str = "fingerprint";
    /// The fingerprint cut into seven bands, to look up a story's copies.
    pub const FINGERPRINT_BAND: &str = "fingerprint_band";
    /// Tags or keywords as given by the source (stored, each indexed whole).
    pub const TAGS: &str = "tags";
    /// Hash of the stored title and body (fast, stored, indexed): a re-run
    /// skips unchanged articles and exact duplicates by it.
    pub const CONTENT_HASH: &str = "content_hash";
}

/// Handles to every field of a fahras index.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// See [`names::ID`].
    pub id: Field,
    /// See [`names::URL`].
    pub url: Field,
    /// See [`names::TITLE`].
    pub title: Field,
    /// See [`names::TITLE_EXACT`].
    pub title_exact: Field,
    /// See [`names::BODY`].
    pub body: Field,
    /// See [`names::BODY_EXACT`].
    pub body_exact: Field,
    /// See [`names::DATE`].
    pub date: Field,
    /// See [`names::SOURCE`].
    pub source: Field,
    /// See [`names::SOURCE_NAME`].
    pub source_name: Field,
    /// See [`names::CATEGORY`].
    pub category: Field,
    /// See [`names::ENTITY`].
    pub entity: Field,
    /// See [`names::ENTITY_RANK`].
    pub entity_rank: Field,
    /// See [`names::ENTITIES`].
    pub entities: Field,
    /// See [`names::TOPIC`].
    pub topic: Field,
    /// See [`names::TOPIC_RANK`].
    pub topic_rank: Field,
    /// See [`names::TOPICS`].
    pub topics: Field,
    /// See [`names::TECH_SCORE`].
    pub tech_score: Field,
    /// See [`names::CANDIDATE`].
    pub candidate: Field,
    /// See [`names::FINGERPRINT`].
    pub fingerprint: Field,
    /// See [`names::FINGERPRINT_BAND`].
    pub fingerprint_band: Field,
    /// See [`names::TAGS`].
    pub tags: Field,
    /// See [`names::CONTENT_HASH`].
    pub content_hash: Field,
}

fn text(tokenizer: &str, stored: bool) -> TextOptions {
    let opts = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    if stored {
        opts.set_stored()
    } else {
        opts
    }
}

/// A field of whole ids whose term frequency carries a weight (an entity's
/// salience, a topic's score), read by BM25 at query time. Ids hold no
/// space: a value `org/x org/x org/x` gives `org/x` a frequency of 3.
fn rank_field() -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("whitespace")
            .set_index_option(IndexRecordOption::WithFreqs),
    )
}

/// Builds the schema of a new fahras index.
pub fn build_schema() -> Schema {
    let mut b = Schema::builder();
    // fast: an incremental run reads every id back at start
    b.add_text_field(names::ID, STRING | STORED | FAST);
    b.add_text_field(names::URL, STORED);
    b.add_text_field(names::TITLE, text(TOKENIZER_STEMMED, true));
    b.add_text_field(names::TITLE_EXACT, text(TOKENIZER_EXACT, false));
    b.add_text_field(names::BODY, text(TOKENIZER_STEMMED, true));
    b.add_text_field(names::BODY_EXACT, text(TOKENIZER_EXACT, false));
    b.add_date_field(
        names::DATE,
        DateOptions::default()
            .set_indexed()
            .set_stored()
            .set_fast()
            .set_precision(DateTimePrecision::Seconds),
    );
    b.add_facet_field(names::SOURCE, FacetOptions::default());
    b.add_text_field(names::SOURCE_NAME, STRING | STORED);
    b.add_text_field(names::CATEGORY, STRING | STORED);
    b.add_facet_field(names::ENTITY, FacetOptions::default());
    b.add_text_field(names::ENTITY_RANK, rank_field());
    b.add_text_field(names::ENTITIES, STORED);
    b.add_facet_field(names::TOPIC, FacetOptions::default());
    b.add_text_field(names::TOPIC_RANK, rank_field());
    b.add_text_field(names::TOPICS, STORED);
    b.add_f64_field(names::TECH_SCORE, FAST | STORED | INDEXED);
    b.add_facet_field(names::CANDIDATE, FacetOptions::default());
    b.add_u64_field(names::FINGERPRINT, FAST | STORED);
    b.add_text_field(names::FINGERPRINT_BAND, rank_field());
    b.add_text_field(names::TAGS, STRING | STORED);
    b.add_u64_field(names::CONTENT_HASH, FAST | STORED | INDEXED);
    b.build()
}

impl Fields {
    /// Looks every field up in `schema`; the error names the first missing one.
    pub fn from_schema(schema: &Schema) -> Result<Fields, String> {
        let f = |name: &str| {
            schema
                .get_field(name)
                .map_err(|_| format!("field `{name}` is missing"))
        };
        Ok(Fields {
            id: f(names::ID)?,
            url: f(names::URL)?,
            title: f(names::TITLE)?,
            title_exact: f(names::TITLE_EXACT)?,
            body: f(names::BODY)?,
            body_exact: f(names::BODY_EXACT)?,
            date: f(names::DATE)?,
            source: f(names::SOURCE)?,
            source_name: f(names::SOURCE_NAME)?,
            category: f(names::CATEGORY)?,
            entity: f(names::ENTITY)?,
            entity_rank: f(names::ENTITY_RANK)?,
            entities: f(names::ENTITIES)?,
            topic: f(names::TOPIC)?,
            topic_rank: f(names::TOPIC_RANK)?,
            topics: f(names::TOPICS)?,
            tech_score: f(names::TECH_SCORE)?,
            candidate: f(names::CANDIDATE)?,
            fingerprint: f(names::FINGERPRINT)?,
            fingerprint_band: f(names::FINGERPRINT_BAND)?,
            tags: f(names::TAGS)?,
            content_hash: f(names::CONTENT_HASH)?,
        })
    }
}
