//! Enrichment: the entities (companies, products, people…) a story is about.
//!
//! [`Gazetteer`] holds the entities and their aliases (`schema/entities/`,
//! plus a user's file); [`Gazetteer::extract`] finds them in an article's
//! title and body — multi-word aliases, aliases glued to clitics, Latin in any
//! case — and scores each one's salience.

pub mod candidates;
pub mod fingerprint;
pub mod gazetteer;
pub mod matcher;
pub mod names;
pub mod persons;
pub mod topics;

use std::path::Path;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::analysis::{Analyzer, Mode, TokenBuf};
use gazetteer::{parse_entities, Entity, GazetteerError, BUILTIN};
use matcher::{AliasMatch, AliasMatcher, EntityIdx};
use names::NameCues;
use persons::PersonRules;

/// Entities and the alias matcher built from them.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    entities: Vec<Entity>,
    by_id: FxHashMap<String, EntityIdx>,
    matcher: AliasMatcher,
    analyzer: Analyzer,
    /// Rules for people the entities do not list (`None`: gazetteer only).
    persons: Option<std::sync::Arc<PersonRules>>,
    /// Cue words that type unknown names (`None`: no typed names).
    names: Option<std::sync::Arc<NameCues>>,
    /// A service's company twin (platform/facebook → org/meta): the
    /// organization one of whose aliases is `شركة` + an alias of the service.
    company_of: FxHashMap<EntityIdx, EntityIdx>,
    /// Case-sensitive aliases (`=LG` in a gazetteer file), as written.
    acronyms: FxHashMap<Box<str>, EntityIdx>,
}

/// An entity found in a story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityMention {
    /// Canonical id (`org/facebook`).
    pub id: String,
    /// Display name (Arabic when the gazetteer has one).
    pub name: String,
    /// How many times it is mentioned (title and body).
    pub count: u32,
    /// Whether the title mentions it.
    pub in_title: bool,
    /// How central it is to the story, from 0 to 1 (see [`salience`]).
    pub salience: f32,
}

/// The entities of a story and the names in it the gazetteer does not know
/// (see [`Gazetteer::extract_story`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoryEntities {
    /// Entities, most salient first.
    pub entities: Vec<EntityMention>,
    /// Candidate names, normalized, in order of first mention (see
    /// [`candidates`]).
    pub candidates: Vec<String>,
}

/// Salience of an entity in a story:
/// `0.4·[in title] + 0.35·min(count, 5)/5 + 0.25·(1 − first/len)`, where
/// `first` is the token position of its first mention and `len` the story's
/// length in tokens. A headline entity mentioned often from the start scores
/// near 1; a single passing mention at the end near 0.
///
/// ```
/// use fahras::enrich::salience;
/// assert!(salience(true, 5, 0, 100) > 0.99);
/// assert!(salience(false, 1, 99, 100) < 0.08);
/// ```
pub fn salience(in_title: bool, count: u32, first: usize, len: usize) -> f32 {
    let title = if in_title { 0.4 } else { 0.0 };
    let freq = 0.35 * (count.min(5) as f32 / 5.0);
    let early = 0.25 * (1.0 - first as f32 / len.max(1) as f32);
    title + freq + early
}

impl Gazetteer {
    /// The gazetteer shipped in `schema/entities/`, with the person rules of
    /// `schema/persons/` (see [`persons`]) and the name cues of
    /// `schema/names/` (see [`names`]).
    pub fn builtin() -> Result<Gazetteer, GazetteerError> {
        let mut all = Vec::new();
        for (name, text) in BUILTIN {
            all.extend(parse_entities(name, text)?);
        }
        Ok(Gazetteer::from_entities(all)
            .with_person_rules(PersonRules::builtin())
            .with_name_cues(NameCues::builtin()))
    }

    /// Also recognize unknown names typed by a cue word before them
    /// (`شركة Stower` → `org/~stower`; see [`names`]).
    pub fn with_name_cues(mut self, cues: NameCues) -> Gazetteer {
        self.names = Some(std::sync::Arc::new(cues));
        self
    }

