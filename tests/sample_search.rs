//! Index the bundled sample archive and check what a user searching it sees.

use std::path::Path;

use fahras::index::writer::Quiet;
use fahras::index::{IndexConfig, Indexer};
use fahras::search::{parse_date_bound, SearchEngine, SearchRequest};

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/sample-archive.jsonl"
);

fn build(dir: &Path) -> SearchEngine {
    let mut ix = Indexer::open(
        dir,
        IndexConfig {
            memory_mb: 64,
            threads: 1,
            ..Default::default()
        },
    )
    .unwrap();
    ix.add_jsonl(SAMPLE, &mut Quiet).unwrap();
    let summary = ix.finish().unwrap();
    // a second run over the same archive finds every article unchanged
    assert_eq!(summary.indexed + summary.unchanged, 50);
    assert_eq!(summary.skipped_total(), 0);
    SearchEngine::open(dir).unwrap()
}

fn ids(engine: &SearchEngine, q: &str, n: usize) -> Vec<String> {
    let mut req = SearchRequest::new(q);
    req.limit = n;
    engine
        .search(&req)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect()
}

/// Asserts that every id in `want` is among `got`.
fn assert_has_all(got: &[String], want: &[&str]) {
    for id in want {
        assert!(got.iter().any(|g| g == id), "{id} not in {got:?}");
    }
}

#[test]
fn clitic_laden_query_finds_every_library_story() {
    let dir = tempfile::tempdir().unwrap();
    let engine = build(dir.path());
    let top = ids(&engine, "بالمكتبات", 4);
    // 021 and 045 never write المكتبات: only مكتبة / للمكتبة / وبالمكتبة
    assert_has_all(
        &top,
        &["sample-010", "sample-021", "sample-033", "sample-045"],
    );
}

#[test]
fn query_with_diacritics_finds_the_plain_word() {
    let dir = tempfile::tempdir().unwrap();
    let engine = build(dir.path());
    let plain = ids(&engine, "الذكاء الاصطناعي", 10);
    let marked = ids(&engine, "الذَّكَاءُ الاصْطِنَاعِيُّ", 10);
    assert!(!plain.is_empty());
    assert_eq!(plain, marked);
}

#[test]
fn hamza_persian_letters_and_glued_latin_all_match() {
    let dir = tempfile::tempdir().unwrap();
    let engine = build(dir.path());
    // الانترنت finds الإنترنت (002 writes only the hamza form)
    assert!(ids(&engine, "الانترنت", 10).contains(&"sample-002".into()));
    // فودافون finds ڤودافون
    assert_eq!(ids(&engine, "فودافون", 1), ["sample-014"]);
    // جوجل finds گوگل
    assert!(ids(&engine, "جوجل", 10).contains(&"sample-027".into()));
    // iphone finds الـiPhone / بـiPhone
    let iphone = ids(&engine, "iphone", 10);
    assert!(iphone.contains(&"sample-038".into()) && iphone.contains(&"sample-047".into()));
    // Arabic-Indic digits in the text, ASCII in the query
    assert!(
        ids(&engine, "2019", 50).contains(&"sample-003".into())
            || ids(&engine, "١٧", 50).contains(&"sample-040".into())
    );
}

#[test]
fn title_match_outranks_a_passing_mention() {
    let dir = tempfile::tempdir().unwrap();
    let engine = build(dir.path());
    // 028 uses مكتبة only for a catalogue of shows; the library stories rank first
    let top = ids(&engine, "مكتبة", 5);
    let netflix = top.iter().position(|i| i == "sample-028");
    let library = top.iter().position(|i| i == "sample-010").unwrap();
    assert!(netflix.is_none_or(|n| n > library), "{top:?}");
}

#[test]
fn phrase_requires_the_words_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let engine = build(dir.path());
    let mut req = SearchRequest::new("\"الأمن السيبراني\"");
    req.limit = 50;
    let res = engine.search(&req).unwrap();
    assert!(!res.hits.is_empty());
    for h in &res.hits {
        let text = format!("{} {}", h.title, h.snippet);
        assert!(text.contains("السيبراني"), "{}: {}", h.id, text);
    }
}

#[test]
fn must_not_excludes_and_must_requires() {
    let dir = tempfile::tempdir().unwrap();
    let engine = build(dir.path());
    let all = ids(&engine, "مكتبة", 50);
    assert!(all.contains(&"sample-028".into()));
    let without = ids(&engine, "مكتبة -نتفليكس", 50);
    assert!(!without.contains(&"sample-028".into()));
    assert_eq!(without.len(), all.len() - 1);
    let both = ids(&engine, "+مكتبة +الاصطناعي", 50);
    assert_eq!(both, ["sample-045"]);
}

