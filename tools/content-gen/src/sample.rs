//! The embedded sample: the portal of the fictional Thành phố Thanh Vân.
//!
//! Deterministic: every choice comes from [`Rng`] seeded with [`SEED`] and
//! forked per story title, so the output is the same on every run and adding
//! a story does not reshuffle the others. No wall-clock time is read.

use chrono::{Datelike, Duration, Timelike};

use crate::dataset::{Dataset, MediaFile};
use crate::model::{Article, Category, Image, Site, SiteFooter};
use crate::photo::{self, Coordinate, PhotoScene, PhotoSpec};
use crate::rng::{hash, Rng};
use crate::sample_pages;
use crate::sample_text::{self as words, CategoryText, Topic};
use crate::share::escape_html;
use crate::svg::{self, Scene};
use crate::util::{later_in_business_hours, slugify, vn_time};

pub const SEED: u64 = 20_211_222;
pub const PAGE_SIZE: usize = 10;
/// Titles longer than this many words are cut for their slug.
pub const SLUG_WORDS: usize = 20;

/// The article modelled on a city portal's reference page.
pub const REFERENCE_SLUG: &str = "hoi-nghi-tong-ket-cong-tac-thi-dua-khen-thuong-nam-2021";
pub const REFERENCE_TIME: &str = "2021-12-22T08:03:00+07:00";
pub const REFERENCE_CATEGORY: &str = "thi-dua-khen-thuong";
/// The one long article with a table, lists and a blockquote.
pub const TABLE_TITLE: &str = "Kinh tế - xã hội năm 2023: tăng trưởng 7,8%, thu ngân sách vượt dự toán";
/// The notice whose title has quotes, `&`, `?`, `#` and `%`.
pub const SPECIAL_TITLE: &str = "Thông báo \"Lịch tiếp công dân\" tháng 7 & 8: hỏi – đáp 100% trực tuyến? #tiếpcôngdân";
/// An article with none of the optional fields (no image, author or update time).
pub const BARE_TITLE: &str = "Thông báo thu hồi đất thực hiện dự án mở rộng đường Đồi Thông";
/// An article whose `updated_at` equals its `published_at` (not a meaningful update).
pub const SAME_UPDATE_TITLE: &str =
    "Thông báo lịch tiếp công dân của lãnh đạo Ủy ban nhân dân thành phố quý I năm 2019";
const DAI_HOI_V_TITLE: &str = "Đại hội Thi đua yêu nước thành phố Thanh Vân lần thứ V";

pub fn slug_of(title: &str) -> String {
    slugify(title, SLUG_WORDS)
}

/// The sample at the default page size.
pub fn sample() -> Dataset {
    sample_with_page_size(PAGE_SIZE)
}

/// A story being built: its article and its body blocks (joined at the end,
/// once "Tin khác" is known, so a body can link to a related story).
struct Draft {
    article: Article,
    blocks: Vec<String>,
    link_related: bool,
}

pub fn sample_with_page_size(page_size: usize) -> Dataset {
    let base = Rng::new(SEED);
    let categories: Vec<Category> = words::CATEGORIES
        .iter()
        .map(|c| Category { slug: c.slug.into(), name: c.name.into(), description: Some(c.description.into()) })
        .collect();
    let pages = sample_pages::pages();
    let site = Site {
        name: words::SITE_NAME.into(),
        url: Some(words::SITE_URL.into()),
        tagline: Some(words::TAGLINE.into()),
        categories,
        footer: Some(SiteFooter {
            address: Some(words::ADDRESS.into()),
            phone: Some(words::PHONE.into()),
            email: Some(words::EMAIL.into()),
            license: Some(words::LICENSE.into()),
            editor: Some(words::EDITOR.into()),
        }),
        pages: sample_pages::page_links(&pages),
        links: sample_pages::links(),
        search: None,
    };

    let mut drafts = Vec::new();
    let mut media = Vec::new();
    for category in &words::CATEGORIES {
        for (index, topic) in category.topics.iter().enumerate() {
            let mut rng = base.fork(hash(topic.1));
            let (draft, file) = story(category, index, topic, &mut rng);
            drafts.push(draft);
            media.extend(file);
        }
    }
    let (reference, file) = reference_story(&base);
    drafts.push(reference);
    media.push(file);
    // Last, so that no other choice changes: five stories lead with a photograph.
    for draft in &mut drafts {
        let Some(photo) = PHOTOGRAPHS.iter().position(|photo| photo.title == draft.article.title) else { continue };
        let slug = &draft.article.slug;
        media.retain(|file| file.path != format!("media/{slug}.svg"));
        let (image, file) = photograph(photo, &format!("media/{slug}.jpg"));
        draft.article.image = Some(image);
        media.push(file);
    }

    let mut seen = std::collections::BTreeSet::new();
    for draft in &drafts {
        assert!(seen.insert(draft.article.slug.clone()), "duplicate slug {}", draft.article.slug);
    }

    let mut dataset = Dataset {
        site,
        articles: drafts.iter().map(|d| d.article.clone()).collect(),
        pages,
        media: Vec::new(),
        page_size,
    };
    dataset.assign_related(
        |article| {
            if article.slug == REFERENCE_SLUG {
                6
            } else {
                3 + (hash(&article.slug) % 6) as usize
            }
        },
    );
    for (article, draft) in dataset.articles.iter_mut().zip(drafts) {
        let mut blocks = draft.blocks;
        if draft.link_related {
            if let Some(other) = article.related.first() {
                let link = format!(
                    r#"<p>Xem thêm: <a href="/bai-viet/{}">{}</a>.</p>"#,
                    other.slug,
                    escape_html(&other.title)
                );
                let at = blocks.len().saturating_sub(1);
                blocks.insert(at, link);
            }
        }
        article.body_html = blocks.concat();
    }
    media.sort_by(|a: &MediaFile, b| a.path.cmp(&b.path));
    dataset.media = media;
    dataset
}

