//! A run that cannot finish says which document stopped it and why, and
//! leaves the published site exactly as it was.

use publish::{publish, ContentFrom, PublishError};
use serde_json::Value;

use crate::support::{
    add_static_pages, folders, item_slugs, options, output_with_shell, read_json, sample_copy, sample_with_pages, snapshot, write_json,
    TempDir, ORIGIN, TEST_PAGES,
};

/// Publishes `content` into `out`, which must fail; returns the message.
fn failing_run(content: &TempDir, out: &TempDir) -> (PublishError, String) {
    let error = publish(&options(ContentFrom::Folder(content.path().into()), out.path(), Some(ORIGIN)))
        .expect_err("the run must fail");
    let message = error.to_string();
    (error, message)
}

fn assert_untouched(out: &TempDir, before: &crate::support::Snapshot) {
    let after = snapshot(out.path());
    assert_eq!(after.keys().collect::<Vec<_>>(), before.keys().collect::<Vec<_>>(), "the set of files changed");
    for (file, entry) in &after {
        assert!(entry == &before[file], "{file} changed");
    }
    assert!(
        folders(out.path()).iter().all(|folder| !folder.contains(".publish-staging")),
        "a staging folder was left behind: {:?}",
        folders(out.path())
    );
}

/// The first article of the first category's first list page.
fn some_listed_article(content: &TempDir) -> (String, String) {
    let site = read_json(content.path(), "site.json");
    let category = site["categories"][0]["slug"].as_str().unwrap().to_string();
    let list = format!("categories/{category}/page-1.json");
    (list.clone(), item_slugs(&read_json(content.path(), &list))[0].clone())
}

#[test]
fn a_malformed_article_stops_the_run_and_the_site_stays_as_it_was() {
    let content = sample_copy("malformed-content");
    let out = output_with_shell("malformed-out");
    publish(&options(ContentFrom::Folder(content.path().into()), out.path(), Some(ORIGIN))).unwrap();
    let before = snapshot(out.path());

    let (_, slug) = some_listed_article(&content);
    let file = content.join(&format!("articles/{slug}.json"));
    std::fs::write(&file, "{\"slug\": \"").unwrap();
    let (error, message) = failing_run(&content, &out);
    assert!(matches!(error, PublishError::Content(_)), "{error:?}");
    assert!(message.contains(&file.display().to_string()), "the message must name the file: {message}");
    assert!(message.contains("invalid document: unterminated string at line 1 column 11"), "the message must give the cause: {message}");
    assert_untouched(&out, &before);
}

#[test]
fn an_article_of_the_wrong_shape_is_named_with_its_field() {
    let content = sample_copy("shape-content");
    let out = output_with_shell("shape-out");
    let (_, slug) = some_listed_article(&content);
    let document = format!("articles/{slug}.json");
    let mut article = read_json(content.path(), &document);
    article["published_at"] = Value::from("22/12/2021");
    write_json(content.path(), &document, &article);
    let before = snapshot(out.path());
    let (_, message) = failing_run(&content, &out);
    assert!(message.contains(&content.join(&document).display().to_string()), "{message}");
    assert!(message.contains("invalid document"), "{message}");
    assert_untouched(&out, &before);
}

#[test]
fn an_article_a_list_names_but_the_content_lacks_is_named() {
    let content = sample_copy("missing-content");
    let out = output_with_shell("missing-out");
    publish(&options(ContentFrom::Folder(content.path().into()), out.path(), Some(ORIGIN))).unwrap();
    let before = snapshot(out.path());

    let (list, _) = some_listed_article(&content);
    let mut page = read_json(content.path(), &list);
    let mut ghost = page["items"][0].clone();
    ghost["slug"] = "bai-viet-khong-ton-tai".into();
    page["items"].as_array_mut().unwrap().push(ghost);
    write_json(content.path(), &list, &page);
    let (error, message) = failing_run(&content, &out);
    let missing = content.join("articles/bai-viet-khong-ton-tai.json").display().to_string();
    match &error {
        PublishError::Content(error) => assert_eq!(error.location, missing),
        other => panic!("{other:?}"),
    }
    assert!(message.contains(&missing) && message.contains("missing"), "{message}");
    assert_untouched(&out, &before);
}

