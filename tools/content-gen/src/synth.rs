//! Large synthetic datasets for tests and the benchmark, assembled from
//! Vietnamese phrase pools, and the stress article `bai-viet-rat-dai`.
//!
//! Deterministic for a given seed. Categories get uneven shares of the
//! articles (the first ones many pages, the last ones few or none), so
//! pagination and empty categories are both exercised. The static pages
//! and related portals are the sample's ([`sample_pages`]). One article in
//! [`PHOTO_EVERY`] leads with one of the sample's photographs, written once
//! each as `media/anh-chup-{1..5}.jpg` whatever the number of articles.

use chrono::{Duration, NaiveDate, TimeZone};

use crate::dataset::{related_summary, Dataset, MediaFile};
use crate::format::vietnam_offset as vn_offset;
use crate::model::{Article, Category, Image, Site, SiteFooter};
use crate::rng::{hash, Rng};
use crate::sample;
use crate::sample_pages;
use crate::sample_text::{AUTHORS, PLACES};
use crate::svg::{self, Scene};
use crate::util::slugify;

pub const STRESS_SLUG: &str = "bai-viet-rat-dai";
pub const STRESS_PARAGRAPHS: usize = 300;
pub const STRESS_IMAGES: usize = 50;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    pub categories: usize,
    pub articles: usize,
    pub seed: u64,
    pub page_size: usize,
    pub stress: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { categories: 50, articles: 100_000, seed: 1, page_size: 10, stress: false }
    }
}

const CATEGORY_NAMES: [&str; 25] = [
    "Tin tức - Sự kiện",
    "Chỉ đạo điều hành",
    "Thi đua khen thưởng",
    "Kinh tế",
    "Văn hóa - Xã hội",
    "Quy hoạch - Đô thị",
    "Cải cách hành chính",
    "Thông báo",
    "Giáo dục - Đào tạo",
    "Y tế",
    "Nông nghiệp - Nông thôn",
    "Giao thông - Vận tải",
    "Tài nguyên - Môi trường",
    "Du lịch",
    "Thể dục - Thể thao",
    "An ninh - Trật tự",
    "Khoa học - Công nghệ",
    "Lao động - Việc làm",
    "Tư pháp",
    "Nội vụ",
    "Tài chính - Ngân sách",
    "Xây dựng",
    "Công thương",
    "Thông tin - Truyền thông",
    "Dân tộc - Tôn giáo",
];

const ACTORS: [&str; 14] = [
    "Ủy ban nhân dân thành phố",
    "Phòng Kinh tế thành phố",
    "Phòng Văn hóa và Thông tin",
    "Phòng Giáo dục và Đào tạo",
    "Phòng Quản lý đô thị",
    "Trung tâm Y tế thành phố",
    "Công an thành phố",
    "Thành đoàn Thanh Vân",
    "Hội Liên hiệp Phụ nữ thành phố",
    "Hội Nông dân thành phố",
    "Liên đoàn Lao động thành phố",
    "Ủy ban nhân dân phường Thanh Bình",
    "Ủy ban nhân dân xã Tân Thạnh",
    "Văn phòng HĐND và UBND thành phố",
];

const VERBS: [&str; 12] = [
    "triển khai",
    "tổng kết",
    "phát động",
    "kiểm tra",
    "sơ kết",
    "hướng dẫn",
    "khởi động",
    "đẩy mạnh",
    "hoàn thành",
    "công bố",
    "đánh giá",
    "rà soát",
];

const OBJECTS: [&str; 20] = [
    "kế hoạch chỉnh trang đô thị",
    "chương trình chuyển đổi số",
    "phong trào thi đua lao động giỏi",
    "đợt tiêm chủng mở rộng",
    "dự án nâng cấp đường giao thông",
    "mô hình khu phố an toàn",
    "công tác cải cách hành chính",
    "chiến dịch làm sạch môi trường",
    "chương trình hỗ trợ hộ nghèo",
    "kế hoạch phát triển du lịch",
    "đề án trồng cây xanh",
    "hội thi tìm hiểu pháp luật",
    "chương trình khuyến học",
    "kế hoạch phòng, chống thiên tai",
    "mô hình chợ văn minh",
    "dự án nhà ở xã hội",
    "chương trình mỗi xã một sản phẩm",
    "kế hoạch bảo đảm an toàn thực phẩm",
    "đợt cao điểm an toàn giao thông",
    "chương trình đào tạo nghề",
];

