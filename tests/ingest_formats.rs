//! Every input format, and every way a run can go wrong, as a user meets
//! them through the `fahras index` command: the fixtures in tests/fixtures/
//! (written for fahras) are indexed, searched and counted; fault tests kill,
//! truncate, corrupt and lock.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn fahras(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fahras"))
        .args(args)
        .output()
        .expect("run fahras")
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Indexes `args` (inputs and flags) into a fresh index; returns the index
/// path and the `--json` summary.
fn index(dir: &Path, args: &[&str]) -> (String, serde_json::Value) {
    let idx = dir.join("idx").to_string_lossy().into_owned();
    let mut all = vec!["index", "-q", "--json", "--no-entities", "-i", &idx];
    all.extend_from_slice(args);
    let o = fahras(&all);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let summary = serde_json::from_str(text(&o.stdout).lines().last().unwrap()).unwrap();
    (idx, summary)
}

/// The hits of a query as JSON objects.
fn search(idx: &str, query: &str) -> Vec<serde_json::Value> {
    let o = fahras(&["search", "-i", idx, "--json", "--no-group", query]);
    text(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn json_array_is_read_element_by_element_with_dates_and_tags() {
    let tmp = tempfile::tempdir().unwrap();
    let (idx, s) = index(tmp.path(), &[&fixture("articles.json")]);
    assert_eq!(s["indexed"], 3, "{s}");
    let hits = search(&idx, "الأردن");
    assert_eq!(hits[0]["id"], "arr-3");
    assert_eq!(hits[0]["date"], "2023-11-14"); // 1700000000 seconds
}

#[test]
fn nested_fields_are_mapped_with_dotted_paths_and_html_bodies_cleaned() {
    let tmp = tempfile::tempdir().unwrap();
    let (idx, s) = index(
        tmp.path(),
        &[
            "--id-field",
            "guid",
            "--title-field",
            "headline.main",
            "--body-field",
            "story.text",
            "--date-field",
            "meta.published",
            "--source-field",
            "meta.site",
            &fixture("nested.jsonl"),
        ],
    );
    assert_eq!(s["indexed"], 2, "{s}");
    let hits = search(&idx, "الشعار");
    assert_eq!(hits[0]["id"], "n-1");
    assert_eq!(hits[0]["title"], "تويتر يغير اسمه إلى إكس");
    assert_eq!(hits[0]["source"], "منصات");
    assert_eq!(hits[0]["date"], "2023-07-24");
    assert!(!hits[0]["snippet"].as_str().unwrap().contains("<p>"));
}

#[test]
fn csv_with_quoted_multiline_cells_and_tsv_with_bare_quotes() {
    let tmp = tempfile::tempdir().unwrap();
    let (idx, s) = index(
        tmp.path(),
        &[&fixture("articles.csv"), &fixture("articles.tsv")],
    );
    assert_eq!(s["indexed"], 4, "{s}");
    let hits = search(&idx, "دولاراً");
    assert_eq!(hits[0]["id"], "csv-1");
    assert_eq!(hits[0]["title"], "أبل تكشف عن نظارة \"فيجن برو\"");
    assert_eq!(hits[0]["url"], "https://example.org/csv-1");
    let hits = search(&idx, "مايكروسوفت");
    assert_eq!(hits[0]["title"], "مايكروسوفت تستثمر في \"أوبن إيه آي\"");
}

#[test]
fn folder_of_pages_gives_one_story_per_file_and_reports_the_rest() {
    let tmp = tempfile::tempdir().unwrap();
    let errors = tmp.path().join("errors.jsonl");
    let (idx, s) = index(
        tmp.path(),
        &["--errors", errors.to_str().unwrap(), &fixture("site")],
    );
    assert_eq!(s["indexed"], 3, "{s}");
    assert_eq!(s["skipped"]["unsupported-file"], 1, "{s}");
    let reported = std::fs::read_to_string(&errors).unwrap();
    assert!(reported.contains("logo.png") && reported.contains("unsupported-file"));
    // HTML: title from og:title, date, canonical URL, no menus or comments
    let hits = search(&idx, "شاومي");
    assert_eq!(hits[0]["title"], "شاومي تطلق هاتفاً بكاميرا متطورة");
    assert_eq!(hits[0]["url"], "https://devices.example/xiaomi-phone");
    assert_eq!(hits[0]["date"], "2024-02-25");
    for boilerplate in ["تعليقات", "محفوظة", "الرئيسية", "تفهرس", "شارك"]
    {
        assert!(
            search(&idx, boilerplate).is_empty(),
            "{boilerplate} was indexed"
        );
    }
    // text: first line is the title; Markdown: front matter and no marks
    assert_eq!(
        search(&idx, "إنتل")[0]["title"],
        "إنتل تبني مصنعاً جديداً للرقائق"
    );
    let md = &search(&idx, "بخطوتين")[0];
    assert_eq!(md["title"], "نصائح لحماية حسابك على واتساب");
    assert!(!md["snippet"].as_str().unwrap().contains("**"));
}

#[test]
fn wordpress_export_gives_published_posts_and_reports_the_rest() {
    let tmp = tempfile::tempdir().unwrap();
    let (idx, s) = index(tmp.path(), &[&fixture("wordpress-export.xml")]);
    assert_eq!(s["indexed"], 2, "{s}");
    assert_eq!(s["skipped"]["not-a-post"], 1, "{s}");
    assert_eq!(s["skipped"]["not-published"], 1, "{s}");
    assert!(s["warnings"].as_object().unwrap().is_empty(), "{s}");
    let hits = search(&idx, "سامسونغ");
    assert_eq!(hits[0]["date"], "2024-05-14");
    assert_eq!(hits[0]["source"], "مدونة التقنية العربية");
}

#[test]
fn windows_1256_file_comes_out_as_the_right_arabic() {
    let tmp = tempfile::tempdir().unwrap();
    let (idx, s) = index(tmp.path(), &[&fixture("legacy-windows-1256.jsonl")]);
    assert_eq!(s["indexed"], 2, "{s}");
    let hits = search(&idx, "الجزيرة");
    assert_eq!(hits[0]["title"], "الجزيرة تطلق تطبيقاً جديداً للأخبار");
}

#[test]
fn format_flag_overrides_detection_for_stdin() {
    let tmp = tempfile::tempdir().unwrap();
    let idx = tmp.path().join("idx");
    let mut child = Command::new(env!("CARGO_BIN_EXE_fahras"))
        .args([
            "index",
            "-q",
            "--json",
            "--no-entities",
            "--format",
            "tsv",
            "-i",
        ])
        .arg(&idx)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(std::fs::read(fixture("articles.tsv")).unwrap().as_slice())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    assert!(
        text(&o.stdout).contains("\"indexed\":2"),
        "{}",
        text(&o.stdout)
    );
    let bad = fahras(&[
        "index",
        "-i",
        idx.to_str().unwrap(),
        "--format",
        "yaml",
        "-",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("jsonl, json, csv, tsv, wxr, html, txt, md"));
}

#[test]
fn rerun_adds_only_what_is_new_or_changed_and_full_rebuilds() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in.jsonl");
    let a = r#"{"id":"1","title":"أ","body":"نص أول"}"#;
    let b = r#"{"id":"2","title":"ب","body":"نص ثان"}"#;
    std::fs::write(&input, format!("{a}\n{b}\n")).unwrap();
    let (idx, s) = index(tmp.path(), &[input.to_str().unwrap()]);
    assert_eq!(
        (s["indexed"].as_u64(), s["unchanged"].as_u64()),
        (Some(2), Some(0))
    );
    let b2 = r#"{"id":"2","title":"ب","body":"نص ثان معدل"}"#;
    let c = r#"{"id":"3","title":"ج","body":"نص ثالث"}"#;
    std::fs::write(&input, format!("{a}\n{b2}\n{c}\n")).unwrap();
    let (_, s) = index(tmp.path(), &[input.to_str().unwrap()]);
    assert_eq!(s["indexed"], 2, "{s}");
    assert_eq!(s["replaced"], 1, "{s}");
    assert_eq!(s["unchanged"], 1, "{s}");
    assert_eq!(s["documents_in_index"], 3, "{s}");
    assert_eq!(search(&idx, "معدل")[0]["id"], "2");
    let (_, s) = index(tmp.path(), &["--full", input.to_str().unwrap()]);
    assert_eq!(
        (s["indexed"].as_u64(), s["documents_in_index"].as_u64()),
        (Some(3), Some(3))
    );
}

#[test]
fn exact_duplicate_under_another_id_is_reported_not_indexed() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in.jsonl");
    std::fs::write(
        &input,
        "{\"id\":\"a\",\"title\":\"خبر\",\"body\":\"نص واحد\"}\n{\"id\":\"b\",\"title\":\"خبر\",\"body\":\"نص واحد\"}\n",
    )
    .unwrap();
    let errors = tmp.path().join("e.jsonl");
    let (_, s) = index(
        tmp.path(),
        &[
            "--errors",
            errors.to_str().unwrap(),
            input.to_str().unwrap(),
        ],
    );
    assert_eq!(
        (s["indexed"].as_u64(), s["skipped"]["duplicate"].as_u64()),
        (Some(1), Some(1))
    );
    let e: serde_json::Value =
        serde_json::from_str(std::fs::read_to_string(&errors).unwrap().trim()).unwrap();
    assert_eq!(
        (e["line"].as_u64(), e["reason"].as_str()),
        (Some(2), Some("duplicate"))
    );
    assert!(e["detail"].as_str().unwrap().contains("`a`"));
}

#[test]
fn delete_removes_stories_by_id_and_names_unknown_ones() {
    let tmp = tempfile::tempdir().unwrap();
    let (idx, _) = index(tmp.path(), &[&fixture("articles.json")]);
    let o = fahras(&["delete", "-i", &idx, "--json", "arr-1", "nope"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let r: serde_json::Value = serde_json::from_str(text(&o.stdout).trim()).unwrap();
    assert_eq!(r["deleted"], 1);
    assert_eq!(r["missing"][0], "nope");
    assert_eq!(r["documents_in_index"], 2);
    assert!(search(&idx, "غوغل").is_empty());
}

// ---- faults --------------------------------------------------------------

/// Writes `n` distinct articles as JSON Lines.
fn many_articles(path: &Path, n: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for i in 0..n {
        writeln!(
            out,
            r#"{{"id":"d{i}","title":"خبر رقم {i}","body":"نص الخبر رقم {i} عن الهواتف والشبكات والمصارف الرقمية في المنطقة العربية. {}"}}"#,
            "كلمة ".repeat(i % 50)
        )
        .unwrap();
    }
}

fn ids_in(idx: &str) -> Vec<String> {
    let o = fahras(&[
        "search",
        "-i",
        idx,
        "--json",
        "--no-group",
        "-n",
        "100000",
        "الخبر",
    ]);
    let mut ids: Vec<String> = text(&o.stdout)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    ids.sort();
    ids
}

#[cfg(unix)]
#[test]
fn kill_9_mid_run_leaves_a_readable_index_and_the_rerun_finishes_the_job() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("big.jsonl");
    let n = 20_000;
    many_articles(&input, n);
    let idx: PathBuf = tmp.path().join("idx");
    let mut child = Command::new(env!("CARGO_BIN_EXE_fahras"))
        .args(["index", "-q", "--commit-every", "1000", "-i"])
        .arg(&idx)
        .arg(&input)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // wait for a first commit, then kill without warning
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    loop {
        let meta = std::fs::read_to_string(idx.join("meta.json")).unwrap_or_default();
        if meta.contains("\"segment_id\"") || std::time::Instant::now() > deadline {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let idx_s = idx.to_str().unwrap();
    let stats = fahras(&["stats", "-i", idx_s, "--json"]);
    assert!(stats.status.success(), "{}", text(&stats.stderr));
    let st: serde_json::Value = serde_json::from_str(text(&stats.stdout).trim()).unwrap();
    let committed = st["documents"].as_u64().unwrap();
    assert!(
        committed < n as u64,
        "the kill came after the end: {committed}"
    );
    // the same command again: nothing missing, nothing twice
    let o = fahras(&[
        "index",
        "-q",
        "--json",
        "-i",
        idx_s,
        input.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let s: serde_json::Value = serde_json::from_str(text(&o.stdout).trim()).unwrap();
    assert_eq!(s["unchanged"].as_u64().unwrap(), committed, "{s}");
    assert_eq!(s["documents_in_index"].as_u64().unwrap(), n as u64, "{s}");
    let ids = ids_in(idx_s);
    let mut expected: Vec<String> = (0..n).map(|i| format!("d{i}")).collect();
    expected.sort();
    assert_eq!(ids.len(), n);
    assert_eq!(ids, expected);
}

#[test]
fn truncated_gzip_keeps_what_was_read_and_says_the_file_is_cut() {
    let tmp = tempfile::tempdir().unwrap();
    let plain = tmp.path().join("a.jsonl");
    many_articles(&plain, 3000);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&std::fs::read(&plain).unwrap()).unwrap();
    let bytes = gz.finish().unwrap();
    let cut = tmp.path().join("cut.jsonl.gz");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let idx = tmp.path().join("idx");
    let o = fahras(&[
        "index",
        "-q",
        "--no-entities",
        "-i",
        idx.to_str().unwrap(),
        cut.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(err.contains("cut.jsonl.gz"), "{err}");
    assert!(err.contains("committed before the error"), "{err}");
    let st = fahras(&["stats", "-i", idx.to_str().unwrap(), "--json"]);
    let st: serde_json::Value = serde_json::from_str(text(&st.stdout).trim()).unwrap();
    let docs = st["documents"].as_u64().unwrap();
    assert!(docs > 500 && docs < 3000, "{docs}");
}

#[test]
fn invalid_utf8_bytes_are_replaced_and_the_record_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("bad.jsonl");
    let mut bytes = r#"{"id":"u1","title":"عنوان","body":"نص "#.as_bytes().to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe, 0xd8]);
    bytes.extend_from_slice(" سليم\"}\n".as_bytes());
    std::fs::write(&input, bytes).unwrap();
    let (idx, s) = index(
        tmp.path(),
        &["--encoding", "utf-8", input.to_str().unwrap()],
    );
    assert_eq!(s["indexed"], 1, "{s}");
    assert_eq!(search(&idx, "سليم")[0]["id"], "u1");
}

#[test]
fn huge_single_line_is_reported_without_blowing_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("huge.jsonl");
    {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&input).unwrap());
        writeln!(out, r#"{{"id":"small","title":"قبل","body":"سطر عادي"}}"#).unwrap();
        write!(out, r#"{{"id":"huge","title":"ضخم","body":""#).unwrap();
        let chunk = "كلمة ".repeat(1000);
        for _ in 0..(100 << 20) / chunk.len() {
            out.write_all(chunk.as_bytes()).unwrap(); // 100 MB on one line
        }
        writeln!(out, "\"}}").unwrap();
        writeln!(
            out,
            r#"{{"id":"after","title":"بعد","body":"سطر عادي آخر"}}"#
        )
        .unwrap();
    }
    let (_, s) = index(tmp.path(), &[input.to_str().unwrap()]);
    assert_eq!(s["indexed"], 2, "{s}");
    assert_eq!(s["skipped"]["too-large"], 1, "{s}");
}

#[test]
fn second_writer_gets_a_lock_error_while_searches_work() {
    let tmp = tempfile::tempdir().unwrap();
    let (idx, _) = index(tmp.path(), &[&fixture("articles.json")]);
    let input = tmp.path().join("slow.jsonl");
    // a writer that waits on stdin holds the lock
    let mut first = Command::new(env!("CARGO_BIN_EXE_fahras"))
        .args(["index", "-q", "-i", &idx, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(700));
    std::fs::write(&input, "{\"id\":\"x\",\"body\":\"نص\"}\n").unwrap();
    let second = fahras(&["index", "-q", "-i", &idx, input.to_str().unwrap()]);
    assert_eq!(second.status.code(), Some(2));
    assert!(
        text(&second.stderr).contains("another process is writing"),
        "{}",
        text(&second.stderr)
    );
    assert!(
        !search(&idx, "هواوي").is_empty(),
        "searching during indexing"
    );
    drop(first.stdin.take());
    assert!(first.wait().unwrap().success());
}

#[cfg(unix)]
#[test]
fn read_only_index_directory_is_an_error_naming_it() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ro");
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    if std::fs::write(dir.join("probe"), "x").is_ok() {
        eprintln!("skipped: this user (root?) can write to a read-only directory");
        return;
    }
    let o = fahras(&[
        "index",
        "-q",
        "-i",
        dir.to_str().unwrap(),
        &fixture("articles.json"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(err.contains("ro"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn lines_a_site_repeats_are_learned_reported_and_not_indexed() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("site.jsonl");
    let mut out = String::new();
    for i in 0..30 {
        out.push_str(
            &serde_json::json!({
                "id": format!("p{i}"),
                "title": format!("خبر {i}"),
                "body": format!("نص الخبر {i} عن {}\n{} تعليقات\nاشترك في نشرتنا البريدية", "الشبكات ".repeat(i % 5 + 1), i % 7),
                "source": "موقع تقني",
            })
            .to_string(),
        );
        out.push('\n');
    }
    std::fs::write(&input, out).unwrap();
    let (idx, s) = index(
        tmp.path(),
        &["--report-boilerplate", input.to_str().unwrap()],
    );
    assert_eq!(s["boilerplate_lines_removed"], 60, "{s}");
    let learned: Vec<&str> = s["boilerplate"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["line"].as_str().unwrap())
        .collect();
    assert_eq!(learned.len(), 2, "{learned:?}");
    assert!(learned.contains(&"اشترك في نشرتنا البريدية"));
    assert!(search(&idx, "نشرتنا").is_empty());
    assert_eq!(search(&idx, "الشبكات").len(), 10); // default -n
                                                   // the same run again finds everything unchanged
    let (_, s) = index(tmp.path(), &[input.to_str().unwrap()]);
    assert_eq!(s["unchanged"], 30, "{s}");
}