    /// Also recognize people the entities do not list, by these rules
    /// (in [`Gazetteer::extract`] and [`Gazetteer::extract_analyzed`]).
    pub fn with_person_rules(mut self, rules: PersonRules) -> Gazetteer {
        self.persons = Some(std::sync::Arc::new(rules));
        self
    }

    /// The person rules, when people are recognized.
    pub fn person_rules(&self) -> Option<&PersonRules> {
        self.persons.as_deref()
    }

    /// Builds a gazetteer. An entity whose id appeared before replaces the
    /// earlier one; an alias used by two entities belongs to the later.
    pub fn from_entities(entities: Vec<Entity>) -> Gazetteer {
        let analyzer = Analyzer::builtin(Mode::Exact);
        let mut g = Gazetteer {
            entities: Vec::new(),
            by_id: FxHashMap::default(),
            matcher: AliasMatcher::new(),
            analyzer,
            persons: None,
            names: None,
            company_of: FxHashMap::default(),
            acronyms: FxHashMap::default(),
        };
        for e in entities {
            g.add(e);
        }
        g.add_spelling_variants();
        g.link_companies();
        g
    }

    /// Spells every multi-word alias with each word's other spellings: the
    /// one-word aliases of one entity are spellings of one name (جالاكسي,
    /// جالكسي, غالاكسي of Galaxy), so `جالاكسي نوت` (Galaxy Note) is also
    /// `جالكسي نوت` and `غالاكسي نوت`, and `خرائط جوجل` (Google Maps) is
    /// also `خرائط غوغل`. Arabic words take Arabic spellings and Latin
    /// words Latin ones; a spelling that is another entity's alias is left
    /// to it.
    fn add_spelling_variants(&mut self) {
        const MAX_VARIANTS: usize = 32;
        let latin = |t: &str| t.as_bytes().first().is_some_and(u8::is_ascii);
        // every alias's terms, by entity (case-sensitive aliases aside)
        let analyzed: Vec<Vec<Vec<String>>> = self
            .entities
            .iter()
            .map(|e| {
                let aliases = e.aliases.iter();
                aliases
                    .filter(|a| gazetteer::case_sensitive(a).is_none())
                    .map(|a| {
                        let toks = self.analyzer.analyze_to_vec(a);
                        toks.into_iter().map(|t| t.term).collect()
                    })
                    .collect()
            })
            .collect();
        // each word's spelling group: the one-word aliases of its entity
        let mut groups: Vec<Vec<&str>> = Vec::new();
        let mut group_of: FxHashMap<&str, usize> = FxHashMap::default();
        for aliases in &analyzed {
            let mut words: Vec<&str> = Vec::new();
            for terms in aliases {
                if let [t] = &terms[..] {
                    if !words.contains(&t.as_str()) {
                        words.push(t);
                    }
                }
            }
            if words.len() < 2 {
                continue;
            }
            for w in &words {
                group_of.entry(w).or_insert(groups.len());
            }
            groups.push(words);
        }
        for (idx, aliases) in analyzed.iter().enumerate() {
            for terms in aliases {
                if terms.len() < 2 || !terms.iter().any(|t| group_of.contains_key(t.as_str())) {
                    continue;
                }
                // the spellings of each word, in the word's script
                let options: Vec<Vec<&str>> = terms
                    .iter()
                    .map(|t| match group_of.get(t.as_str()) {
                        Some(&g) => groups[g]
                            .iter()
                            .copied()
                            .filter(|v| latin(v) == latin(t))
                            .collect(),
                        None => vec![t.as_str()],
                    })
                    .collect();
                let mut variants: Vec<Vec<&str>> = vec![Vec::new()];
                for opts in &options {
                    variants = variants
                        .iter()
                        .flat_map(|v| {
                            opts.iter().map(move |o| {
                                let mut v = v.clone();
                                v.push(*o);
                                v
                            })
                        })
                        .take(MAX_VARIANTS)
                        .collect();
                }
                for v in variants {
                    if self.matcher.lookup(&v).is_none() {
                        self.matcher.insert_terms(&v, idx as EntityIdx);
                    }
                }
            }
        }
    }