const SENTENCES: [&str; 16] = [
    "Theo báo cáo, {o} đã được triển khai tại {p} với sự tham gia của {n} hộ dân.",
    "Các đơn vị được yêu cầu bám sát kế hoạch, báo cáo tiến độ định kỳ hằng tháng.",
    "Người dân {p} đánh giá cao cách làm công khai, minh bạch của chính quyền.",
    "Kinh phí thực hiện khoảng {n} triệu đồng từ ngân sách và nguồn xã hội hóa.",
    "Nhiều cách làm hay đã được ghi nhận và đề nghị nhân rộng trong thời gian tới.",
    "Lãnh đạo thành phố đề nghị các phòng, ban phối hợp chặt chẽ, không để chậm trễ.",
    "Đến nay, {n} trên tổng số chỉ tiêu đề ra đã hoàn thành, vượt tiến độ chung.",
    "Công tác tuyên truyền được đẩy mạnh trên loa truyền thanh và mạng xã hội.",
    "Một số khó khăn về mặt bằng và nguồn lực đã được kiến nghị tháo gỡ.",
    "Đoàn viên, thanh niên tham gia hỗ trợ người cao tuổi và trẻ em tại {p}.",
    "Kết quả thực hiện {o} là tiêu chí đánh giá thi đua cuối năm của các đơn vị.",
    "Trong quý tới, thành phố sẽ kiểm tra đột xuất tại {n} điểm trên địa bàn.",
    "Ý kiến đóng góp của người dân được tiếp thu, giải trình đầy đủ.",
    "Mọi phản ánh xin gửi về đường dây nóng của Ủy ban nhân dân thành phố.",
    "Hồ sơ, tài liệu liên quan được niêm yết công khai tại trụ sở {p}.",
    "Các lực lượng chức năng bảo đảm an ninh trật tự trong suốt thời gian thực hiện.",
];

/// The first and last day synthetic articles are published on.
const FIRST_DAY: (i32, u32, u32) = (2019, 1, 2);
const LAST_DAY: (i32, u32, u32) = (2026, 10, 30);

fn category_name(i: usize) -> String {
    let base = CATEGORY_NAMES[i % CATEGORY_NAMES.len()];
    match i / CATEGORY_NAMES.len() {
        0 => base.to_string(),
        round => format!("{base} - Khu vực {}", round + 1),
    }
}