/// The values a story's templates are filled with.
struct Vars {
    d: String,
    nam: String,
    thang: String,
    chu_de: String,
    phuong: String,
    phuong2: String,
    lanh_dao: String,
    so: String,
    so2: String,
    so12: String,
    so_lon: String,
    pt: String,
}

impl Vars {
    fn new(date: &str, subject: &str, rng: &mut Rng) -> Vars {
        let day = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("a topic date");
        let first = rng.index(words::PLACES.len());
        let second = (first + 1 + rng.index(words::PLACES.len() - 1)) % words::PLACES.len();
        Vars {
            d: format!("{}/{}", day.day(), day.month()),
            nam: day.year().to_string(),
            thang: day.month().to_string(),
            chu_de: subject.to_string(),
            phuong: words::PLACES[first].to_string(),
            phuong2: words::PLACES[second].to_string(),
            lanh_dao: rng.pick(&words::LEADERS).to_string(),
            so: rng.range(12, 85).to_string(),
            so2: rng.range(20, 140).to_string(),
            so12: rng.range(6, 12).to_string(),
            so_lon: vn_number(rng.range(150, 4800)),
            pt: rng.range(86, 99).to_string(),
        }
    }

    fn get(&self, key: &str) -> &str {
        match key {
            "d" => &self.d,
            "nam" => &self.nam,
            "thang" => &self.thang,
            "chu_de" => &self.chu_de,
            "phuong" => &self.phuong,
            "phuong2" => &self.phuong2,
            "lanh_dao" => &self.lanh_dao,
            "so" => &self.so,
            "so2" => &self.so2,
            "so12" => &self.so12,
            "so_lon" => &self.so_lon,
            "pt" => &self.pt,
            other => panic!("unknown placeholder {{{other}}}"),
        }
    }
}

