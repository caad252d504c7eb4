//! Host tests of the pure modules against fixture documents. Unit tests sit
//! next to the code; this binary checks the modules together on real JSON.
#![cfg(not(target_arch = "wasm32"))]

use ban_tin::format::format_vn_datetime;
use ban_tin::model::{self, ApiError};
use ban_tin::routes;
use ban_tin::share;

const REFERENCE: &str = include_str!("fixtures/reference-article.json");
const SITE: &str = include_str!("fixtures/site.json");

#[test]
fn reference_fixture_decodes_and_formats_as_the_portal_prints_it() {
    let article = model::decode_article(REFERENCE).unwrap();
    assert_eq!(format_vn_datetime(&article.published_at), "22/12/2021 08:03");
    assert_eq!(article.category.slug, "thi-dua-khen-thuong");
    assert!(article.meaningful_update().is_some());
    let related: Vec<String> = article
        .related
        .iter()
        .map(|item| format!("{} ({})", item.title, format_vn_datetime(&item.published_at)))
        .collect();
    assert_eq!(
        related,
        [
            "Tuyên dương điển hình tiên tiến (10/12/2021 14:30)",
            "Phát động thi đua & \"khen thưởng\" 2022 (02/11/2021 14:05)"
        ]
    );
    assert_eq!(routes::media_url("/api/", &article.image.unwrap().src), "/api/media/hoi-nghi.svg");
}

#[test]
fn site_fixture_decodes() {
    let site = model::decode_site(SITE).unwrap();
    assert_eq!(site.categories.len(), 3);
    assert!(site.categories.iter().all(|category| model::is_valid_slug(&category.slug)));
}