/// A synthetic dataset with `options.articles` articles in `options.categories` categories.
pub fn synthetic(options: &Options) -> Dataset {
    let rng = Rng::new(options.seed);
    let categories: Vec<Category> = (0..options.categories.max(1))
        .map(|i| {
            let name = category_name(i);
            Category {
                slug: slugify(&name, 16),
                description: Some(format!("Tin, bài và văn bản thuộc chuyên mục {name}.")),
                name,
            }
        })
        .collect();
    let pages = sample_pages::pages();
    let site = Site {
        name: "Cổng thông tin điện tử Thành phố Thanh Vân (dữ liệu tổng hợp)".to_string(),
        url: Some("https://thanhvan.example.gov.vn".to_string()),
        tagline: Some("Bộ dữ liệu lớn sinh tự động để kiểm thử".to_string()),
        categories: categories.clone(),
        footer: Some(SiteFooter {
            address: Some("Số 1 đường Trung Tâm, thành phố Thanh Vân".to_string()),
            ..SiteFooter::default()
        }),
        pages: sample_pages::page_links(&pages),
        links: sample_pages::links(),
        search: None,
    };

    // Shared illustrations: one file per scene.
    let media: Vec<MediaFile> = Scene::ALL
        .iter()
        .map(|scene| MediaFile {
            path: format!("media/tong-hop-{}.svg", scene.name()),
            content: scene.render(&mut rng.fork(*scene as u64 + 1)).into_bytes(),
        })
        .collect();

    // Uneven shares: weight 1/(i+1)^0.7, as a cumulative table.
    let weights: Vec<f64> = (0..categories.len()).map(|i| 1.0 / ((i + 1) as f64).powf(0.7)).collect();
    let total: f64 = weights.iter().sum();
    let mut cumulative = Vec::with_capacity(weights.len());
    let mut acc = 0.0;
    for w in &weights {
        acc += w / total;
        cumulative.push(acc);
    }
    let article_categories: Vec<Category> =
        categories.iter().map(|c| Category { slug: c.slug.clone(), name: c.name.clone(), description: None }).collect();

    let first = NaiveDate::from_ymd_opt(FIRST_DAY.0, FIRST_DAY.1, FIRST_DAY.2).expect("a date");
    let last = NaiveDate::from_ymd_opt(LAST_DAY.0, LAST_DAY.1, LAST_DAY.2).expect("a date");
    let days = (last - first).num_days() as u64;

    let mut articles = Vec::with_capacity(options.articles + 1);
    for n in 0..options.articles {
        let mut r = rng.fork(n as u64 + 1000);
        let x = (r.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        let c = cumulative.partition_point(|&edge| edge < x).min(categories.len() - 1);
        let day = first + Duration::days(r.below(days + 1) as i64);
        let minute = r.range(7 * 60 + 30, 17 * 60 + 30) as u32;
        let naive = day.and_hms_opt(minute / 60, minute % 60, r.below(60) as u32).expect("a time");
        let published_at = vn_offset().from_local_datetime(&naive).single().expect("fixed offset");
        let year = naive.format("%Y").to_string();

        let actor = r.pick(&ACTORS);
        let verb = r.pick(&VERBS);
        let object = r.pick(&OBJECTS);
        let place = r.pick(&PLACES);
        let title = match r.below(3) {
            0 => format!("{actor} {verb} {object} năm {year}"),
            1 => format!("{actor} {verb} {object} tại {place}"),
            _ => format!("{} {object} tại {place}, năm {year}", capitalise(verb)),
        };
        let slug = format!("{}-{}", slugify(&title, 12), n + 1);
        let lead = format!(
            "{actor} vừa {verb} {object} tại {place}, với sự tham gia của {} cán bộ và người dân.",
            r.range(30, 900)
        );
        let paragraphs = r.range(2, 6) as usize;
        let mut body = String::with_capacity(paragraphs * 330);
        for p in 0..paragraphs {
            body.push_str("<p>");
            for s in 0..r.range(2, 4) {
                if s > 0 {
                    body.push(' ');
                }
                let sentence = r.pick(&SENTENCES);
                let number = r.range(3, 400).to_string();
                push_filled(&mut body, sentence, object, r.pick(&PLACES), &number);
            }
            if p == 1 && r.chance(20) {
                body.push_str(" <strong>Đây là nội dung được nhấn mạnh.</strong>");
            }
            body.push_str("</p>");
        }
        let image = r.chance(30).then(|| {
            let scene = r.pick(&Scene::ALL);
            Image {
                src: format!("media/tong-hop-{}.svg", scene.name()),
                alt: scene.alt().to_string(),
                caption: r.chance(50).then(|| scene.caption().to_string()),
                width: Some(svg::WIDTH),
                height: Some(svg::HEIGHT),
                variants: Vec::new(),
            }
        });
        // Every tenth article leads with a photograph: one of a few shared files.
        let image = if n % PHOTO_EVERY == 0 { Some(sample::photograph_image(photo_of(n), &photo_path(n))) } else { image };
        let updated_at = r.chance(20).then(|| published_at + Duration::minutes(r.range(15, 600) as i64));
        let author = r.chance(70).then(|| r.pick(&AUTHORS).to_string());
        articles.push(Article {
            slug,
            title,
            category: article_categories[c].clone(),
            published_at,
            updated_at,
            lead,
            image,
            body_html: body,
            author,
            related: Vec::new(),
        });
    }

    let mut media = media;
    if options.articles > 0 {
        let used = (options.articles - 1) / PHOTO_EVERY + 1;
        for n in (0..used.min(sample::PHOTOGRAPHS.len())).map(|k| k * PHOTO_EVERY) {
            media.push(MediaFile { path: photo_path(n), content: sample::photograph_files()[photo_of(n)].clone() });
        }
    }
    let mut dataset = Dataset { site, articles, pages, media, page_size: options.page_size.max(1) };
    dataset.assign_related(|article| 3 + (hash(&article.slug) % 4) as usize);
    if options.stress {
        add_stress_article(&mut dataset, options.seed);
    }
    dataset
}

/// One article in this many (the first, the eleventh, …) leads with a
/// photograph rather than an illustration.
pub const PHOTO_EVERY: usize = 10;

/// Which of the sample's photographs article `n` shows: they take turns.
fn photo_of(n: usize) -> usize {
    (n / PHOTO_EVERY) % sample::PHOTOGRAPHS.len()
}

/// The shared file of that photograph (`media/anh-chup-1.jpg` …): a
/// synthetic set writes each once, however many articles show it.
pub fn photo_path(n: usize) -> String {
    format!("media/anh-chup-{}.jpg", photo_of(n) + 1)
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn push_filled(out: &mut String, template: &str, object: &str, place: &str, number: &str) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let key = &rest[open + 1..open + 2];
        out.push_str(match key {
            "o" => object,
            "p" => place,
            _ => number,
        });
        rest = &rest[open + 3..];
    }
    out.push_str(rest);
}