/// Fills `{name}` placeholders.
fn fill(template: &str, vars: &Vars) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').map(|c| open + c).expect("an unclosed placeholder");
        out.push_str(vars.get(&rest[open + 1..close]));
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// 1250 as "1.250", the Vietnamese way.
pub fn vn_number(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

fn paragraph(text: &str) -> String {
    format!("<p>{text}</p>")
}

/// The scene a category falls back to when a title suggests none.
fn default_scene(slug: &str) -> Scene {
    match slug {
        "van-hoa-xa-hoi" => Scene::Festival,
        "kinh-te" => Scene::Factory,
        "quy-hoach-do-thi" => Scene::Construction,
        "cai-cach-hanh-chinh" | "thong-bao" => Scene::Office,
        _ => Scene::Hall,
    }
}

/// A photograph of the sample: the story it leads, what it shows and how
/// it is described.
pub struct SamplePhoto {
    pub title: &'static str,
    pub spec: PhotoSpec,
    pub alt: &'static str,
    pub caption: &'static str,
}

const fn at(degrees: u32, minutes: u32, centiseconds: u32) -> Coordinate {
    Coordinate { degrees, minutes, centiseconds }
}

/// The sample's photographs (`photo`): 3456 × 2304 as shown, or 2304 × 3456
/// for the two stored turned (EXIF orientation 6, landscape pixels shown
/// portrait), as a phone held upright stores them.
pub const PHOTOGRAPHS: [SamplePhoto; 5] = [
    SamplePhoto {
        title: "Khởi công dự án nhà ở xã hội khu Suối Bạc",
        spec: PhotoSpec {
            scene: PhotoScene::ConstructionSite,
            width: 3456,
            height: 2304,
            orientation: 1,
            taken: "2024:04:23 07:41:09",
            latitude: at(16, 1, 4820),
            longitude: at(108, 10, 3560),
            seed: 1,
        },
        alt: "Hai cần cẩu tháp màu vàng bên các khối nhà đang xây phần thô, phủ lưới xanh, trước hàng rào công trường",
        caption: "Công trường khu Suối Bạc: bên cạnh khu đất của dự án, các khối nhà giai đoạn trước đang thi công phần thô.",
    },
    SamplePhoto {
        title: "Khai mạc Tuần lễ Văn hóa - Du lịch sông Vân năm 2023",
        spec: PhotoSpec {
            scene: PhotoScene::RiversideFestival,
            width: 3456,
            height: 2304,
            orientation: 1,
            taken: "2023:04:28 18:52:30",
            latitude: at(16, 4, 1235),
            longitude: at(108, 13, 2680),
            seed: 2,
        },
        alt: "Dãy đèn lồng đỏ và vàng dọc bờ sông Vân lúc hoàng hôn, người dân đứng kín bờ, xa xa cây cầu đã lên đèn",
        caption: "Đèn lồng thắp sáng bờ sông Vân trong đêm khai mạc Tuần lễ Văn hóa - Du lịch sông Vân năm 2023.",
    },
    SamplePhoto {
        title: "Khánh thành công viên ven sông Vân sau hai năm thi công",
        spec: PhotoSpec {
            scene: PhotoScene::RiversidePark,
            width: 2304,
            height: 3456,
            orientation: 6,
            taken: "2024:05:30 07:18:44",
            latitude: at(16, 3, 5510),
            longitude: at(108, 13, 3145),
            seed: 3,
        },
        alt: "Lối đi lát gạch uốn lượn giữa hai hàng cây xanh và cột đèn, phía sau là dòng sông Vân và dãy núi xa",
        caption: "Lối đi dạo trong công viên ven sông Vân vào buổi sáng ngày khánh thành.",
    },
    SamplePhoto {
        title: "Mùa vàng trên cánh đồng lúa chất lượng cao xã Bình Nguyên",
        spec: PhotoSpec {
            scene: PhotoScene::RiceHarvest,
            width: 3456,
            height: 2304,
            orientation: 1,
            taken: "2023:10:22 06:47:15",
            latitude: at(15, 58, 4072),
            longitude: at(108, 9, 1230),
            seed: 4,
        },
        alt: "Cánh đồng lúa chín vàng trải đến chân núi, hàng cau trên bờ ruộng, vài nông dân đội nón lá đang gặt",
        caption: "Nông dân xã Bình Nguyên thu hoạch lúa chất lượng cao trong những ngày cuối tháng 10.",
    },
    SamplePhoto {
        title: "Hoàn thành 2 km kè chống sạt lở bờ sông Vân",
        spec: PhotoSpec {
            scene: PhotoScene::Embankment,
            width: 2304,
            height: 3456,
            orientation: 6,
            taken: "2021:03:15 07:12:40",
            latitude: at(16, 5, 264),
            longitude: at(108, 13, 4018),
            seed: 5,
        },
        alt: "Bờ kè đá mới dọc sông Vân với lối đi bộ và hàng lan can trắng, xa xa là cây cầu bắc qua sông",
        caption: "Đoạn kè chống sạt lở bờ sông Vân sau khi hoàn thành, nhìn từ phía thượng lưu.",
    },
];

/// The JPEG files of [`PHOTOGRAPHS`], in the same order, rendered once per
/// process (on as many threads as there are photographs): the sample is
/// generated several times by the tests, and synthetic sets use them too.
pub fn photograph_files() -> &'static [Vec<u8>] {
    static FILES: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    FILES.get_or_init(|| {
        std::thread::scope(|scope| {
            let handles: Vec<_> =
                PHOTOGRAPHS.iter().map(|photo| scope.spawn(move || photo::render(&photo.spec))).collect();
            handles.into_iter().map(|handle| handle.join().expect("rendering a photograph does not panic")).collect()
        })
    })
}

/// The image of one of [`PHOTOGRAPHS`] at `path`: its size as shown, its
/// alternative text and caption.
pub fn photograph_image(photo: usize, path: &str) -> Image {
    let sample = &PHOTOGRAPHS[photo];
    Image {
        src: path.to_string(),
        alt: sample.alt.to_string(),
        caption: Some(sample.caption.to_string()),
        width: Some(sample.spec.width),
        height: Some(sample.spec.height),
        variants: Vec::new(),
    }
}

/// [`photograph_image`] and the file it names.
pub fn photograph(photo: usize, path: &str) -> (Image, MediaFile) {
    (photograph_image(photo, path), MediaFile { path: path.to_string(), content: photograph_files()[photo].clone() })
}

