//! The `fahras` command as a user runs it: exit codes, messages, JSON output.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn fahras(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fahras"))
        .args(args)
        .output()
        .expect("run fahras")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

const GOOD1: &str = r#"{"id":"a1","title":"جوجل تطلق خدمة جديدة","body":"أعلنت شركة جوجل عن خدمة جديدة للمكتبات الرقمية.","date":"2019-03-14T09:30:00+03:00","source":"تك"}"#;
const GOOD2: &str = r#"{"id":"a2","title":"سامسونج","body":"هاتف جديد من سامسونج.","date":"21/01/2017","source":"بوابة"}"#;

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

fn index_two(dir: &Path) -> String {
    let input = write(dir, "in.jsonl", &format!("{GOOD1}\n{GOOD2}\n"));
    let idx = dir.join("idx").to_string_lossy().into_owned();
    let o = fahras(&["index", "--index", &idx, &input]);
    assert!(o.status.success(), "{}", stderr(&o));
    idx
}

#[test]
fn malformed_line_is_reported_with_file_and_line_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "bad.jsonl",
        &format!("{GOOD1}\n{{\"id\": \"x\", broken\n{GOOD2}\n"),
    );
    let idx = dir.path().join("idx");
    let o = fahras(&["index", "--index", idx.to_str().unwrap(), &input]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("bad.jsonl:2:"), "{err}");
    assert!(err.contains("bad-json"), "{err}");
    let out = stdout(&o);
    assert!(out.contains("indexed 2 documents"), "{out}");
    assert!(out.contains("skipped 1 records (bad-json: 1)"), "{out}");
}

#[test]
fn strict_mode_stops_at_the_first_bad_record() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "bad.jsonl",
        &format!("{GOOD1}\nnot json\n{GOOD2}\n"),
    );
    let idx = dir.path().join("idx");
    let o = fahras(&[
        "index",
        "--strict",
        "--index",
        idx.to_str().unwrap(),
        &input,
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("bad.jsonl:2:") && err.contains("--strict"),
        "{err}"
    );
}

#[test]
fn searching_a_missing_index_says_how_to_make_one() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope");
    let o = fahras(&["search", "--index", missing.to_str().unwrap(), "جوجل"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("no index here") && err.contains("fahras index --index"),
        "{err}"
    );
}

#[test]
fn empty_query_is_an_error_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let idx = index_two(dir.path());
    let o = fahras(&["search", "--index", &idx, "  "]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("the query is empty"), "{}", stderr(&o));
}