    /// Finds each service's company twin: an organization with the alias
    /// `شركة X` where X is an alias of a platform (`شركة فيسبوك` of org/meta
    /// names platform/facebook's company).
    fn link_companies(&mut self) {
        let mut links = FxHashMap::default();
        for (org, e) in self.entities.iter().enumerate() {
            if e.kind != gazetteer::EntityType::Organization {
                continue;
            }
            for a in &e.aliases {
                let Some(service) = a.strip_prefix("شركة ") else {
                    continue;
                };
                let toks = self.analyzer.analyze_to_vec(service);
                let terms: Vec<&str> = toks.iter().map(|t| t.term.as_str()).collect();
                if let [m] = self.matcher.find(&terms)[..] {
                    let whole = m.start == 0 && m.end == terms.len();
                    if whole && self.entity(m.entity).kind == gazetteer::EntityType::Platform {
                        links.insert(m.entity, org as EntityIdx);
                    }
                }
            }
        }
        self.company_of = links;
    }

    fn add(&mut self, e: Entity) {
        let idx = match self.by_id.get(&e.id) {
            Some(&i) => {
                self.entities[i as usize] = e;
                i
            }
            None => {
                let i = self.entities.len() as EntityIdx;
                self.by_id.insert(e.id.clone(), i);
                self.entities.push(e);
                i
            }
        };
        let aliases = self.entities[idx as usize].aliases.clone();
        for a in &aliases {
            match gazetteer::case_sensitive(a) {
                Some(word) => {
                    self.acronyms.insert(word.into(), idx);
                }
                None => self.matcher.insert(&self.analyzer, a, idx),
            }
        }
    }

    /// Adds the entities of a user's gazetteer file on top.
    pub fn add_file(&mut self, path: &Path) -> Result<(), crate::Error> {
        let text = std::fs::read_to_string(path).map_err(|e| crate::Error::io(path, e))?;
        let entities = parse_entities(&path.display().to_string(), &text)
            .map_err(|e| crate::Error::Invalid(e.to_string()))?;
        for e in entities {
            self.add(e);
        }
        self.add_spelling_variants();
        self.link_companies();
        Ok(())
    }

    /// Number of entities.
    pub fn len(&self) -> usize {
        self.entities.len()
    }

    /// True when there is no entity.
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    /// The entity at `idx`.
    pub fn entity(&self, idx: EntityIdx) -> &Entity {
        &self.entities[idx as usize]
    }

    /// Every entity.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// Finds an entity by id (`org/facebook`, or just `facebook` when only one
    /// id ends so) or by any alias in any script (`فيس بوك`, `Facebook`).
    pub fn resolve(&self, text: &str) -> Option<&Entity> {
        let t = text.trim();
        if let Some(&i) = self.by_id.get(t) {
            return Some(self.entity(i));
        }
        if let Some(e) = self.acronym(t) {
            return Some(e);
        }
        let toks = self.analyzer.analyze_to_vec(t);
        let terms: Vec<&str> = toks.iter().map(|x| x.term.as_str()).collect();
        if let [m] = self.matcher.find(&terms)[..] {
            if m.start == 0 && m.end == terms.len() {
                return Some(self.entity(m.entity));
            }
        }
        let slug = t.to_ascii_lowercase();
        let mut by_slug = self
            .entities
            .iter()
            .filter(|e| e.id.rsplit('/').next() == Some(slug.as_str()));
        match (by_slug.next(), by_slug.next()) {
            (Some(e), None) => Some(e),
            _ => None,
        }
    }

    /// The entity a case-sensitive alias names, when `word` is written
    /// exactly as one (`LG`, not `lg`: see [`gazetteer::case_sensitive`]).
    pub fn acronym(&self, word: &str) -> Option<&Entity> {
        self.acronyms.get(word).map(|&i| self.entity(i))
    }