fn illustration(slug: &str, scene: Scene, alt: &str, caption: Option<String>) -> (Image, MediaFile) {
    let mut rng = Rng::new(SEED).fork(hash(slug));
    let path = format!("media/{slug}.svg");
    let image = Image {
        src: path.clone(),
        alt: alt.to_string(),
        caption,
        width: Some(svg::WIDTH),
        height: Some(svg::HEIGHT),
        variants: Vec::new(),
    };
    (image, MediaFile { path, content: scene.render(&mut rng).into_bytes() })
}

fn story(category: &CategoryText, index: usize, topic: &Topic, rng: &mut Rng) -> (Draft, Option<MediaFile>) {
    let (date, title, lead, subject) = *topic;
    let slug = slug_of(title);
    let vars = Vars::new(date, subject, rng);
    let lead = fill(lead, &vars);

    // Evening events are written up the next morning; afternoon ones late in the day.
    let (day, from, to) = if lead.starts_with("Tối") {
        (1, 7 * 60 + 30, 9 * 60 + 30)
    } else if lead.starts_with("Chiều") {
        (0, 15 * 60 + 30, 17 * 60 + 30)
    } else {
        (0, 7 * 60 + 30, 17 * 60 + 30)
    };
    let minute = rng.range(from, to) as u32;
    let published_at = vn_time(date, minute / 60, minute % 60) + Duration::days(day);

    let is_table = title == TABLE_TITLE;
    let is_special = title == SPECIAL_TITLE;
    let is_bare = title == BARE_TITLE;
    let long = is_table || index % 12 == 5;

    let updated_at = if title == SAME_UPDATE_TITLE {
        Some(published_at)
    } else if !is_bare && rng.chance(25) {
        Some(later_in_business_hours(published_at, rng.range(20, 300) as i64))
    } else {
        None
    };

    let author = if is_bare {
        None
    } else if category.slug == "thong-bao" {
        rng.chance(50).then(|| "Văn phòng HĐND và UBND thành phố".to_string())
    } else {
        rng.chance(85).then(|| rng.pick(&words::AUTHORS).to_string())
    };

    let matched = Scene::for_title(title);
    let scene = matched.unwrap_or_else(|| default_scene(category.slug));
    let with_image = !is_bare && (is_special || is_table || rng.chance(if matched.is_some() { 50 } else { 20 }));
    let (image, file) = if with_image {
        let caption = if is_special {
            Some(
                "Người dân tham gia buổi \"tiếp công dân trực tuyến\" tại nhà văn hóa khu phố 3 & 4 (ảnh minh họa)."
                    .to_string(),
            )
        } else {
            rng.chance(85).then(|| scene.caption().to_string())
        };
        let (image, file) = illustration(&slug, scene, scene.alt(), caption);
        (Some(image), Some(file))
    } else {
        (None, None)
    };

    let blocks = if is_table {
        table_body(&vars, rng, category)
    } else if is_special {
        special_notice_body()
    } else {
        generic_body(category, &vars, long, rng)
    };
    let mut blocks = blocks;
    // Official documents link to the (fictional) document and service portals.
    if !is_special && !is_bare {
        let external = match category.slug {
            "chi-dao-dieu-hanh" if hash(&slug).is_multiple_of(2) => Some(format!(
                r#"<p>Toàn văn văn bản được đăng tải trên <a href="https://vanban.example.gov.vn/thanh-van/{slug}">Hệ thống văn bản điện tử của thành phố</a>.</p>"#
            )),
            "cai-cach-hanh-chinh" if hash(&slug).is_multiple_of(3) => Some(
                r#"<p>Người dân có thể nộp hồ sơ trực tuyến tại <a href="https://dichvucong.example.gov.vn/thanh-van">Cổng dịch vụ công của thành phố</a>.</p>"#.to_string(),
            ),
            "thong-bao" if hash(&slug) % 3 == 1 => Some(
                r#"<p>Các thông báo khác xem tại chuyên mục <a href="/chuyen-muc/thong-bao">Thông báo</a>.</p>"#.to_string(),
            ),
            _ => None,
        };
        if let Some(block) = external {
            let at = blocks.len().saturating_sub(1);
            blocks.insert(at, block);
        }
    }
    let link_related = !is_bare && !is_special && !is_table && hash(&slug).is_multiple_of(5);

    let article = Article {
        slug,
        title: title.to_string(),
        category: Category { slug: category.slug.into(), name: category.name.into(), description: None },
        published_at,
        updated_at,
        lead,
        image,
        body_html: String::new(),
        author,
        related: Vec::new(),
    };
    (Draft { article, blocks, link_related }, file)
}

