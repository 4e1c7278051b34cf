//! The user query language.
//!
//! | syntax | meaning |
//! |---|---|
//! | `word word` | each word is optional; stories matching more words, in the title, exactly or close together rank higher |
//! | `"a phrase"` (also «…» and “…”) | the words in this order (after normalization and stemming) |
//! | `+word`, `+"a phrase"` | required |
//! | `-word`, `-"a phrase"` | excluded |
//! | `a OR b` | either; since words are optional by default, `OR` only makes explicit what the default already does, and it cancels a `+` on its neighbours (`+a OR +b` = either) |
//!
//! Parsing never fails: an unbalanced quote or a stray operator degrades to
//! plain words, and a [`ParsedQuery::notices`] entry says what was done.

/// Whether a clause is optional, required or excluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occur {
    /// Optional: contributes to the score.
    Should,
    /// Required (`+`).
    Must,
    /// Excluded (`-`).
    MustNot,
}

/// One clause of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// Optional, required or excluded.
    pub occur: Occur,
    /// The text of the clause (one word, or a phrase's words).
    pub text: String,
    /// True for a quoted phrase.
    pub phrase: bool,
}

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// The clauses in query order.
    pub clauses: Vec<Clause>,
    /// What was repaired while parsing (for a notice on stderr).
    pub notices: Vec<String>,
}

fn closing_quote(open: char) -> Option<char> {
    match open {
        '"' => Some('"'),
        '«' => Some('»'),
        '“' => Some('”'),
        '„' => Some('“'),
        _ => None,
    }
}

/// Parses a query string. Never fails; see the module docs.
///
/// ```
/// use fahras::search::query::{parse, Occur};
/// let q = parse(r#"+فيسبوك "المدفوعات الرقمية" -تويتر"#);
/// assert_eq!(q.clauses.len(), 3);
/// assert_eq!(q.clauses[0].occur, Occur::Must);
/// assert!(q.clauses[1].phrase);
/// assert_eq!(q.clauses[2].occur, Occur::MustNot);
/// assert!(parse(r#"a "b"#).notices.len() == 1);
/// ```
pub fn parse(input: &str) -> ParsedQuery {
    let mut q = ParsedQuery::default();
    let chars: Vec<char> = input.chars().collect();
    let mut i = 0;
    let mut or_pending = false;
    let mut unbalanced = false;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        // operator prefix
        let mut occur = Occur::Should;
        let mut j = i;
        if c == '+' || c == '-' {
            occur = if c == '+' {
                Occur::Must
            } else {
                Occur::MustNot
            };
            j += 1;
            if j >= chars.len() || chars[j].is_whitespace() {
                i = j; // a lone operator is ignored
                continue;
            }
        }
        if let Some(close) = closing_quote(chars[j]) {
            if let Some(end) = chars[j + 1..].iter().position(|&x| x == close) {
                let text: String = chars[j + 1..j + 1 + end].iter().collect();
                i = j + 1 + end + 1;
                push(&mut q, occur, text, true, &mut or_pending);
                continue;
            }
            unbalanced = true;
            j += 1; // treat the quote as a space
            i = j;
            if occur != Occur::Should {
                // keep the operator for the next word
                let start = j;
                let end = (start..chars.len())
                    .find(|&k| chars[k].is_whitespace())
                    .unwrap_or(chars.len());
                if end > start {
                    let text: String = chars[start..end].iter().collect();
                    push(&mut q, occur, text, false, &mut or_pending);
                }
                i = end;
            }
            continue;
        }
        let end = (j..chars.len())
            .find(|&k| chars[k].is_whitespace() || (k > j && closing_quote(chars[k]).is_some()))
            .unwrap_or(chars.len());
        let text: String = chars[j..end].iter().collect();
        i = end;
        if text == "OR" && occur == Occur::Should {
            if q.clauses.is_empty() {
                q.notices
                    .push("`OR` at the start of the query was ignored".into());
            } else {
                or_pending = true;
                if let Some(last) = q.clauses.last_mut() {
                    if last.occur == Occur::Must {
                        last.occur = Occur::Should;
                    }
                }
            }
            continue;
        }
        push(&mut q, occur, text, false, &mut or_pending);
    }
    if or_pending {
        q.notices
            .push("`OR` at the end of the query was ignored".into());
    }
    if unbalanced {
        q.notices
            .push("unbalanced quote: the quoted words were searched as plain words".into());
    }
    q
}

fn push(q: &mut ParsedQuery, mut occur: Occur, text: String, phrase: bool, or_pending: &mut bool) {
    if text.trim().is_empty() {
        return;
    }
    if *or_pending && occur == Occur::Must {
        occur = Occur::Should;
    }
    *or_pending = false;
    q.clauses.push(Clause {
        occur,
        text,
        phrase,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(s: &str) -> Vec<(Occur, String, bool)> {
        parse(s)
            .clauses
            .into_iter()
            .map(|c| (c.occur, c.text, c.phrase))
            .collect()
    }

    #[test]
    fn plain_words_are_optional() {
        assert_eq!(
            summary("فيسبوك البنوك"),
            [
                (Occur::Should, "فيسبوك".into(), false),
                (Occur::Should, "البنوك".into(), false)
            ]
        );
    }

    #[test]
    fn phrases_with_any_quote_style() {
        for q in [r#""هاتف ذكي""#, "«هاتف ذكي»", "“هاتف ذكي”"] {
            assert_eq!(
                summary(q),
                [(Occur::Should, "هاتف ذكي".into(), true)],
                "{q}"
            );
        }
    }

    #[test]
    fn must_and_must_not() {
        assert_eq!(
            summary("+جوجل -يوتيوب"),
            [
                (Occur::Must, "جوجل".into(), false),
                (Occur::MustNot, "يوتيوب".into(), false)
            ]
        );
    }

    #[test]
    fn or_cancels_must_on_both_sides() {
        let s = summary("+a OR +b");
        assert_eq!(s[0].0, Occur::Should);
        assert_eq!(s[1].0, Occur::Should);
    }

    #[test]
    fn hyphen_inside_a_word_is_not_an_operator() {
        assert_eq!(
            summary("COVID-19"),
            [(Occur::Should, "COVID-19".into(), false)]
        );
    }

    #[test]
    fn bad_syntax_degrades_with_a_notice() {
        let q = parse(r#"+ - "فيسبوك البنوك OR"#);
        assert_eq!(q.clauses.len(), 2);
        assert!(!q.notices.is_empty());
        for s in ["\"", "+", "-", "OR", "«", "\"\"", "+\"", "-\"x"] {
            let _ = parse(s); // no panic
        }
    }
}
