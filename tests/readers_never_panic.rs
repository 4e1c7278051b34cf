//! Property tests: no bytes make a reader, the record parser, the HTML
//! extractor or the query parser panic. Inputs are random bytes and random
//! mixes of each format's own syntax (brackets, quotes, tags, separators,
//! Arabic letters, bidi marks, invalid UTF-8), so the generators reach the
//! parsers' deep states, not only their first-byte rejections.

use std::io::Cursor;

use fahras::ingest::fields::FieldMap;
use fahras::ingest::source::{parse_record, read_stream, Format};
use proptest::prelude::*;

const FORMATS: [Format; 8] = [
    Format::JsonLines,
    Format::JsonArray,
    Format::Csv,
    Format::Tsv,
    Format::Wxr,
    Format::Html,
    Format::Text,
    Format::Markdown,
];

/// Pieces of every format's syntax, to build inputs that look almost right.
const PIECES: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    "\\\"",
    "\\u06",
    "\n",
    "\r\n",
    "\t",
    " ",
    "\"title\"",
    "\"body\"",
    "\"id\"",
    "\"date\"",
    "null",
    "1e999",
    "-0",
    "\"2020-13-45\"",
    "<",
    ">",
    "</",
    "/>",
    "<p>",
    "</p>",
    "<item>",
    "</item>",
    "<title>",
    "<![CDATA[",
    "]]>",
    "<content:encoded>",
    "<wp:post_type>",
    "<rss xmlns:wp=\"x\">",
    "<script>",
    "<!--",
    "-->",
    "&amp;",
    "&#1575;",
    "&#x;",
    "&",
    "---\n",
    "# ",
    "**",
    "[a](b)",
    "جوجل",
    "فيس بوك",
    "ال",
    "ـ",
    "\u{200F}",
    "\u{202E}",
    "\u{0}",
    "\u{FEFF}",
    "\u{0654}",
    "🙂",
];

fn piece_soup() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(PIECES).prop_map(|p| p.as_bytes().to_vec()),
            1 => prop::collection::vec(any::<u8>(), 0..4),
        ],
        0..120,
    )
    .prop_map(|parts| parts.concat())
}

fn read_all(bytes: &[u8], format: Option<Format>, name: &str) {
    let mut records = Vec::new();
    let _ = read_stream(
        name,
        Box::new(Cursor::new(bytes.to_vec())),
        format,
        &mut |r| {
            records.push(r);
            true
        },
    );
    for r in &records {
        let _ = parse_record(r, &FieldMap::default());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn no_reader_panics_on_random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        read_all(&bytes, None, "-");
        for f in FORMATS {
            read_all(&bytes, Some(f), "x");
        }
    }

    #[test]
    fn no_reader_panics_on_almost_valid_input(bytes in piece_soup()) {
        read_all(&bytes, None, "in.json");
        for f in FORMATS {
            read_all(&bytes, Some(f), "x");
        }
    }

    #[test]
    fn html_extraction_never_panics(bytes in piece_soup()) {
        let page = String::from_utf8_lossy(&bytes);
        let _ = fahras::ingest::html::extract_article(&page);
        let _ = fahras::ingest::html::html_to_text(&page);
    }

    #[test]
    fn cleaning_never_panics_and_is_idempotent(bytes in piece_soup()) {
        let text = String::from_utf8_lossy(&bytes);
        let once = fahras::ingest::clean::clean_text(&text).into_owned();
        let twice = fahras::ingest::clean::clean_text(&once).into_owned();
        prop_assert_eq!(once, twice);
    }

    #[test]
    fn query_parser_never_panics(query in prop::collection::vec(
        prop_oneof![
            prop::sample::select(&["\"", "+", "-", "OR", " ", "«", "»", "(", ")", "*", ":",
                "جوجل", "و", "ال", "ـ", "\u{200F}", "a", "🙂", "٫"][..]).prop_map(str::to_string),
            any::<char>().prop_map(|c| c.to_string()),
        ],
        0..40,
    ).prop_map(|parts| parts.concat())) {
        let _ = fahras::search::query::parse(&query);
    }
}