/// Opening, middle paragraphs from the category's and the general pools,
/// closing; a long story has 20+ paragraphs under subheadings.
fn generic_body(category: &CategoryText, vars: &Vars, long: bool, rng: &mut Rng) -> Vec<String> {
    let mut blocks = vec![paragraph(&fill(rng.pick(category.openings), vars))];
    let mut own: Vec<&str> = category.pool.to_vec();
    let mut general: Vec<&str> = words::GENERAL_POOL.to_vec();
    rng.shuffle(&mut own);
    rng.shuffle(&mut general);
    let middle: Vec<&str> = if long {
        let mut all: Vec<&str> = own.into_iter().chain(general.into_iter().take(9)).collect();
        all.truncate(19);
        all
    } else if category.slug == "thong-bao" {
        let mut picked: Vec<&str> = own.into_iter().take(rng.range(3, 5) as usize).collect();
        picked.sort_by_key(|text| category.pool.iter().position(|p| p == text));
        picked
    } else {
        let n_own = rng.range(2, 4) as usize;
        let n_general = rng.range(1, 3) as usize;
        own.into_iter().take(n_own).chain(general.into_iter().take(n_general)).collect()
    };
    for (i, text) in middle.iter().enumerate() {
        if long && i % 5 == 0 {
            blocks.push(format!("<h2>{}</h2>", words::SUBHEADINGS[(i / 5) % words::SUBHEADINGS.len()]));
        }
        blocks.push(paragraph(&fill(text, vars)));
    }
    if category.slug != "thong-bao" {
        blocks.push(paragraph(rng.pick(&words::CLOSINGS)));
    }
    blocks
}

fn reference_story(base: &Rng) -> (Draft, MediaFile) {
    let title = "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2021 và phát động phong trào thi đua năm 2022";
    let dai_hoi = slug_of(DAI_HOI_V_TITLE);
    let blocks = vec![
        paragraph("Năm 2021, trong bối cảnh dịch bệnh diễn biến phức tạp, công tác thi đua, khen thưởng của thành phố được triển khai linh hoạt, gắn chặt với nhiệm vụ vừa phòng, chống dịch vừa phát triển kinh tế - xã hội. Các phong trào thi đua theo chuyên đề được phát động kịp thời, tạo động lực để cán bộ, công chức và Nhân dân vượt qua khó khăn."),
        paragraph("Theo báo cáo của Hội đồng Thi đua - Khen thưởng thành phố, trong năm có <strong>27 phong trào thi đua</strong> theo đợt, theo chuyên đề được tổ chức; các cụm, khối thi đua đều ký kết giao ước ngay từ đầu năm và chấm điểm, bình xét công khai. Nổi bật là phong trào “Chung tay phòng, chống dịch bệnh”, phong trào “Thanh Vân chung sức xây dựng đô thị xanh, sạch, đẹp” và phong trào thi đua trong cải cách hành chính."),
        paragraph("Công tác khen thưởng có nhiều đổi mới, hướng về cơ sở và người lao động trực tiếp. Năm 2021, Chủ tịch Ủy ban nhân dân thành phố đã tặng Giấy khen cho <strong>312 tập thể và 645 cá nhân</strong>; đề nghị cấp trên khen thưởng 58 tập thể, 97 cá nhân. Tỷ lệ khen thưởng cho công nhân, nông dân, người lao động trực tiếp chiếm 41%, tăng 6% so với năm 2020."),
        paragraph("Hội nghị cũng thẳng thắn chỉ ra những hạn chế: một số phong trào chưa có tiêu chí cụ thể; việc phát hiện, nhân rộng điển hình ở vài đơn vị còn chậm; có hồ sơ đề nghị khen thưởng gửi chưa đúng thời gian quy định. Các đại biểu đã trao đổi kinh nghiệm và đề xuất cách khắc phục trong năm tới."),
        paragraph("Phát biểu chỉ đạo, ông Lê Hoàng Nam, Chủ tịch Ủy ban nhân dân thành phố, biểu dương các tập thể, cá nhân tiêu biểu và đề nghị: <em>“Thi đua phải gắn với nhiệm vụ chính trị của từng đơn vị, phải đo được bằng kết quả cụ thể. Khen thưởng phải kịp thời, chính xác, để người được khen thấy xứng đáng và người xung quanh muốn noi theo.”</em>"),
        paragraph("Tại hội nghị, Ủy ban nhân dân thành phố phát động phong trào thi đua năm 2022 với chủ đề <strong>“Đoàn kết, thích ứng, phục hồi, phát triển”</strong>. Trọng tâm là thi đua phục hồi sản xuất, kinh doanh sau dịch, đẩy mạnh chuyển đổi số, cải cách hành chính và chăm lo đời sống Nhân dân."),
        paragraph("Dịp này, 15 tập thể dẫn đầu các cụm, khối thi đua được tặng Cờ thi đua của Ủy ban nhân dân thành phố; 40 tập thể và 62 cá nhân được tặng Bằng khen. Đại diện các cụm, khối đã ký kết giao ước thi đua năm 2022 ngay tại hội nghị."),
        paragraph(&format!(
            r#"Trước đó, Hội đồng Thi đua - Khen thưởng thành phố đã kiểm tra, chấm điểm tại 12 phường, xã và 24 cơ quan, đơn vị; kết quả được công khai để các đơn vị theo dõi, đối chiếu. Chặng đường 5 năm trước đó được nhìn lại tại <a href="/bai-viet/{dai_hoi}">{}</a>; toàn văn kế hoạch thi đua năm 2022 đăng trên <a href="https://vanban.example.gov.vn/thanh-van/ke-hoach-thi-dua-nam-2022">Hệ thống văn bản điện tử của thành phố</a>."#,
            DAI_HOI_V_TITLE
        )),
    ];
    let _ = base;
    let (image, file) = illustration(
        REFERENCE_SLUG,
        Scene::Hall,
        "Tranh minh họa hội nghị: sân khấu phông đỏ có ngôi sao vàng, bàn chủ tọa phủ khăn trắng và các hàng ghế đại biểu trong hội trường Ủy ban nhân dân thành phố",
        Some("Quang cảnh hội nghị tổng kết công tác thi đua, khen thưởng năm 2021 tại hội trường Ủy ban nhân dân thành phố (ảnh minh họa).".to_string()),
    );
    let published_at = chrono::DateTime::parse_from_rfc3339(REFERENCE_TIME).expect("the reference time");
    debug_assert_eq!(published_at.hour(), 8);
    let article = Article {
        slug: REFERENCE_SLUG.to_string(),
        title: title.to_string(),
        category: Category { slug: REFERENCE_CATEGORY.into(), name: "Thi đua khen thưởng".into(), description: None },
        published_at,
        updated_at: None,
        lead: "Sáng 22/12, Hội đồng Thi đua - Khen thưởng thành phố Thanh Vân tổ chức hội nghị tổng kết công tác thi đua, khen thưởng năm 2021 và phát động phong trào thi đua năm 2022. Ông Lê Hoàng Nam, Chủ tịch Ủy ban nhân dân thành phố, Chủ tịch Hội đồng, chủ trì hội nghị.".to_string(),
        image: Some(image),
        body_html: String::new(),
        author: Some("Minh Châu".to_string()),
        related: Vec::new(),
    };
    (Draft { article, blocks, link_related: false }, file)
}