#[test]
fn date_and_source_filters_restrict_hits() {
    let dir = tempfile::tempdir().unwrap();
    let engine = build(dir.path());
    let mut req = SearchRequest::new("الذكاء الاصطناعي");
    req.limit = 50;
    req.since = Some(parse_date_bound("2023", false).unwrap());
    let res = engine.search(&req).unwrap();
    assert!(!res.hits.is_empty());
    for h in &res.hits {
        assert!(h.date.as_deref().unwrap() >= "2023-01-01", "{h:?}");
    }
    req.since = None;
    req.until = Some(parse_date_bound("2017-12", true).unwrap());
    for h in &engine.search(&req).unwrap().hits {
        assert!(h.date.as_deref().unwrap() <= "2017-12-31", "{h:?}");
    }
    req.until = None;
    req.sources = vec!["تك عربي".into()];
    let res = engine.search(&req).unwrap();
    assert!(!res.hits.is_empty());
    assert!(res
        .hits
        .iter()
        .all(|h| h.source.as_deref() == Some("تك عربي")));
}

#[test]
fn snippet_highlights_the_surface_word() {
    let dir = tempfile::tempdir().unwrap();
    let engine = build(dir.path());
    let res = engine.search(&SearchRequest::new("بالمكتبات")).unwrap();
    let hit = res.hits.iter().find(|h| h.id == "sample-021").unwrap();
    assert!(!hit.highlights.is_empty());
    for &(s, e) in &hit.highlights {
        let word = &hit.snippet[s..e];
        assert!(word.contains("مكتب"), "highlighted {word}");
    }
}

#[test]
fn reindexing_the_same_archive_duplicates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    build(dir.path());
    let engine = build(dir.path()); // the same archive again
    assert_eq!(engine.num_docs(), 50);
}

#[test]
fn stop_word_only_and_odd_queries_do_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    let engine = build(dir.path());
    for q in [
        "في",
        "على من",
        "\"",
        "+",
        "-مكتبة",
        "OR",
        "«»",
        "ـــ",
        "٫",
        "🙂",
        "\u{200F}",
        "\"في الـ\"",
        "a OR",
        "+\"مكتبة",
    ] {
        let res = engine.search(&SearchRequest::new(q)).unwrap();
        let _ = res.hits.len();
    }
    // a stop word alone still finds its exact form
    assert!(!ids(&engine, "في", 5).is_empty());
}

#[test]
fn any_spelling_of_an_entity_finds_every_spelling() {
    let dir = tempfile::tempdir().unwrap();
    let engine = build(dir.path());
    // 002 writes جوجل, 029 قوقل, 043 Google, 027 گوگل: غوغل finds them all
    let hits = ids(&engine, "غوغل", 20);
    assert_has_all(
        &hits,
        &["sample-002", "sample-029", "sample-043", "sample-027"],
    );
}

#[test]
fn entity_filter_without_text_ranks_that_entitys_stories() {
    let dir = tempfile::tempdir().unwrap();
    let engine = build(dir.path());
    let mut req = SearchRequest::new("");
    req.limit = 50;
    req.entities = engine.resolve_entities(&["فيس بوك".to_string()]).unwrap();
    assert_eq!(req.entities, ["platform/facebook"]);
    let res = engine.search(&req).unwrap();
    let got: Vec<&str> = res.hits.iter().map(|h| h.id.as_str()).collect();
    // فيسبوك, فيس بوك, Facebook, لفيسبوك, بفيسبوك
    for id in [
        "sample-004",
        "sample-012",
        "sample-024",
        "sample-035",
        "sample-037",
    ] {
        assert!(got.contains(&id), "{id} not in {got:?}");
    }
    for h in &res.hits {
        assert!(
            h.entities.iter().any(|e| e.id == "platform/facebook"),
            "{}",
            h.id
        );
    }
    assert!(engine
        .resolve_entities(&["لا يوجد كيان بهذا الاسم".to_string()])
        .is_err());
}

#[test]
fn entity_counts_list_the_most_covered_entities() {
    let dir = tempfile::tempdir().unwrap();
    let engine = build(dir.path());
    let (counts, total) = engine.entity_counts(&SearchRequest::new(""), 10).unwrap();
    assert_eq!(total, 50);
    assert!(counts.len() == 10);
    assert!(counts.windows(2).all(|w| w[0].stories >= w[1].stories));
    let google = counts.iter().find(|c| c.id == "org/google");
    assert!(google.is_some_and(|c| c.stories >= 5), "{counts:?}");
}

#[test]
fn topic_filter_finds_the_stories_of_a_topic_by_id_or_label() {
    let dir = tempfile::tempdir().unwrap();
    let engine = build(dir.path());
    let mut req = SearchRequest::new("");
    req.limit = 50;
    req.topics = engine.resolve_topics(&["الخصوصية".to_string()]).unwrap();
    assert_eq!(req.topics, ["privacy"]);
    let got: Vec<String> = engine
        .search(&req)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    // the Facebook privacy fine and the data-protection law
    assert!(
        got.contains(&"sample-004".into()) && got.contains(&"sample-019".into()),
        "{got:?}"
    );
    req.topics = vec!["space".into()];
    let got: Vec<String> = engine
        .search(&req)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    assert!(got.contains(&"sample-009".into()), "{got:?}"); // the Mars probe
    assert!(engine.resolve_topics(&["طبخ".to_string()]).is_err());
}