#[test]
fn exit_status_tells_hits_from_no_hits() {
    let dir = tempfile::tempdir().unwrap();
    let idx = index_two(dir.path());
    let o = fahras(&["search", "--index", &idx, "والمكتبة"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("جوجل تطلق خدمة جديدة"));
    let o = fahras(&["search", "--index", &idx, "زلزال"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("no stories found"));
}

#[test]
fn json_hits_carry_the_documented_fields() {
    let dir = tempfile::tempdir().unwrap();
    let idx = index_two(dir.path());
    let o = fahras(&["search", "--index", &idx, "--json", "جديد"]);
    assert!(o.status.success());
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    for v in &lines {
        for key in ["id", "score", "title", "date", "source", "url", "snippet"] {
            assert!(v.get(key).is_some(), "{key} missing in {v}");
        }
    }
    let a1 = lines.iter().find(|v| v["id"] == "a1").unwrap();
    assert_eq!(a1["date"], "2019-03-14");
    assert_eq!(a1["source"], "تك");
}

#[test]
fn unbalanced_quote_degrades_with_a_notice() {
    let dir = tempfile::tempdir().unwrap();
    let idx = index_two(dir.path());
    let o = fahras(&["search", "--index", &idx, "\"سامسونج"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("unbalanced quote"), "{}", stderr(&o));
}

#[test]
fn bad_date_flag_is_an_error_naming_the_value() {
    let dir = tempfile::tempdir().unwrap();
    let idx = index_two(dir.path());
    let o = fahras(&["search", "--index", &idx, "--since", "yesterday", "جوجل"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("`yesterday` is not a date"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn gzip_and_stdin_inputs_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let gz = dir.path().join("in.jsonl.data"); // no .gz name: detected by content
    let mut enc = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).unwrap(),
        flate2::Compression::default(),
    );
    writeln!(enc, "{GOOD1}").unwrap();
    enc.finish().unwrap();
    let idx = dir.path().join("idx");
    let o = fahras(&[
        "index",
        "--index",
        idx.to_str().unwrap(),
        gz.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("indexed 1 documents"));

    let mut child = Command::new(env!("CARGO_BIN_EXE_fahras"))
        .args(["index", "--json", "--index", idx.to_str().unwrap(), "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{GOOD2}\n").as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    let summary: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(summary["indexed"], 1);
    assert_eq!(summary["documents_in_index"], 2);
}

#[test]
fn index_path_that_is_a_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "plain.txt", "x");
    let input = write(dir.path(), "in.jsonl", GOOD1);
    let o = fahras(&["index", "--index", &file, &input]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not a fahras index"), "{}", stderr(&o));
}

#[test]
fn missing_input_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let idx = dir.path().join("idx");
    let o = fahras(&[
        "index",
        "--index",
        idx.to_str().unwrap(),
        "/no/such/file.jsonl",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/no/such/file.jsonl"), "{}", stderr(&o));
}

#[test]
fn analyze_prints_tokens_with_offsets() {
    let o = fahras(&["analyze", "--json", "وبالمكتبات بـiPhone"]);
    assert!(o.status.success());
    let toks: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(toks[0]["term"], "مكتب");
    assert_eq!(toks[0]["surface"], "وبالمكتبات");
    assert_eq!(toks[1]["term"], "iphone");
    assert_eq!(toks[1]["surface"], "iPhone");
}

#[test]
fn eval_scores_a_run_and_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let idx = index_two(dir.path());
    let queries = write(
        dir.path(),
        "q.tsv",
        "qid\tquery\nq1\tسامسونج\nq2\tالمكتبات\n",
    );
    let qrels = write(dir.path(), "qrels.txt", "q1 0 a2 1\nq2 0 a1 2\n");
    let run_out = dir.path().join("run.txt");
    let o = fahras(&[
        "eval",
        "--index",
        &idx,
        "--queries",
        &queries,
        "--qrels",
        &qrels,
        "--run-out",
        run_out.to_str().unwrap(),
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let m: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(m["mrr"], 1.0);
    assert_eq!(m["queries"], 2);
    let o = fahras(&[
        "eval",
        "--run",
        run_out.to_str().unwrap(),
        "--qrels",
        &qrels,
    ]);
    assert!(stdout(&o).contains("MRR 1.0000"), "{}", stdout(&o));
}

#[test]
fn demo_runs_offline_on_the_bundled_sample() {
    let o = fahras(&["demo"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("50 articles"), "{out}");
    assert!(
        out.contains("[المكتبات]") || out.contains("[مكتبة]"),
        "{out}"
    );
}

/// Ctrl-C while a pipe is still open: the run commits what it has read and
/// ends with status 0 and a summary marked "interrupted".
#[cfg(unix)]
#[test]
fn interrupt_commits_what_was_read_and_exits_cleanly() {
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().unwrap();
    let idx = dir.path().join("idx");
    let mut child = Command::new(env!("CARGO_BIN_EXE_fahras"))
        .args(["index", "--index", idx.to_str().unwrap(), "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    for i in 0..50 {
        writeln!(
            stdin,
            r#"{{"id":"s{i}","title":"خبر {i}","body":"نص الخبر رقم {i} عن الهواتف الذكية"}}"#
        )
        .unwrap();
    }
    stdin.flush().unwrap();
    std::thread::sleep(Duration::from_millis(1500)); // the 50 lines are indexed, not committed
    let ok = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "fahras did not stop on SIGINT"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    drop(stdin);
    let o = child.wait_with_output().unwrap();
    assert_eq!(status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("indexed 50 documents") && out.contains("(interrupted)"),
        "{out}"
    );
    let o = fahras(&[
        "search",
        "--index",
        idx.to_str().unwrap(),
        "-n",
        "100",
        "--json",
        "الهواتف",
    ]);
    assert_eq!(stdout(&o).lines().count(), 50);
}

#[test]
fn unknown_entity_is_an_error_that_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let idx = index_two(dir.path());
    let o = fahras(&["search", "--index", &idx, "--entity", "شيء لا يعرفه أحد"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown entity"), "{}", stderr(&o));
}

#[test]
fn a_person_the_gazetteer_lacks_is_recognized_listed_and_filtered_on() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "people.jsonl",
        concat!(
            r#"{"id":"p1","title":"تطبيق جديد للمكتبات","body":"قال المهندس سامر خليفاوي إن التطبيق يربط المكتبات. وأضاف خليفاوي أن الخدمة مجانية."}"#,
            "\n",
            r#"{"id":"p2","title":"تطبيق آخر للمكتبات","body":"أعلنت الوزارة عن تطبيق للمكتبات العامة."}"#,
            "\n"
        ),
    );
    let idx = dir.path().join("idx").to_string_lossy().into_owned();
    let o = fahras(&["index", "--index", &idx, &input]);
    assert!(o.status.success(), "{}", stderr(&o));
    // listed among the people
    let o = fahras(&["entities", "--index", &idx, "--json"]);
    let out = stdout(&o);
    assert!(out.contains("person/~سامر-خليفاوي"), "{out}");
    // and a filter by name, in the spelling of the story
    let o = fahras(&[
        "search",
        "--index",
        &idx,
        "--json",
        "--entity",
        "سامر خليفاوي",
        "المكتبات",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("\"p1\""), "{out}");
    assert!(!out.contains("\"p2\""), "{out}");
    // its mentions: the full name and the surname alone
    assert!(out.contains("\"count\":2"), "{out}");
}

#[test]
fn entities_command_counts_stories_per_entity() {
    let dir = tempfile::tempdir().unwrap();
    let idx = index_two(dir.path());
    let o = fahras(&["entities", "--index", &idx, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let google = rows
        .iter()
        .find(|r| r["id"] == "org/google")
        .expect("google counted");
    assert_eq!(google["stories"], 1);
}

#[test]
fn explain_prints_the_parts_of_each_score() {
    let dir = tempfile::tempdir().unwrap();
    let idx = index_two(dir.path());
    let o = fahras(&["search", "--index", &idx, "خدمة", "--explain"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("= text "), "{out}");
    assert!(out.contains("+ recency "), "{out}");
    let o = fahras(&["search", "--index", &idx, "خدمة", "--explain", "--json"]);
    let line = stdout(&o);
    let hit: serde_json::Value = serde_json::from_str(line.lines().next().unwrap()).unwrap();
    for part in ["text", "entities", "topics", "recency"] {
        assert!(hit["explain"][part].is_number(), "{part}: {line}");
    }
}

#[test]
fn bad_ranking_file_is_an_error_naming_file_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let idx = index_two(dir.path());
    let bad = write(
        dir.path(),
        "weights.toml",
        "title_boost = 0.5\ntopic_wieght = 2\n",
    );
    let o = fahras(&["search", "--index", &idx, "خدمة", "--ranking", &bad]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("weights.toml"), "{err}");
    assert!(err.contains("topic_wieght"), "{err}");
    assert!(err.contains("line 2"), "{err}");
}

#[test]
fn ranking_file_in_the_index_directory_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let idx = index_two(dir.path());
    let score = |extra: &[&str]| -> f64 {
        let mut args = vec!["search", "--index", &idx, "خدمة", "--json"];
        args.extend_from_slice(extra);
        let o = fahras(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        let hit: serde_json::Value =
            serde_json::from_str(stdout(&o).lines().next().unwrap()).unwrap();
        hit["score"].as_f64().unwrap()
    };
    let before = score(&[]);
    std::fs::write(
        Path::new(&idx).join("ranking.toml"),
        "recency_weight = 0\nexact_boost = 0\n",
    )
    .unwrap();
    let after = score(&[]);
    assert!(after < before, "{after} !< {before}");
    // a flag overrides the file
    assert!(score(&["--recency-weight", "5"]) > after);
}

#[test]
fn candidates_lists_names_the_gazetteer_does_not_know() {
    let dir = tempfile::tempdir().unwrap();
    let docs = [
        r#"{"id":"c1","title":"منصة «زمردة» تجمع تمويلا","body":"أعلنت شركة Zumurrud Labs الناشئة عن جولة تمويل عبر فيسبوك."}"#,
        r#"{"id":"c2","title":"توسع «زمردة»","body":"قالت Zumurrud Labs إنها تتوسع في مصر عبر رسائل SMS."}"#,
    ];
    let input = write(dir.path(), "c.jsonl", &docs.join("\n"));
    let idx = dir.path().join("idx").to_string_lossy().into_owned();
    assert!(fahras(&["index", "-q", "--index", &idx, &input])
        .status
        .success());
    let o = fahras(&["entities", "--index", &idx, "--candidates", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let names: Vec<&str> = rows.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"zumurrud labs"), "{names:?}");
    assert!(names.contains(&"زمرده"), "{names:?}");
    assert!(
        !names.iter().any(|n| n.contains("فيسبوك") || *n == "sms"),
        "{names:?}"
    );
    assert!(rows.iter().all(|r| r["stories"] == 2), "{rows:?}");
}

#[test]
fn a_name_typed_by_its_cue_word_is_an_entity_to_list_and_filter_on() {
    let dir = tempfile::tempdir().unwrap();
    let docs = [
        r#"{"id":"t1","title":"منصة «زمردة» تجمع تمويلا","body":"أعلنت شركة Zumurrud Labs الناشئة عن جولة تمويل."}"#,
        r#"{"id":"t2","title":"توسع في مصر","body":"قالت Zumurrud Labs إنها تتوسع في مصر."}"#,
        r#"{"id":"t3","title":"خبر آخر","body":"لا شيء عن الشركة هنا."}"#,
    ];
    let input = write(dir.path(), "t.jsonl", &docs.join("\n"));
    let idx = dir.path().join("idx").to_string_lossy().into_owned();
    assert!(fahras(&["index", "-q", "--index", &idx, &input])
        .status
        .success());
    // شركة types Zumurrud Labs as a company, منصة types «زمردة» as a platform
    let o = fahras(&["entities", "--index", &idx, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("\"id\":\"org/~zumurrud-labs\""), "{out}");
    assert!(out.contains("\"name\":\"zumurrud labs\""), "{out}");
    assert!(out.contains("\"id\":\"platform/~زمرده\""), "{out}");
    // by name: the story where a cue types it (typing is per story, so t2,
    // which names it without a cue, keeps it as a candidate only)
    let o = fahras(&[
        "search",
        "--index",
        &idx,
        "--entity",
        "Zumurrud Labs",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("\"id\":\"t1\""), "{out}");
    assert!(
        !out.contains("\"id\":\"t2\"") && !out.contains("\"id\":\"t3\""),
        "{out}"
    );
    // a name no story has stays an error that says what to give
    let o = fahras(&["search", "--index", &idx, "--entity", "Nope Labs"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("unknown entity"), "{}", stderr(&o));
}

#[test]
fn legacy_arabic_encoding_and_zstd_input_are_indexed() {
    let dir = tempfile::tempdir().unwrap();
    // a decade-old dump: Windows-1256, no mark
    let (cp1256, _, _) = encoding_rs::WINDOWS_1256.encode(GOOD1);
    let legacy = dir.path().join("old.jsonl");
    std::fs::write(&legacy, [&cp1256[..], b"\n"].concat()).unwrap();
    // a zstd-compressed one
    let zst = dir.path().join("new.jsonl.zst");
    std::fs::write(
        &zst,
        ruzstd::encoding::compress_to_vec(
            format!("{GOOD2}\n").as_bytes(),
            ruzstd::encoding::CompressionLevel::Fastest,
        ),
    )
    .unwrap();
    let idx = dir.path().join("idx").to_string_lossy().into_owned();
    let o = fahras(&[
        "index",
        "--index",
        &idx,
        legacy.to_str().unwrap(),
        zst.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("indexed 2 documents"), "{}", stdout(&o));
    // the Arabic of the legacy file reads right: the search finds it
    let o = fahras(&["search", "--index", &idx, "جوجل", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("\"id\":\"a1\""), "{}", stdout(&o));
}

#[test]
fn unknown_encoding_name_is_an_error_that_lists_good_ones() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "in.jsonl", GOOD1);
    let idx = dir.path().join("idx").to_string_lossy().into_owned();
    let o = fahras(&[
        "index",
        "--index",
        &idx,
        "--encoding",
        "arabic-9000",
        &input,
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("arabic-9000") && err.contains("windows-1256"),
        "{err}"
    );
}

#[test]
fn stats_reports_what_the_index_holds() {
    let dir = tempfile::tempdir().unwrap();
    let idx = index_two(dir.path());
    let o = fahras(&["stats", "--index", &idx, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let st: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(st["documents"], 2);
    assert_eq!(st["oldest"], "2017-01-21");
    assert_eq!(st["newest"], "2019-03-14");
    assert_eq!(st["with_entities"], 2); // جوجل, سامسونج
    assert_eq!(st["sources"].as_array().unwrap().len(), 2);
    assert!(st["bytes_on_disk"].as_u64().unwrap() > 0);
    let o = fahras(&["stats", "--index", &idx]);
    assert!(stdout(&o).contains("stories         2"), "{}", stdout(&o));
}

#[test]
fn huge_top_is_clamped_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let idx = index_two(dir.path());
    for cmd in [["entities", "--top"], ["topics", "--top"]] {
        let o = fahras(&[cmd[0], "--index", &idx, cmd[1], "18446744073709551615"]);
        assert!(o.status.success(), "{cmd:?}: {}", stderr(&o));
    }
    let o = fahras(&[
        "entities",
        "--index",
        &idx,
        "--candidates",
        "--top",
        "18446744073709551615",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}