/// The one article with a table, lists and a blockquote (and 20+ paragraphs).
fn table_body(vars: &Vars, rng: &mut Rng, category: &CategoryText) -> Vec<String> {
    let mut blocks = vec![
        paragraph("Sáng 8/1, Ủy ban nhân dân thành phố Thanh Vân tổ chức hội nghị tổng kết tình hình kinh tế - xã hội năm 2023 và triển khai nhiệm vụ năm 2024. Hội nghị được kết nối trực tuyến tới 12 phường, xã."),
        paragraph("Báo cáo tại hội nghị cho biết, năm 2023 kinh tế thành phố phục hồi rõ nét, <strong>tổng giá trị sản xuất tăng 7,8%</strong>, cao hơn mục tiêu đề ra. Cơ cấu kinh tế tiếp tục chuyển dịch theo hướng tăng tỷ trọng thương mại, dịch vụ và du lịch."),
        "<h2>Tăng trưởng khá, thu ngân sách vượt dự toán</h2>".to_string(),
        paragraph("Thu ngân sách trên địa bàn đạt gần 1.962 tỷ đồng, bằng 106% dự toán. Nhiều khoản thu lớn như thuế ngoài quốc doanh, lệ phí trước bạ và thu tiền sử dụng đất đều vượt kế hoạch; chi ngân sách bảo đảm đúng dự toán, ưu tiên an sinh xã hội và đầu tư phát triển."),
        paragraph("Tổng vốn đầu tư toàn xã hội đạt khoảng 6.710 tỷ đồng. Các công trình trọng điểm như nút giao Đồi Thông, công viên ven sông Vân và đường Ven Sông cơ bản đúng tiến độ; một số dự án còn chậm do vướng giải phóng mặt bằng."),
        concat!(
            "<table><caption>Một số chỉ tiêu kinh tế - xã hội chủ yếu năm 2023</caption>",
            "<thead><tr><th scope=\"col\">Chỉ tiêu</th><th scope=\"col\">Đơn vị</th><th scope=\"col\">Kế hoạch</th><th scope=\"col\">Thực hiện</th><th scope=\"col\">So với kế hoạch</th></tr></thead>",
            "<tbody>",
            "<tr><th scope=\"row\">Tăng trưởng tổng giá trị sản xuất</th><td>%</td><td>7,0</td><td>7,8</td><td>Vượt</td></tr>",
            "<tr><th scope=\"row\">Thu ngân sách trên địa bàn</th><td>tỷ đồng</td><td>1.850</td><td>1.962</td><td>106%</td></tr>",
            "<tr><th scope=\"row\">Tổng vốn đầu tư toàn xã hội</th><td>tỷ đồng</td><td>6.400</td><td>6.710</td><td>105%</td></tr>",
            "<tr><th scope=\"row\">Thu nhập bình quân đầu người</th><td>triệu đồng/năm</td><td>78</td><td>81,5</td><td>104%</td></tr>",
            "<tr><th scope=\"row\">Tỷ lệ hộ nghèo cuối năm</th><td>%</td><td>dưới 1,2</td><td>1,05</td><td>Đạt</td></tr>",
            "<tr><th scope=\"row\">Hồ sơ trực tuyến toàn trình</th><td>%</td><td>60</td><td>57</td><td>Chưa đạt</td></tr>",
            "</tbody>",
            "<tfoot><tr><td colspan=\"5\">Nguồn: Phòng Tài chính - Kế hoạch thành phố (số liệu ước tính đến ngày 31/12/2023).</td></tr></tfoot>",
            "</table>"
        )
        .to_string(),
        paragraph("Như vậy, <strong>17 trên 18 chỉ tiêu chủ yếu</strong> đạt và vượt kế hoạch. Chỉ tiêu tỷ lệ hồ sơ thủ tục hành chính được giải quyết trực tuyến toàn trình chưa đạt do một số dịch vụ công chưa kết nối được với cơ sở dữ liệu chuyên ngành."),
        "<h2>Những điểm sáng</h2>".to_string(),
        paragraph("Hội nghị đánh giá năm 2023 có nhiều dấu ấn:"),
        concat!(
            "<ul>",
            "<li>Du lịch đường sông trên sông Vân đón khoảng 410 nghìn lượt khách, tăng 35% so với năm trước.</li>",
            "<li>Cụm công nghiệp Bình Nguyên lấp đầy 70% diện tích, tạo việc làm cho hơn 2.300 lao động.</li>",
            "<li>Ba sản phẩm mới đạt chuẩn OCOP; cánh đồng lúa chất lượng cao xã Bình Nguyên mở rộng lên 260 ha.</li>",
            "<li>Chợ Trung Tâm và hai chợ phường thí điểm thanh toán không dùng tiền mặt.</li>",
            "</ul>"
        )
        .to_string(),
        paragraph("Lĩnh vực văn hóa - xã hội có nhiều chuyển biến: tỷ lệ trường đạt chuẩn quốc gia tăng, 100% trạm y tế có bác sĩ, tỷ lệ hộ nghèo giảm còn 1,05%. An ninh chính trị, trật tự an toàn xã hội được giữ vững."),
        concat!(
            "<blockquote><p>“Kết quả năm 2023 là của cả cộng đồng: của doanh nghiệp dám đầu tư, của người dân đồng thuận giao mặt bằng, của cán bộ dám nghĩ, dám làm. ",
            "Năm 2024, chúng ta phải làm nhanh hơn ở những việc người dân đang chờ.”</p>",
            "<p><cite>Ông Lê Hoàng Nam, Chủ tịch Ủy ban nhân dân thành phố</cite></p></blockquote>"
        )
        .to_string(),
        paragraph("Bên cạnh đó, hội nghị chỉ ra không ít khó khăn: sức mua một số ngành hàng phục hồi chậm, chi phí đầu vào tăng, công tác giải phóng mặt bằng ở một số dự án kéo dài, chuyển đổi số ở cấp cơ sở chưa đồng đều."),
        "<h2>Nhiệm vụ năm 2024</h2>".to_string(),
        paragraph("Năm 2024, thành phố đặt mục tiêu tổng giá trị sản xuất tăng 8% trở lên, thu ngân sách đạt 2.000 tỷ đồng. Để thực hiện, Ủy ban nhân dân thành phố xác định năm nhóm giải pháp trọng tâm:"),
        concat!(
            "<ol>",
            "<li>Tháo gỡ dứt điểm vướng mắc mặt bằng cho các dự án trọng điểm trong quý I.</li>",
            "<li>Đẩy mạnh thu hút đầu tư vào chế biến nông sản, logistics và du lịch đường sông.</li>",
            "<li>Nâng tỷ lệ hồ sơ trực tuyến toàn trình lên ít nhất 70%.</li>",
            "<li>Chăm lo an sinh xã hội, không để hộ nào thiếu nhà ở an toàn.</li>",
            "<li>Siết chặt kỷ luật, kỷ cương hành chính, gắn trách nhiệm người đứng đầu.</li>",
            "</ol>"
        )
        .to_string(),
        paragraph("Các phòng, ban được giao cụ thể hóa kế hoạch thành chương trình công tác theo tháng, có người chịu trách nhiệm và thời hạn hoàn thành rõ ràng."),
    ];
    // Enough paragraphs from the economy pool to make it one of the long reads.
    let mut pool: Vec<&str> = category.pool.to_vec();
    rng.shuffle(&mut pool);
    blocks.push("<h2>Ý kiến tại hội nghị</h2>".to_string());
    for text in pool.iter().take(8) {
        blocks.push(paragraph(&fill(text, vars)));
    }
    for text in words::GENERAL_POOL.iter().take(3) {
        blocks.push(paragraph(&fill(text, vars)));
    }
    blocks.push(paragraph("Hội nghị kết thúc với việc ký cam kết thực hiện nhiệm vụ năm 2024 giữa Chủ tịch Ủy ban nhân dân thành phố và thủ trưởng các phòng, ban, Chủ tịch Ủy ban nhân dân các phường, xã."));
    blocks
}