#[test]
fn a_list_page_that_says_it_is_another_is_refused() {
    let content = sample_copy("wrong-page-content");
    let out = output_with_shell("wrong-page-out");
    let (list, _) = some_listed_article(&content);
    let mut page = read_json(content.path(), &list);
    page["page"] = 2.into();
    write_json(content.path(), &list, &page);
    let before = snapshot(out.path());
    let (_, message) = failing_run(&content, &out);
    assert!(message.contains(&content.join(&list).display().to_string()) && message.contains("page 2"), "{message}");
    assert_untouched(&out, &before);
}

#[test]
fn without_an_app_shell_nothing_is_written() {
    let content = sample_copy("no-shell-content");
    let out = TempDir::new("no-shell-out");
    std::fs::write(out.join("index.html"), "<!doctype html><title>Không phải vỏ ứng dụng</title>").unwrap();
    let before = snapshot(out.path());
    let (error, message) = failing_run(&content, &out);
    assert!(matches!(error, PublishError::Output(_)), "{error:?}");
    assert!(message.contains(&out.path().display().to_string()) && message.contains("no app shell"), "{message}");
    assert_untouched(&out, &before);
}

#[test]
fn an_origin_that_is_not_one_is_refused_before_anything_is_written() {
    let content = sample_copy("bad-origin-content");
    let out = output_with_shell("bad-origin-out");
    let before = snapshot(out.path());
    for origin in ["thanhvan.gov.vn", "https://thanhvan.gov.vn/tin-tuc", "ftp://thanhvan.gov.vn", "https://"] {
        let error = publish(&options(ContentFrom::Folder(content.path().into()), out.path(), Some(origin)))
            .expect_err(origin);
        assert!(error.to_string().contains("origin"), "{origin}: {error}");
        assert_untouched(&out, &before);
    }
}

#[test]
fn a_listed_static_page_whose_document_is_missing_is_named() {
    let content = sample_with_pages("page-missing-content");
    let out = output_with_shell("page-missing-out");
    publish(&options(ContentFrom::Folder(content.path().into()), out.path(), Some(ORIGIN))).unwrap();
    let before = snapshot(out.path());

    let document = format!("pages/{}.json", TEST_PAGES[0]);
    std::fs::remove_file(content.join(&document)).unwrap();
    let (error, message) = failing_run(&content, &out);
    let missing = content.join(&document).display().to_string();
    match &error {
        PublishError::Content(error) => assert_eq!(error.location, missing),
        other => panic!("{other:?}"),
    }
    assert!(message.contains(&document) && message.contains("missing"), "{message}");
    assert_untouched(&out, &before);
}

#[test]
fn a_static_page_that_is_another_or_malformed_or_badly_named_is_refused() {
    let content = sample_copy("page-wrong-content");
    add_static_pages(content.path());
    let out = output_with_shell("page-wrong-out");
    let before = snapshot(out.path());
    let document = format!("pages/{}.json", TEST_PAGES[0]);
    let original = read_json(content.path(), &document);

    // It says it is another page.
    let mut other = original.clone();
    other["slug"] = "trang-khac".into();
    write_json(content.path(), &document, &other);
    let (_, message) = failing_run(&content, &out);
    assert!(message.contains(&content.join(&document).display().to_string()) && message.contains("trang-khac"), "{message}");
    assert_untouched(&out, &before);

    // It has no body.
    let mut bodiless = original.clone();
    bodiless.as_object_mut().unwrap().remove("body_html");
    write_json(content.path(), &document, &bodiless);
    let (_, message) = failing_run(&content, &out);
    assert!(message.contains(&content.join(&document).display().to_string()) && message.contains("invalid document"), "{message}");
    assert_untouched(&out, &before);
    write_json(content.path(), &document, &original);

    // site.json names it with a slug that is not one.
    let mut site = read_json(content.path(), "site.json");
    site["pages"].as_array_mut().unwrap().push(serde_json::json!({ "slug": "../site", "title": "X" }));
    write_json(content.path(), "site.json", &site);
    let (_, message) = failing_run(&content, &out);
    assert!(message.contains("site.json") && message.contains("\"../site\""), "{message}");
    assert_untouched(&out, &before);
}