    /// The alias matches of a text whose exact analysis is `toks`: those of
    /// [`Gazetteer::find`], and the case-sensitive aliases written exactly
    /// so (`LG`, `HP`) on tokens no other match covers, in token order.
    pub fn find_in_text(&self, text: &str, toks: &TokenBuf) -> Vec<AliasMatch> {
        let terms: Vec<&str> = toks.terms().collect();
        self.find_in_terms(text, toks, &terms)
    }

    /// [`Gazetteer::find_in_text`] when the terms are at hand.
    fn find_in_terms(&self, text: &str, toks: &TokenBuf, terms: &[&str]) -> Vec<AliasMatch> {
        let mut found = self.matcher.find(terms);
        self.add_acronyms(text, toks, &mut found);
        found
    }

    /// Adds to `found` the case-sensitive aliases in `text` (see
    /// [`Gazetteer::find_in_text`]).
    fn add_acronyms(&self, text: &str, toks: &TokenBuf, found: &mut Vec<AliasMatch>) {
        if self.acronyms.is_empty() {
            return;
        }
        let mut extra = Vec::new();
        for (j, t) in toks.iter().enumerate() {
            // most tokens are Arabic or longer words: one byte test each
            if t.term.len() > gazetteer::CASE_SENSITIVE_MAX || !t.term.is_ascii() {
                continue;
            }
            let Some(&entity) = text
                .get(t.offset_from..t.offset_to)
                .and_then(|w| self.acronyms.get(w))
            else {
                continue;
            };
            if !found.iter().any(|m| m.start <= j && j < m.end) {
                extra.push(AliasMatch {
                    entity,
                    start: j,
                    end: j + 1,
                });
            }
        }
        if !extra.is_empty() {
            found.extend(extra);
            found.sort_by_key(|m| m.start);
        }
    }

    /// Finds alias matches in a sequence of exact-analyzed terms.
    pub fn find(&self, terms: &[&str]) -> Vec<AliasMatch> {
        self.matcher.find(terms)
    }

    /// The entities of a story, most salient first. `buf` is a scratch buffer
    /// reused between calls.
    pub fn extract(&self, title: &str, body: &str, buf: &mut TokenBuf) -> Vec<EntityMention> {
        let mut title_buf = TokenBuf::new();
        self.analyzer.analyze(title, &mut title_buf);
        self.analyzer.analyze(body, buf);
        self.extract_analyzed(title, &title_buf, body, buf)
    }

    /// The entities of a story from its title and body and their exact
    /// analyses, most salient first: gazetteer entities, the people the
    /// person rules recognize (ids `person/~…`) and the unknown names a cue
    /// word types (`org/~…`, `product/~…`; see [`names`]).
    pub fn extract_analyzed(
        &self,
        title: &str,
        title_toks: &TokenBuf,
        body: &str,
        body_toks: &TokenBuf,
    ) -> Vec<EntityMention> {
        if self.persons.is_none() && self.names.is_none() {
            let matches = [
                self.find_in_text(title, title_toks),
                self.find_in_text(body, body_toks),
            ];
            let mut out = self.mentions_of(&matches, [title_toks.len(), body_toks.len()]);
            sort_by_salience(&mut out);
            return out;
        }
        self.extract_story(title, title_toks, body, body_toks)
            .entities
    }