#[test]
fn topic_counts_start_with_technology() {
    let dir = tempfile::tempdir().unwrap();
    let engine = build(dir.path());
    let (counts, total) = engine.topic_counts(&SearchRequest::new("")).unwrap();
    assert_eq!(total, 50);
    assert_eq!(counts[0].id, "technology");
    assert!(counts[0].stories >= 30, "{counts:?}");
}

#[test]
fn reprint_by_another_outlet_is_shown_once_with_also_in() {
    let dir = tempfile::tempdir().unwrap();
    let engine = build(dir.path());
    // 050 reprints 049 (new headline, clitics and hamza changed, a line added)
    let res = engine
        .search(&SearchRequest::new("منصة الإبلاغ عن الثغرات"))
        .unwrap();
    let ids: Vec<&str> = res.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(
        ids.iter()
            .filter(|i| ["sample-049", "sample-050"].contains(i))
            .count(),
        1,
        "{ids:?}"
    );
    let hit = res
        .hits
        .iter()
        .find(|h| h.id == "sample-049" || h.id == "sample-050")
        .unwrap();
    let other = if hit.id == "sample-049" {
        "sample-050"
    } else {
        "sample-049"
    };
    assert_eq!(hit.also_in.len(), 1, "{:?}", hit.also_in);
    assert_eq!(hit.also_in[0].id, other);
    assert!(hit.also_in[0].source.is_some());
    assert_eq!(hit.group.as_deref(), Some("sample-049"));
    // ranks stay consecutive after folding
    for (i, h) in res.hits.iter().enumerate() {
        assert_eq!(h.rank, i + 1);
    }
}

#[test]
fn no_group_lists_every_copy() {
    let dir = tempfile::tempdir().unwrap();
    let engine = build(dir.path());
    let mut req = SearchRequest::new("منصة الإبلاغ عن الثغرات");
    req.group = false;
    let res = engine.search(&req).unwrap();
    let ids: Vec<&str> = res.hits.iter().map(|h| h.id.as_str()).collect();
    assert_has_all(
        &ids.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        &["sample-049", "sample-050"],
    );
    assert!(res.hits.iter().all(|h| h.also_in.is_empty()));
}

#[test]
fn paraphrase_of_a_story_is_not_grouped() {
    // 017 and 018 tell one story in different words: grouping is for copies
    let dir = tempfile::tempdir().unwrap();
    let engine = build(dir.path());
    assert_has_all(
        &ids(&engine, "كريم محفظة", 5),
        &["sample-017", "sample-018"],
    );
}

#[test]
fn explained_parts_add_up_to_the_score() {
    let dir = tempfile::tempdir().unwrap();
    let engine = build(dir.path());
    let mut req = SearchRequest::new("غرامة الخصوصية");
    req.boost_entities = engine.resolve_entities(&["فيسبوك".to_string()]).unwrap();
    req.boost_topics = engine.resolve_topics(&["privacy".to_string()]).unwrap();
    req.explain = true;
    let res = engine.search(&req).unwrap();
    assert!(!res.hits.is_empty());
    for h in &res.hits {
        let p = h.explain.expect("explain requested");
        let sum = p.text + p.entities + p.topics + p.recency;
        assert!((sum - h.score).abs() < 1e-3 * h.score.max(1.0), "{h:?}");
        assert!(p.age_days.is_some_and(|a| a >= 0.0));
    }
    let top = &res.hits[0];
    assert_eq!(top.id, "sample-004"); // the Facebook privacy fine
    let p = top.explain.unwrap();
    assert!(p.text > 0.0 && p.entities > 0.0 && p.topics > 0.0, "{p:?}");
}

#[test]
fn recency_weight_puts_newer_stories_first_when_relevance_ties() {
    let dir = tempfile::tempdir().unwrap();
    let mut req = SearchRequest::new("");
    req.limit = 50;
    req.topics = vec!["technology".into()];
    let engine = build(dir.path());
    let flat = engine
        .with_ranking(fahras::search::Ranking {
            recency_weight: 0.0,
            ..Default::default()
        })
        .search(&req)
        .unwrap();
    let engine = SearchEngine::open(dir.path())
        .unwrap()
        .with_ranking(fahras::search::Ranking {
            recency_weight: 100.0,
            recency_half_life_days: 3650.0,
            ..Default::default()
        });
    let recent = engine.search(&req).unwrap();
    assert_eq!(flat.hits.len(), recent.hits.len());
    let days: Vec<String> = recent.hits.iter().filter_map(|h| h.date.clone()).collect();
    // with a dominant recency weight the list runs newest to oldest
    assert!(days.windows(2).all(|w| w[0] >= w[1]), "{days:?}");
    let flat_days: Vec<String> = flat.hits.iter().filter_map(|h| h.date.clone()).collect();
    assert_ne!(days, flat_days);
}