/// Adds `bai-viet-rat-dai` (300 paragraphs, 50 images in its body) as the
/// newest article of the first category, with its own media files.
///
/// Body images use root-relative URLs under the default API base
/// (`/api/media/...`): `body_html` links resolve against the page, not the API base.
pub fn add_stress_article(dataset: &mut Dataset, seed: u64) {
    let category = dataset.site.categories.first().expect("a category").clone();
    let rng = Rng::new(seed ^ hash(STRESS_SLUG));
    let newest = dataset.articles.iter().map(|a| a.published_at).max();
    let published_at = match newest {
        Some(time) => time + Duration::hours(1),
        None => crate::util::vn_time("2026-11-02", 9, 0),
    };
    let mut body = String::with_capacity(STRESS_PARAGRAPHS * 600);
    let every = STRESS_PARAGRAPHS / STRESS_IMAGES;
    let mut image_no = 0;
    let mut media = Vec::new();
    for p in 0..STRESS_PARAGRAPHS {
        if p % 25 == 0 {
            body.push_str(&format!("<h2>Phần {}: nội dung tổng hợp</h2>", p / 25 + 1));
        }
        let mut r = rng.fork(p as u64);
        body.push_str("<p>");
        body.push_str(&format!("Đoạn {}. ", p + 1));
        for s in 0..4 {
            if s > 0 {
                body.push(' ');
            }
            let number = r.range(3, 400).to_string();
            push_filled(&mut body, r.pick(&SENTENCES), r.pick(&OBJECTS), r.pick(&PLACES), &number);
        }
        if p % 7 == 3 {
            body.push_str(" <em>Ghi chú của ban biên tập.</em>");
        }
        body.push_str("</p>");
        if p % every == every - 1 && image_no < STRESS_IMAGES {
            image_no += 1;
            let scene = Scene::ALL[image_no % Scene::ALL.len()];
            let name = format!("media/bai-viet-rat-dai-{image_no:02}.svg");
            body.push_str(&format!(
                r#"<figure><img src="/api/{name}" alt="Hình {image_no}: {}" width="800" height="450"><figcaption>Hình {image_no}. {}</figcaption></figure>"#,
                scene.alt(),
                scene.caption()
            ));
            media.push(MediaFile {
                path: name,
                content: scene.render(&mut rng.fork(1000 + image_no as u64)).into_bytes(),
            });
        }
    }
    let lead_image = Image {
        src: "media/bai-viet-rat-dai-01.svg".to_string(),
        alt: Scene::ALL[1].alt().to_string(),
        caption: Some("Ảnh đầu bài của bài viết rất dài (ảnh minh họa).".to_string()),
        width: Some(svg::WIDTH),
        height: Some(svg::HEIGHT),
        variants: Vec::new(),
    };
    // "Tin khác": the newest articles of the same category.
    let mut same: Vec<&Article> = dataset.articles.iter().filter(|a| a.category.slug == category.slug).collect();
    same.sort_by(|a, b| b.published_at.cmp(&a.published_at).then_with(|| a.slug.cmp(&b.slug)));
    let related = same.iter().take(6).map(|a| related_summary(a)).collect();
    let article = Article {
        slug: STRESS_SLUG.to_string(),
        title: "Bài viết rất dài: báo cáo tổng hợp 300 đoạn văn và 50 hình minh họa".to_string(),
        category: Category { slug: category.slug, name: category.name, description: None },
        published_at,
        updated_at: None,
        lead: "Bài viết dùng để đo hiệu năng hiển thị: 300 đoạn văn, 50 hình minh họa, tiêu đề mục và chữ nhấn mạnh."
            .to_string(),
        image: Some(lead_image),
        body_html: body,
        author: Some("Ban biên tập".to_string()),
        related,
    };
    dataset.articles.push(article);
    dataset.media.extend(media);
}