    /// What [`Gazetteer::extract_analyzed`] finds, and the story's
    /// [candidate names](candidates) (names the gazetteer does not know,
    /// typed or not), from one pass over its analysis.
    pub fn extract_story(
        &self,
        title: &str,
        title_toks: &TokenBuf,
        body: &str,
        body_toks: &TokenBuf,
    ) -> StoryEntities {
        let t: Vec<&str> = title_toks.terms().collect();
        let b: Vec<&str> = body_toks.terms().collect();
        let mut matches = [
            self.find_in_terms(title, title_toks, &t),
            self.find_in_terms(body, body_toks, &b),
        ];
        if let Some(cues) = self.names.as_deref() {
            for (found, (text, toks)) in matches
                .iter_mut()
                .zip([(title, title_toks), (body, body_toks)])
            {
                self.add_acting_companies(cues, text, toks, found);
            }
        }
        let mut people: Vec<(persons::PersonName, bool, usize)> = Vec::new();
        let mut named: [Vec<names::NameMention>; 2] = Default::default();
        let mut offset = 0;
        for (k, (text, toks, terms, found, is_title)) in [
            (title, title_toks, &t, &matches[0], true),
            (body, body_toks, &b, &matches[1], false),
        ]
        .into_iter()
        .enumerate()
        {
            let mut taken = vec![false; terms.len()];
            for m in found {
                taken[m.start..m.end].iter_mut().for_each(|x| *x = true);
            }
            named[k] = match self.names.as_deref() {
                Some(cues) => cues.find(text, toks, &taken),
                None => names::name_mentions(text, toks, &taken),
            };
            let Some(rules) = self.persons.as_deref() else {
                offset += terms.len();
                continue;
            };
            for p in rules.find(text, toks, &taken) {
                match people.iter_mut().find(|(q, _, _)| q.key == p.key) {
                    Some((q, in_title, _)) => {
                        q.count += p.count;
                        *in_title |= is_title;
                    }
                    None => {
                        let first = offset + p.first;
                        people.push((p, is_title, first));
                    }
                }
            }
            offset += terms.len();
        }
        let total = t.len() + b.len();
        let mut out = self.mentions_of(&matches, [t.len(), b.len()]);
        out.extend(
            people
                .into_iter()
                .map(|(p, in_title, first)| EntityMention {
                    id: p.id(),
                    name: p.surface,
                    count: p.count,
                    in_title,
                    salience: salience(in_title, p.count, first, total),
                }),
        );
        let typed = names::typed_names([
            (&named[0], title, title_toks, 0),
            (&named[1], body, body_toks, t.len()),
        ]);
        for n in typed {
            let id = names::id_for(n.kind, &n.key);
            // a name a person rule found too is that person
            if out.iter().any(|m| m.id == id || m.name == n.surface) {
                continue;
            }
            out.push(EntityMention {
                id,
                name: n.surface,
                count: n.count,
                in_title: n.in_title,
                salience: salience(n.in_title, n.count, n.first, total),
            });
        }
        sort_by_salience(&mut out);
        let mut candidates = Vec::new();
        candidates::candidates_of(&named[0], title_toks, &mut candidates);
        candidates::candidates_of(&named[1], body_toks, &mut candidates);
        StoryEntities {
            entities: out,
            candidates,
        }
    }

    /// Adds, for each service matched as the actor of a feminine verb
    /// (`قالت فيسبوك`, `فيسبوك تطلق`), a match of its company twin
    /// (org/meta): Arabic agrees such verbs with the implied شركة.
    fn add_acting_companies(
        &self,
        cues: &NameCues,
        text: &str,
        toks: &TokenBuf,
        found: &mut Vec<AliasMatch>,
    ) {
        if self.company_of.is_empty() {
            return;
        }
        let term = |j: usize| toks.get(j).map_or("", |t| t.term);
        let mut extra = Vec::new();
        for m in found.iter() {
            let Some(&org) = self.company_of.get(&m.entity) else {
                continue;
            };
            let before = m.start > 0
                && persons::gap_is_space(text, toks, m.start)
                && cues.is_company_verb(term(m.start - 1));
            let after = m.end < toks.len()
                && persons::gap_is_space(text, toks, m.end)
                && cues.is_company_verb(term(m.end));
            if before || after {
                extra.push(AliasMatch {
                    entity: org,
                    start: m.start,
                    end: m.end,
                });
            }
        }
        found.extend(extra);
    }

