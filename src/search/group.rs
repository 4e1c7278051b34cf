//! Story grouping: copies of one story (near-duplicate fingerprints, see
//! [`crate::enrich::fingerprint`]) are shown as one hit.

use tantivy::collector::DocSetCollector;
use tantivy::columnar::Column;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Score, Searcher, Term};

use crate::enrich::fingerprint::{band_terms, distance, MAX_DISTANCE};
use crate::error::Result;
use crate::index::schema::names;
use crate::index::Fields;

/// Most copies listed under one hit.
pub const MAX_COPIES: usize = 50;

/// A hit and the other copies of its story.
pub(crate) struct Grouped {
    pub score: Score,
    pub addr: DocAddress,
    pub copies: Vec<DocAddress>,
}

/// Reads fingerprints through the per-segment fast-field columns.
struct Fingerprints(Vec<Option<Column<u64>>>);

impl Fingerprints {
    fn new(searcher: &Searcher) -> Fingerprints {
        Fingerprints(
            searcher
                .segment_readers()
                .iter()
                .map(|seg| seg.fast_fields().u64(names::FINGERPRINT).ok())
                .collect(),
        )
    }

    fn get(&self, addr: DocAddress) -> Option<u64> {
        self.0
            .get(addr.segment_ord as usize)?
            .as_ref()?
            .first(addr.doc_id)
    }
}

/// Folds the ranked stories `ranked` into at most `limit` hits: a story
/// within [`MAX_DISTANCE`] bits of a better-ranked one becomes its copy.
/// Each hit then gets the copies of its story in the whole index, found
/// through the fingerprint bands, whether they matched the query or not.
pub(crate) fn group(
    searcher: &Searcher,
    fields: &Fields,
    ranked: &[(Score, DocAddress)],
    limit: usize,
) -> Result<Vec<Grouped>> {
    let fps = Fingerprints::new(searcher);
    let mut hits: Vec<(Grouped, Option<u64>)> = Vec::new();
    for &(score, addr) in ranked {
        let fp = fps.get(addr);
        let leader = fp.and_then(|f| {
            hits.iter()
                .position(|(_, lf)| lf.is_some_and(|lf| distance(lf, f) <= MAX_DISTANCE))
        });
        match leader {
            Some(i) => hits[i].0.copies.push(addr),
            None if hits.len() < limit => hits.push((
                Grouped {
                    score,
                    addr,
                    copies: Vec::new(),
                },
                fp,
            )),
            None => {}
        }
    }
    let leaders: Vec<DocAddress> = hits.iter().map(|(g, _)| g.addr).collect();
    for (g, fp) in &mut hits {
        let Some(fp) = *fp else { continue };
        let bands: Vec<(Occur, Box<dyn Query>)> = band_terms(fp)
            .iter()
            .map(|b| {
                let t = Term::from_field_text(fields.fingerprint_band, b);
                (
                    Occur::Should,
                    Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>,
                )
            })
            .collect();
        let mut found: Vec<DocAddress> = searcher
            .search(&BooleanQuery::new(bands), &DocSetCollector)?
            .into_iter()
            .filter(|a| {
                !leaders.contains(a)
                    && !g.copies.contains(a)
                    && fps.get(*a).is_some_and(|f| distance(f, fp) <= MAX_DISTANCE)
            })
            .collect();
        found.sort();
        g.copies.extend(found);
        g.copies.truncate(MAX_COPIES);
    }
    Ok(hits.into_iter().map(|(g, _)| g).collect())
}