/// The notice whose title and body carry characters that need escaping.
fn special_notice_body() -> Vec<String> {
    vec![
        paragraph("Thực hiện Luật Tiếp công dân và để bảo đảm an toàn phòng, chống dịch, Ủy ban nhân dân thành phố thông báo \"Lịch tiếp công dân\" tháng 7 &amp; 8 năm 2021 như sau:"),
        paragraph("<strong>1. Hình thức:</strong> 100% buổi tiếp công dân được tổ chức trực tuyến qua hệ thống hội nghị truyền hình của thành phố; người dân tham gia tại nhà văn hóa khu phố gần nhất hoặc bằng điện thoại thông minh."),
        paragraph("<strong>2. Lịch cụ thể:</strong> Chủ tịch Ủy ban nhân dân thành phố tiếp công dân vào các ngày 15/7 và 16/8; các Phó Chủ tịch tiếp vào thứ Năm hằng tuần, từ 8 giờ đến 11 giờ."),
        paragraph("<strong>3. Đăng ký:</strong> trước ít nhất 2 ngày qua điện thoại <a href=\"tel:+842003812345\">(0200) 3 812 345</a> hoặc thư điện tử <a href=\"mailto:tiepcongdan@thanhvan.example.gov.vn\">tiepcongdan@thanhvan.example.gov.vn</a>, ghi rõ họ tên, địa chỉ và nội dung cần trình bày."),
        paragraph("<strong>4. Hỏi – đáp:</strong> Có cần máy tính không? Không, chỉ cần điện thoại có kết nối Internet. Không có thiết bị thì sao? Cán bộ khu phố hỗ trợ tại nhà văn hóa. Hình thức 100% trực tuyến áp dụng đến hết tháng 8; sau đó thành phố sẽ có thông báo mới."),
        paragraph("Mẫu đăng ký và hướng dẫn chi tiết xem tại <a href=\"https://dichvucong.example.gov.vn/thanh-van/tiep-cong-dan?thang=7&amp;nam=2021#dang-ky\">Cổng dịch vụ công (mục #đăng-ký)</a>; các thông báo khác xem tại chuyên mục <a href=\"/chuyen-muc/thong-bao\">Thông báo</a>."),
        paragraph("Ủy ban nhân dân thành phố trân trọng thông báo."),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_placeholders() {
        assert_eq!(vn_number(1250), "1.250");
        assert_eq!(vn_number(999), "999");
        assert_eq!(vn_number(1_234_567), "1.234.567");
        let vars = Vars::new("2021-12-22", "chủ đề", &mut Rng::new(1));
        assert_eq!(fill("Ngày {d} năm {nam}: {chu_de}", &vars), "Ngày 22/12 năm 2021: chủ đề");
    }

    #[test]
    fn every_template_fills() {
        let vars = Vars::new("2022-03-04", "x", &mut Rng::new(2));
        for category in &words::CATEGORIES {
            for text in category.pool.iter().chain(category.openings) {
                assert!(!fill(text, &vars).contains('{'));
            }
            for topic in category.topics {
                assert!(!fill(topic.2, &vars).contains('{'), "{}", topic.1);
            }
        }
        for text in words::GENERAL_POOL {
            fill(text, &vars);
        }
    }

    #[test]
    fn the_sample_is_deterministic() {
        let a = sample();
        let b = sample();
        assert_eq!(a.articles, b.articles);
        assert_eq!(a.media, b.media);
        assert_eq!(a.pages, b.pages);
        assert_eq!(a.site, b.site);
    }
}