    /// The gazetteer entities of a story from the exact-analyzed terms of its
    /// title and body, most salient first (no person rules: they need the
    /// text, see [`Gazetteer::extract_analyzed`]).
    pub fn extract_terms(&self, title: &[&str], body: &[&str]) -> Vec<EntityMention> {
        let matches = [self.matcher.find(title), self.matcher.find(body)];
        let mut out = self.mentions_of(&matches, [title.len(), body.len()]);
        sort_by_salience(&mut out);
        out
    }

    /// The entity mentions of a story from the alias matches of its title
    /// and body (`lens`: their lengths in tokens).
    fn mentions_of(&self, matches: &[Vec<AliasMatch>; 2], lens: [usize; 2]) -> Vec<EntityMention> {
        struct Acc {
            count: u32,
            first: usize,
            in_title: bool,
        }
        let mut acc: FxHashMap<EntityIdx, Acc> = FxHashMap::default();
        let mut offset = 0;
        let mut total = 0;
        for ((found, len), is_title) in matches.iter().zip(lens).zip([true, false]) {
            for &m in found {
                let a = acc.entry(m.entity).or_insert(Acc {
                    count: 0,
                    first: offset + m.start,
                    in_title: false,
                });
                a.count += 1;
                a.in_title |= is_title;
            }
            offset += len;
            total += len;
        }
        acc.into_iter()
            .map(|(idx, a)| {
                let e = self.entity(idx);
                EntityMention {
                    id: e.id.clone(),
                    name: if e.name_ar.is_empty() {
                        e.name_en.clone()
                    } else {
                        e.name_ar.clone()
                    },
                    count: a.count,
                    in_title: a.in_title,
                    salience: salience(a.in_title, a.count, a.first, total),
                }
            })
            .collect()
    }
}