/// Each broken document gives a typed decode error, never a panic.
#[test]
fn broken_documents_are_decode_errors() {
    let check = |text: &str| {
        assert!(matches!(model::decode_article(text), Err(ApiError::Decode(_))), "article: {text:?}");
        assert!(matches!(model::decode_site(text), Err(ApiError::Decode(_))), "site: {text:?}");
        assert!(matches!(model::decode_home(text), Err(ApiError::Decode(_))), "home: {text:?}");
        assert!(matches!(model::decode_category_page(text), Err(ApiError::Decode(_))), "list: {text:?}");
    };
    for cut in (0..REFERENCE.len()).step_by(7).filter(|cut| REFERENCE.is_char_boundary(*cut)) {
        check(&REFERENCE[..cut]);
    }
    check("<html><body>502 Bad Gateway</body></html>");
    check(&"[".repeat(100_000));
    check(r#"{"categories": "nope"}"#);
}

#[test]
fn mail_link_of_the_reference_article_round_trips() {
    let article = model::decode_article(REFERENCE).unwrap();
    let url = format!("https://thanhvan.example.gov.vn{}", routes::article_href(&article.slug));
    let link = share::article_mailto(&article.title, &article.lead, &url);
    assert!(link.starts_with("mailto:?subject=H%E1%BB%99i%20ngh%E1%BB%8B%20"));
    assert!(link.ends_with("%0D%0A%0D%0Ahttps%3A%2F%2Fthanhvan.example.gov.vn%2Fbai-viet%2Fhoi-nghi-tong-ket-thi-dua"));
}

/// `x-www-form-urlencoded` decoding as `URLSearchParams` does it: `+` is a
/// space, `%XX` a byte, the bytes UTF-8 (lossy).
fn form_decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match u8::from_str_radix(&value[i + 1..i + 3], 16) {
                    Ok(byte) => {
                        out.push(byte);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn page_documents_follow_the_shared_table() {
    let table = include_str!("fixtures/page-documents.txt");
    let mut checked = 0;
    for line in table.lines().filter(|line| !line.starts_with('#') && !line.trim().is_empty()) {
        let (url, expected) = line.split_once('\t').unwrap_or_else(|| panic!("no tab in {line:?}"));
        let (path, query) = url.split_once('?').unwrap_or((url, ""));
        // The first `trang`, as URLSearchParams.get gives it.
        let trang = query.split('&').find_map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (form_decode(key) == routes::PAGE_QUERY).then(|| form_decode(value))
        });
        let actual = routes::page_document(path, trang.as_deref()).map(|document| document.api_path());
        let expected = (expected != "-").then(|| expected.to_string());
        assert_eq!(actual, expected, "{url}");
        checked += 1;
    }
    assert!(checked >= 30, "the table has {checked} URLs");
}

/// The saved file of the reference article: its image and source at absolute
/// addresses, and a policy that lets absolute images load and no script run.
#[test]
fn saved_file_of_the_reference_article_points_only_at_absolute_addresses() {
    let article = model::decode_article(REFERENCE).unwrap();
    let url = format!("https://thanhvan.example.gov.vn{}", routes::article_href(&article.slug));
    let image = share::absolute_url(&url, &routes::media_url("/api/", &article.image.as_ref().unwrap().src));
    assert_eq!(image.as_deref(), Some("https://thanhvan.example.gov.vn/api/media/hoi-nghi.svg"));
    let body = share::absolute_url(&url, "/bai-viet/tin-mot").unwrap();
    let html = share::saved_article_html(&share::SavedArticle {
        article: &article,
        site_name: "Thanh Vân",
        source_url: &url,
        image: image.as_deref().map(|url| share::SavedImage { url, width: Some(800), height: Some(450) }),
        sanitized_body: &format!("<p><a href=\"{body}\">Tin một</a></p>"),
    });
    assert!(html.contains("<img src=\"https://thanhvan.example.gov.vn/api/media/hoi-nghi.svg\""), "{html}");
    assert!(html.contains("<a href=\"https://thanhvan.example.gov.vn/bai-viet/tin-mot\">"), "{html}");
    let csp = html
        .lines()
        .find(|line| line.contains("Content-Security-Policy"))
        .expect("the saved file carries its own policy");
    assert!(csp.contains("default-src 'none'") && csp.contains("img-src https:"), "{csp}");
    assert!(!csp.contains("script-src") && !csp.contains("unsafe-eval"), "{csp}");
    assert!(!html.to_ascii_lowercase().contains("<script"));
}

/// The static search (`ban_tin::search`): folding, tokenising, ranking on
/// small indexes built here, the decoders on broken bytes, round trips.
mod search {
    use std::collections::HashMap;

    use ban_tin::model::ApiError;
    use ban_tin::search::build::{Document, IndexBuilder, IndexFiles};
    use ban_tin::search::fold::{fold, lower};
    use ban_tin::search::format::{encode_category_docs, encode_days, encode_shard, encode_term, Posting};
    use ban_tin::search::tokens::syllables;
    use ban_tin::search::{self, CategoryDocs, Days, Filters, Manifest, Query, Shard};
    use chrono::{DateTime, FixedOffset, NaiveDate};

    // -----------------------------------------------------------------------
    // Folding, from a table written here independently of the crate's.

    /// The 12 vowels (columns) with each tone (rows: ngang, huyền, sắc,
    /// hỏi, ngã, nặng), lowercase.
    const TONE_ROWS: [&str; 6] =
        ["aăâeêioôơuưy", "àằầèềìòồờùừỳ", "áắấéếíóốớúứý", "ảẳẩẻểỉỏổởủửỷ", "ãẵẫẽễĩõỗỡũữỹ", "ạặậẹệịọộợụựỵ"];
    /// Per column: the ASCII letter it folds to and its vowel mark
    /// (breve, circumflex, horn) as a combining character.
    const COLUMNS: [(char, Option<char>); 12] = [
        ('a', None),
        ('a', Some('\u{306}')),
        ('a', Some('\u{302}')),
        ('e', None),
        ('e', Some('\u{302}')),
        ('i', None),
        ('o', None),
        ('o', Some('\u{302}')),
        ('o', Some('\u{31b}')),
        ('u', None),
        ('u', Some('\u{31b}')),
        ('y', None),
    ];
    /// The tone of each row as a combining character.
    const TONE_MARKS: [Option<char>; 6] = [None, Some('\u{300}'), Some('\u{301}'), Some('\u{309}'), Some('\u{303}'), Some('\u{323}')];

    /// (precomposed lowercase, its base letter, its decomposed spelling).
    fn vietnamese_vowels() -> Vec<(char, char, String)> {
        let mut out = Vec::new();
        for (row, letters) in TONE_ROWS.iter().enumerate() {
            let letters: Vec<char> = letters.chars().collect();
            assert_eq!(letters.len(), 12, "row {row}");
            for (column, letter) in letters.into_iter().enumerate() {
                let (base, vowel_mark) = COLUMNS[column];
                let decomposed: String = [Some(base), vowel_mark, TONE_MARKS[row]].into_iter().flatten().collect();
                out.push((letter, base, decomposed));
            }
        }
        out
    }

    #[test]
    fn every_vowel_with_every_tone_folds_in_both_cases() {
        let vowels = vietnamese_vowels();
        let mut precomposed: Vec<char> = Vec::new();
        for (letter, base, decomposed) in &vowels {
            let upper: String = letter.to_uppercase().collect();
            assert_eq!(upper.chars().count(), 1, "{letter} has a one-letter capital");
            assert_eq!(fold(&letter.to_string()), base.to_string(), "{letter}");
            assert_eq!(fold(&upper), base.to_string(), "{upper}");
            // A decomposed spelling folds the same, and composes back.
            assert_eq!(fold(decomposed), base.to_string(), "{decomposed:?}");
            assert_eq!(lower(decomposed), letter.to_string(), "{decomposed:?}");
            let upper_decomposed: String = decomposed.chars().flat_map(char::to_uppercase).collect();
            assert_eq!(lower(&upper_decomposed), letter.to_string(), "{upper_decomposed:?}");
            assert_eq!(lower(&upper), letter.to_string());
            precomposed.push(*letter);
            precomposed.extend(upper.chars());
        }
        precomposed.extend(['đ', 'Đ']);
        precomposed.retain(|letter| !letter.is_ascii());
        precomposed.sort_unstable();
        precomposed.dedup();
        assert_eq!(precomposed.len(), 134, "the precomposed Vietnamese letters");
        assert_eq!(fold("đĐ"), "dd");
        assert_eq!(lower("ĐƯỜNG"), "đường");
        assert_eq!(fold("THI ĐUA - KHEN THƯỞNG"), "thi dua - khen thuong");
        // Combining marks that compose with nothing are dropped by folding.
        assert_eq!(fold("b\u{301}\u{36f}c"), "bc");
        // Other letters are only lowercased.
        assert_eq!(fold("Ü Ñ"), "ü ñ");
    }

    // -----------------------------------------------------------------------
    // Tokenising.

    fn folded_words(text: &str) -> Vec<String> {
        syllables(text).into_iter().map(|syllable| syllable.folded).collect()
    }

    #[test]
    fn tokenising_splits_punctuation_dates_and_hyphens() {
        assert_eq!(folded_words("Thi đua-khen thưởng"), ["thi", "dua", "khen", "thuong"]);
        assert_eq!(folded_words("Ngày 22/12/2021, UBND (phường) \"Hòa An\"…"), ["ngay", "22", "12", "2021", "ubnd", "phuong", "hoa", "an"]);
        let found = syllables("Hội nghị. Tổng kết: năm 2021");
        let joined: Vec<(&str, bool)> = found.iter().map(|syllable| (syllable.folded.as_str(), syllable.joined)).collect();
        assert_eq!(joined, [("hoi", false), ("nghi", true), ("tong", false), ("ket", true), ("nam", false), ("2021", true)]);
        // Ranges point at the original, accents and case kept.
        let text = "Thi đua-KHEN";
        let originals: Vec<&str> = syllables(text).iter().map(|syllable| &text[syllable.range.clone()]).collect();
        assert_eq!(originals, ["Thi", "đua", "KHEN"]);
        // Decomposed input stays one syllable.
        assert_eq!(folded_words("đươ\u{300}ng pho\u{302}\u{301}"), ["duong", "pho"]);
    }

    // -----------------------------------------------------------------------
    // Small indexes, searched as the app searches them.

    struct Doc {
        slug: &'static str,
        title: &'static str,
        lead: &'static str,
        body: &'static str,
        at: &'static str,
        category: &'static str,
    }

    fn doc(slug: &'static str, title: &'static str, body: &'static str, at: &'static str) -> Doc {
        Doc { slug, title, lead: "", body, at, category: "tin-tuc" }
    }

    fn time(at: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(at).unwrap()
    }

    fn build_with(mut builder: IndexBuilder, docs: &[Doc]) -> IndexFiles {
        for doc in docs {
            builder.add(&Document {
                slug: doc.slug,
                title: doc.title,
                lead: doc.lead,
                body_text: doc.body,
                published_at: time(doc.at),
                category_slug: doc.category,
                category_name: doc.category,
            });
        }
        builder.finish(&[("tin-tuc".to_string(), "Tin tức".to_string())])
    }

    /// An index's files, decoded.
    struct Index {
        files: HashMap<String, Vec<u8>>,
        manifest: Manifest,
    }

    impl Index {
        fn new(built: IndexFiles) -> Index {
            let files: HashMap<String, Vec<u8>> = built.files.into_iter().collect();
            let manifest = search::decode_manifest(std::str::from_utf8(&files[&search::manifest_path()]).unwrap()).unwrap();
            Index { files, manifest }
        }

        /// The slugs found for `text`, best first, fetching only what the
        /// plan names.
        fn search(&self, text: &str, filters: &Filters) -> Vec<String> {
            let hits = self.hits(text, filters);
            let mut summaries = HashMap::new();
            for chunk in search::chunks_for(&self.manifest, &hits.docs) {
                let text = std::str::from_utf8(&self.files[&search::doc_chunk_path(chunk)]).unwrap();
                summaries.extend(search::decode_doc_chunk(&self.manifest, chunk, text).unwrap());
            }
            hits.docs.iter().map(|doc| summaries[doc].slug.clone()).collect()
        }

        fn hits(&self, text: &str, filters: &Filters) -> search::Hits {
            let query = Query::parse(text);
            let plan = search::plan(&self.manifest, &query, filters);
            let shards: HashMap<u32, Shard> = plan
                .shards
                .iter()
                .map(|n| (*n, search::decode_shard(&self.files[&search::shard_path(*n)]).unwrap()))
                .collect();
            let category: Option<CategoryDocs> =
                plan.category.as_ref().map(|slug| search::decode_category_docs(&self.files[&search::category_path(slug)]).unwrap());
            let days: Option<Days> = plan.days.then(|| search::decode_days(&self.files[&search::days_path()]).unwrap());
            let hits = search::evaluate(&self.manifest, &query, filters, &shards, category.as_ref(), days.as_ref());
            assert_eq!(hits.total, hits.docs.len());
            hits
        }

        fn find(&self, text: &str) -> Vec<String> {
            self.search(text, &Filters::default())
        }
    }

    fn index(docs: &[Doc]) -> Index {
        Index::new(build_with(IndexBuilder::new(), docs))
    }

    #[test]
    fn exact_accents_rank_first() {
        let index = index(&[
            doc("co-duong", "Tin một", "Sửa đường Trung Tâm.", "2021-01-01T08:00:00+07:00"),
            doc("co-duong-khac", "Tin hai", "Phía tây đại dương.", "2021-06-01T08:00:00+07:00"),
        ]);
        assert_eq!(index.find("đường"), ["co-duong", "co-duong-khac"]);
        assert_eq!(index.find("dương"), ["co-duong-khac", "co-duong"]);
        // Without diacritics: both the same, the newest first.
        assert_eq!(index.find("duong"), ["co-duong-khac", "co-duong"]);
    }

    #[test]
    fn a_phrase_in_a_title_ranks_above_scattered_syllables() {
        let index = index(&[
            doc("phrase", "Ủy ban nhân dân phường họp", "Nội dung.", "2020-01-01T08:00:00+07:00"),
            doc("scattered", "Ban ủy nhiệm dân và nhân viên", "Nội dung.", "2022-01-01T08:00:00+07:00"),
            doc("phrase-in-body", "Một tin khác", "Ủy ban nhân dân thành phố.", "2023-01-01T08:00:00+07:00"),
        ]);
        assert_eq!(index.find("ủy ban nhân dân"), ["phrase", "phrase-in-body", "scattered"]);
        assert_eq!(index.find("uy ban nhan dan"), ["phrase", "phrase-in-body", "scattered"]);
    }

    #[test]
    fn title_before_body_newest_last() {
        let index = index(&[
            doc("title-old", "Khen thưởng tập thể", "Nội dung.", "2020-01-01T08:00:00+07:00"),
            doc("body-new", "Tin tức", "Lễ khen thưởng.", "2024-01-01T08:00:00+07:00"),
            doc("title-new", "Khen thưởng cá nhân", "Nội dung.", "2021-01-01T08:00:00+07:00"),
            Doc { lead: "Khen thưởng kịp thời.", ..doc("lead", "Tin tức", "Nội dung.", "2025-01-01T08:00:00+07:00") },
        ]);
        assert_eq!(index.find("khen thưởng"), ["title-new", "title-old", "lead", "body-new"]);
    }

    #[test]
    fn prefixes_and_and() {
        let index = index(&[
            // No "dung" (a completion of "du") in these.
            doc("thi-dua", "Phát động thi đua", "Bài viết.", "2021-01-01T08:00:00+07:00"),
            doc("thi-cu", "Kỳ thi cử", "Bài viết.", "2021-02-01T08:00:00+07:00"),
            doc("kinh-te", "Kinh tế", "Thi đua phát triển kinh tế.", "2021-03-01T08:00:00+07:00"),
        ]);
        assert_eq!(index.find("thi du"), ["thi-dua", "kinh-te"]);
        assert_eq!(index.find("THI ĐUA"), ["thi-dua", "kinh-te"]);
        assert_eq!(index.find("thi dua kinh"), ["kinh-te"]);
        // AND: both syllables, anywhere.
        assert_eq!(index.find("cử phát"), Vec::<String>::new());
        assert_eq!(index.find("thi"), ["thi-cu", "thi-dua", "kinh-te"]);
        // A trailing space: the last syllable whole.
        assert_eq!(index.find("thi du "), Vec::<String>::new());
        assert!(index.find("").is_empty());
        assert!(index.find("không có gì").is_empty());
    }

    #[test]
    fn filters_by_category_and_dates() {
        let docs = [
            Doc { category: "kinh-te", ..doc("a", "Thi đua", "", "2021-12-22T08:03:00+07:00") },
            doc("b", "Thi đua", "", "2021-12-21T23:30:00+07:00"),
            // 22/12 in Vietnam, 21/12 in UTC.
            doc("c", "Thi đua", "", "2021-12-21T17:30:00Z"),
            Doc { category: "kinh-te", ..doc("d", "Thi đua", "", "2021-11-01T08:00:00+07:00") },
        ];
        let index = index(&docs);
        assert_eq!(index.manifest.categories, ["tin-tuc", "kinh-te"]);
        let category = Filters { category: Some("kinh-te".into()), ..Filters::default() };
        assert_eq!(index.search("thi dua", &category), ["a", "d"]);
        let unknown = Filters { category: Some("khong-co".into()), ..Filters::default() };
        assert!(index.search("thi dua", &unknown).is_empty());
        let date = |text: &str| Some(search::parse_vn_date(text).unwrap());
        let on_22 = Filters { from: date("22/12/2021"), to: date("22/12/2021"), ..Filters::default() };
        assert_eq!(index.search("thi dua", &on_22), ["a", "c"]);
        let until_21 = Filters { to: date("21/12/2021"), ..Filters::default() };
        assert_eq!(index.search("thi dua", &until_21), ["b", "d"]);
        let both = Filters { from: date("01/12/2021"), ..category.clone() };
        assert_eq!(index.search("thi dua", &both), ["a"]);
        let empty = Filters { from: date("23/12/2021"), to: date("01/01/2021"), ..Filters::default() };
        assert!(index.search("thi dua", &empty).is_empty());
        // A filter whose file is missing matches nothing.
        let query = Query::parse("thi dua");
        assert_eq!(search::evaluate(&index.manifest, &query, &category, &HashMap::new(), None, None).total, 0);
    }

    /// With tiny cuts, a syllable's list keeps only its best postings, but
    /// a pair's list still finds the phrase in an old body.
    #[test]
    fn pairs_keep_and_queries_over_cut_lists_correct() {
        let mut docs: Vec<Doc> = Vec::new();
        let dates: Vec<String> = (0..20).map(|day| format!("2021-01-{:02}T08:00:00+07:00", day + 2)).collect();
        let dates: &'static [String] = Box::leak(dates.into_boxed_slice());
        let slugs: &'static [String] = Box::leak((0..20).map(|n| format!("tin-{n}")).collect::<Vec<_>>().into_boxed_slice());
        for n in 0..20 {
            let title: &'static str = if n % 2 == 0 { "Thi cử" } else { "Đua thuyền" };
            docs.push(doc(&slugs[n], title, "Nội dung.", &dates[n]));
        }
        docs.push(doc("old-phrase", "Tin cũ", "Phong trào thi đua yêu nước.", "2020-01-01T08:00:00+07:00"));
        let index = Index::new(build_with(IndexBuilder::with_cuts(3, 3), &docs));
        let thi = index.find("thi");
        assert_eq!(thi, ["tin-18", "tin-16", "tin-14"], "the unigram list is cut to its 3 best");
        assert!(index.hits("thi", &Filters::default()).lower_bound, "the count is a lower bound");
        let uncut = Index::new(build_with(IndexBuilder::new(), &docs));
        assert_eq!(uncut.find("thi").len(), 11);
        assert!(!uncut.hits("thi", &Filters::default()).lower_bound);
        assert_eq!(index.find("thi đua"), ["old-phrase"]);
        assert_eq!(index.find("thi dua yeu"), ["old-phrase"]);
    }

    #[test]
    fn highlights_mark_the_original_text() {
        let query = Query::parse("thi du");
        let marked: Vec<String> = search::highlight("Phong trào Thi đua-khen thưởng, THI ĐUA", &query)
            .into_iter()
            .filter(|(_, marked)| *marked)
            .map(|(text, _)| text)
            .collect();
        assert_eq!(marked, ["Thi", "đua", "THI", "ĐUA"]);
    }

    #[test]
    fn the_index_is_the_same_bytes_whatever_the_order_of_arrival() {
        let docs = [
            doc("a", "Thi đua khen thưởng", "Ủy ban nhân dân.", "2021-01-01T08:00:00+07:00"),
            doc("b", "Kinh tế", "Thi đua yêu nước.", "2021-01-01T08:00:00+07:00"),
            doc("c", "Đường phố", "Dương.", "2020-01-01T08:00:00Z"),
        ];
        let forward = build_with(IndexBuilder::new(), &docs).files;
        let reversed: Vec<Doc> = docs.iter().rev().map(|d| Doc { ..doc(d.slug, d.title, d.body, d.at) }).collect();
        assert_eq!(forward, build_with(IndexBuilder::new(), &reversed).files);
    }

    #[test]
    fn the_manifest_stays_small_with_many_syllables() {
        let mut builder = IndexBuilder::new();
        let mut body = String::new();
        // 40 000 distinct syllables of 5 to 7 letters.
        for n in 0..40_000u32 {
            let mut word = String::new();
            let mut value = n.wrapping_mul(2_654_435_761);
            for _ in 0..(5 + n % 3) {
                word.push((b'a' + (value % 26) as u8) as char);
                value /= 26;
            }
            body.push_str(&word);
            body.push(' ');
        }
        builder.add(&Document {
            slug: "x",
            title: "x",
            lead: "",
            body_text: &body,
            published_at: time("2021-01-01T08:00:00+07:00"),
            category_slug: "tin-tuc",
            category_name: "Tin tức",
        });
        let files = builder.finish(&[]).files;
        let manifest = &files.iter().find(|(path, _)| *path == search::manifest_path()).unwrap().1;
        assert!(manifest.len() <= 20_000, "{} bytes", manifest.len());
    }

    // -----------------------------------------------------------------------
    // The binary files: round trips and broken bytes.

    fn sample_shard() -> Vec<u8> {
        let mut first = Vec::new();
        let postings = [
            Posting { doc: 3, flags: 1 | 2 << 3 },
            Posting { doc: 70_000, flags: 1 | 4 },
            Posting { doc: 0, flags: 2 },
            Posting { doc: 1, flags: 4 | 31 << 3 },
            Posting { doc: 300, flags: 4 },
        ];
        encode_term(&mut first, "duong", &["đường".into(), "dương".into(), "đương".into()], &postings);
        let mut second = Vec::new();
        encode_term(&mut second, "thi dua", &[], &[Posting { doc: 5, flags: 2 }]);
        encode_shard([first.as_slice(), second.as_slice()].into_iter())
    }

    #[test]
    fn shards_round_trip() {
        let shard = search::decode_shard(&sample_shard()).unwrap();
        let keys: Vec<&str> = shard.terms().iter().map(|term| term.key.as_str()).collect();
        assert_eq!(keys, ["duong", "thi dua"]);
        let duong = shard.term("duong").unwrap();
        assert_eq!(duong.variants, ["đường", "dương", "đương"]);
        let docs: Vec<u32> = duong.postings.iter().map(|posting| posting.doc).collect();
        assert_eq!(docs, [3, 70_000, 0, 1, 300]);
        assert_eq!(duong.variant_of(duong.postings[0]), Some("đương"));
        assert_eq!(duong.variant_of(duong.postings[3]), None);
        assert!(shard.term("thi").is_none());

        let categories = search::decode_category_docs(&encode_category_docs(&[0, 5, 6, 1_000_000])).unwrap();
        assert_eq!(categories.docs(), [0, 5, 6, 1_000_000]);
        let days = search::decode_days(&encode_days([19_000, 19_000, 18_999, 10])).unwrap();
        assert_eq!(days.runs(), [(19_000, 2), (18_999, 1), (10, 1)]);
    }

    /// Every prefix of a valid file, and garbage, is a decode error; none
    /// panics.
    #[test]
    fn decoders_refuse_broken_bytes_without_panicking() {
        let is_decode_error = |result: Result<(), ApiError>| matches!(result, Err(ApiError::Decode(_)));
        type Decoder = fn(&[u8]) -> Result<(), ApiError>;
        let files: [(Vec<u8>, Decoder); 3] = [
            (sample_shard(), |bytes| search::decode_shard(bytes).map(drop)),
            (encode_category_docs(&[0, 5, 6, 1_000_000]), |bytes| search::decode_category_docs(bytes).map(drop)),
            (encode_days([19_000, 19_000, 18_999, 10]), |bytes| search::decode_days(bytes).map(drop)),
        ];
        for (valid, decode) in &files {
            assert!(decode(valid).is_ok());
            for cut in 0..valid.len() {
                assert!(is_decode_error(decode(&valid[..cut])), "prefix of {cut} bytes");
            }
            // Every single byte changed to every value: an error or a file, never a panic.
            for at in 0..valid.len() {
                for value in [0u8, 1, 0x7f, 0x80, 0xff] {
                    let mut broken = valid.clone();
                    broken[at] = value;
                    let _ = decode(&broken);
                }
            }
            let mut extra = valid.clone();
            extra.push(0);
            assert!(is_decode_error(decode(&extra)), "a byte after the end");
        }
        // Pseudo-random garbage after a valid magic, and without one.
        let mut state: u32 = 12_345;
        for length in 0..400usize {
            let mut bytes = b"BTS1".to_vec();
            for _ in 0..length {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                bytes.push((state >> 16) as u8);
            }
            let _ = search::decode_shard(&bytes);
            let _ = search::decode_category_docs(&bytes);
            let _ = search::decode_days(&bytes);
            bytes[..4].copy_from_slice(b"BTC1");
            let _ = search::decode_category_docs(&bytes);
            bytes[..4].copy_from_slice(b"BTD1");
            let _ = search::decode_days(&bytes);
        }
        // Counts far larger than the file allocate nothing.
        let mut huge = b"BTS1".to_vec();
        huge.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0x0f]);
        assert!(is_decode_error(search::decode_shard(&huge).map(drop)));
    }

    #[test]
    fn manifests_and_doc_chunks_refuse_what_they_cannot_read() {
        let index = index(&[doc("a", "Thi đua", "", "2021-12-22T08:03:00+07:00")]);
        let manifest = &index.manifest;
        assert_eq!((manifest.docs, manifest.doc_chunk, manifest.version), (1, 8, 1));
        assert_eq!(manifest.category(0).unwrap().name, "Tin tức");
        let chunk = std::str::from_utf8(&index.files[&search::doc_chunk_path(0)]).unwrap();
        let entries = search::decode_doc_chunk(manifest, 0, chunk).unwrap();
        assert_eq!(entries.len(), 1);
        let (number, summary) = &entries[0];
        assert_eq!((*number, summary.slug.as_str(), summary.lead.as_deref()), (0, "a", None));
        assert_eq!(summary.category.as_ref().unwrap().slug, "tin-tuc");
        assert_eq!(summary.published_at, time("2021-12-22T08:03:00+07:00"));
        for cut in (0..chunk.len()).filter(|cut| chunk.is_char_boundary(*cut)) {
            assert!(search::decode_doc_chunk(manifest, 0, &chunk[..cut]).is_err());
        }
        assert!(search::decode_doc_chunk(manifest, 1, chunk).is_err(), "document 8 is beyond the index");
        assert!(search::decode_doc_chunk(manifest, 0, r#"[["a","b","2021-12-22T08:03:00+07:00",9,""]]"#).is_err());
        assert!(search::decode_doc_chunk(manifest, 0, r#"[["a","b","2021-12-22T08:03:00",0,""]]"#).is_err());
        assert!(search::decode_doc_chunk(manifest, u32::MAX, "[]").is_err());
        let text = std::str::from_utf8(&index.files[&search::manifest_path()]).unwrap();
        for cut in (0..text.len()).filter(|cut| text.is_char_boundary(*cut)) {
            assert!(search::decode_manifest(&text[..cut]).is_err());
        }
        assert!(search::decode_manifest(&text.replace("\"version\":1", "\"version\":2")).is_err());
        assert!(search::decode_manifest(&text.replace("\"shards\":1", "\"shards\":0")).is_err());
        assert_eq!(search::parse_vn_date("22/12/2021"), NaiveDate::from_ymd_opt(2021, 12, 22));
    }
}