/// Most salient first; ties by id, so the order is stable.
fn sort_by_salience(out: &mut [EntityMention]) {
    out.sort_by(|a, b| {
        b.salience
            .total_cmp(&a.salience)
            .then_with(|| a.id.cmp(&b.id))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Gazetteer {
        let text = "org/facebook\torganization\tفيسبوك\tFacebook\tفيس بوك | فايسبوك\n\
                    org/google\torganization\tجوجل\tGoogle\tغوغل | قوقل\n\
                    person/mark-zuckerberg\tperson\tمارك زوكربيرغ\tMark Zuckerberg\tزوكربيرغ | زوكربيرج\n";
        Gazetteer::from_entities(parse_entities("t.tsv", text).unwrap())
    }

    #[test]
    fn extract_counts_mentions_and_ranks_the_headline_entity_first() {
        let g = small();
        let mut buf = TokenBuf::new();
        let m = g.extract(
            "فيسبوك تطلق خدمة",
            "قالت شركة فيس بوك إن مؤسسها زوكربيرج سيعلن الخدمة. وتنافس لفيسبوك غوغل",
            &mut buf,
        );
        assert_eq!(m[0].id, "org/facebook");
        assert_eq!(m[0].count, 3);
        assert!(m[0].in_title);
        let ids: Vec<&str> = m.iter().map(|x| x.id.as_str()).collect();
        assert!(ids.contains(&"person/mark-zuckerberg") && ids.contains(&"org/google"));
    }

    #[test]
    fn a_model_name_is_found_in_every_spelling_of_its_family_name() {
        // جالاكسي / جالكسي / غالاكسي are one name (Galaxy): the Galaxy Note's
        // alias جالاكسي نوت is also spelled with the other two
        let text = "product/galaxy\tproduct\tجالاكسي\tGalaxy\tجالكسي | غالاكسي\n\
                    product/galaxy-note\tproduct\tجالاكسي نوت\tGalaxy Note\t\n";
        let g = Gazetteer::from_entities(parse_entities("t.tsv", text).unwrap());
        let mut buf = TokenBuf::new();
        for body in ["بيع لجالكسي نوت", "هاتف غالاكسي نوت الجديد"]
        {
            let ids: Vec<String> = g
                .extract("", body, &mut buf)
                .into_iter()
                .map(|m| m.id)
                .collect();
            assert_eq!(ids, ["product/galaxy-note"], "{body}");
        }
        // Latin words take only Latin spellings
        assert_eq!(
            g.resolve("Galaxy Note").map(|e| e.id.as_str()),
            Some("product/galaxy-note")
        );
    }

    #[test]
    fn a_case_sensitive_alias_matches_only_as_written() {
        // =LG: the brand, written in capitals, also behind the clitic ولـ
        let text = "org/lg\torganization\tإل جي\tLG Electronics\t=LG\n";
        let g = Gazetteer::from_entities(parse_entities("t.tsv", text).unwrap());
        let mut buf = TokenBuf::new();
        let ids = |m: Vec<EntityMention>| m.into_iter().map(|x| x.id).collect::<Vec<_>>();
        assert_eq!(ids(g.extract("", "من صنع JDL أو LG", &mut buf)), ["org/lg"]);
        let m = g.extract("", "هواتف سامسونج ولـLG وهواتف إل جي", &mut buf);
        assert_eq!(m[0].count, 2);
        assert!(ids(g.extract("", "بقوة 150 hp أو Lg", &mut buf)).is_empty());
        assert_eq!(g.resolve("LG").map(|e| e.id.as_str()), Some("org/lg"));
    }

    #[test]
    fn a_case_sensitive_alias_must_be_one_short_latin_word_in_capitals() {
        for bad in ["=lg", "=L", "=LG Corp", "=إل"] {
            let text = format!("org/lg\torganization\tإل جي\tLG Electronics\t{bad}\n");
            let err = parse_entities("t.tsv", &text).unwrap_err().to_string();
            assert!(
                err.starts_with("t.tsv:1:") && err.contains("case-sensitive"),
                "{err}"
            );
        }
    }

    #[test]
    fn a_service_acting_as_a_company_names_its_company_twin() {
        let text = "org/meta\torganization\tميتا\tMeta\tشركة فيسبوك\n\
                    platform/facebook\tplatform\tفيسبوك\tFacebook\tفيس بوك\n";
        let g = Gazetteer::from_entities(parse_entities("t.tsv", text).unwrap())
            .with_name_cues(NameCues::builtin());
        let ids = |title: &str, body: &str| -> Vec<String> {
            let mut buf = TokenBuf::new();
            let mut v: Vec<String> = g
                .extract(title, body, &mut buf)
                .into_iter()
                .map(|m| m.id)
                .collect();
            v.sort();
            v
        };
        // وقالت فيسبوك: the feminine verb agrees with the implied شركة
        assert_eq!(
            ids("", "وقالت فيسبوك إنها"),
            ["org/meta", "platform/facebook"]
        );
        assert_eq!(
            ids("فيس بوك تطلق ميزة", ""),
            ["org/meta", "platform/facebook"]
        );
        // a site (masculine verb) or users of it: the service only
        assert_eq!(
            ids("", "قال فيسبوك إن مستخدمي فيسبوك"),
            ["platform/facebook"]
        );
    }

    #[test]
    fn resolve_by_id_slug_or_any_alias() {
        let g = small();
        assert_eq!(g.resolve("org/google").unwrap().id, "org/google");
        assert_eq!(g.resolve("google").unwrap().id, "org/google");
        assert_eq!(g.resolve("قوقل").unwrap().id, "org/google");
        assert_eq!(g.resolve("FACEBOOK").unwrap().id, "org/facebook");
        assert_eq!(g.resolve("فيس بوك").unwrap().id, "org/facebook");
        assert!(g.resolve("تويتر").is_none());
    }

    #[test]
    fn a_later_entity_with_the_same_id_replaces_the_earlier() {
        let mut all = parse_entities("a", "org/x\torganization\tاكس\tX Co\t\n").unwrap();
        all.extend(parse_entities("b", "org/x\torganization\tاكس الجديدة\tX Corp\t\n").unwrap());
        let g = Gazetteer::from_entities(all);
        assert_eq!(g.len(), 1);
        assert_eq!(g.entities()[0].name_en, "X Corp");
    }
}
