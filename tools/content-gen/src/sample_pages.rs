//! The static pages of the sample (`pages/{slug}.json`), the footer links
//! to them (`site.json` `pages`) and the related portals (`site.json`
//! `links`, "Liên kết website").
//!
//! The text is written for the fictional Thành phố Thanh Vân: the People's
//! Committee, its leaders, departments, wards, addresses and telephone
//! numbers are invented, and agree with the rest of the sample (the footer
//! of `site.json`, the leaders quoted in the articles, the wards of
//! [`crate::sample_text::PLACES`]). Only the national portals in [`links`]
//! are real addresses. Synthetic datasets reuse the same pages.
//!
//! Two slugs are the app's well-known ones: [`routes::SITE_MAP_PAGE`] (the
//! app appends every category and page after its body) and
//! [`routes::FEEDS_PAGE`] (the app appends the RSS feeds), so their bodies
//! are only an introduction.

use crate::model::{PageLink, SiteLink, StaticPage};
use crate::routes;
use crate::util::vn_time;

/// "Giới thiệu": the People's Committee, its organisation and leaders.
pub const ABOUT_SLUG: &str = "gioi-thieu";
/// "Liên hệ": addresses, telephone numbers, the one-stop shop's hours.
pub const CONTACT_SLUG: &str = "lien-he";
/// The page in English (`"lang": "en"`).
pub const ENGLISH_SLUG: &str = "english";

/// The five pages, in the order the footer lists them.
pub fn pages() -> Vec<StaticPage> {
    vec![
        page(ABOUT_SLUG, "Giới thiệu", None, ABOUT_HTML, Some(("2026-01-05", 9, 0))),
        page(CONTACT_SLUG, "Liên hệ", None, CONTACT_HTML, Some(("2026-03-02", 8, 30))),
        page(routes::SITE_MAP_PAGE, "Sơ đồ cổng", None, SITE_MAP_HTML, Some(("2025-11-20", 10, 15))),
        // No update time: the optional field left out.
        page(routes::FEEDS_PAGE, "RSS", None, FEEDS_HTML, None),
        page(ENGLISH_SLUG, "English", Some("en"), ENGLISH_HTML, Some(("2026-01-05", 9, 40))),
    ]
}

/// `site.json` `pages`: a link to each page, in the same order, with its language.
pub fn page_links(pages: &[StaticPage]) -> Vec<PageLink> {
    pages
        .iter()
        .map(|page| PageLink { slug: page.slug.clone(), title: page.title.clone(), lang: page.lang.clone() })
        .collect()
}

/// `site.json` `links`: related portals, absolute `https` URLs.
pub fn links() -> Vec<SiteLink> {
    [
        ("Cổng Thông tin điện tử Chính phủ", "https://chinhphu.vn"),
        ("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn"),
        ("Cổng thông tin điện tử tỉnh Vân Sơn", "https://vanson.example.gov.vn"),
        ("Cổng thông tin điện tử thành phố Bình Giang", "https://binhgiang.example.gov.vn"),
        ("Hệ thống văn bản điện tử thành phố Thanh Vân", "https://vanban.example.gov.vn/thanh-van"),
    ]
    .into_iter()
    .map(|(name, url)| SiteLink { name: name.to_string(), url: url.to_string() })
    .collect()
}

fn page(slug: &str, title: &str, lang: Option<&str>, body: &[&str], updated: Option<(&str, u32, u32)>) -> StaticPage {
    StaticPage {
        slug: slug.to_string(),
        title: title.to_string(),
        lang: lang.map(str::to_string),
        body_html: body.concat(),
        updated_at: updated.map(|(date, hour, minute)| vn_time(date, hour, minute)),
    }
}

const ABOUT_HTML: &[&str] = &[
    "<p>Ủy ban nhân dân thành phố Thanh Vân là cơ quan hành chính nhà nước ở địa phương, do Hội đồng nhân dân thành phố bầu ra. Ủy ban chịu trách nhiệm và báo cáo công tác trước Hội đồng nhân dân thành phố và cơ quan hành chính nhà nước cấp trên.</p>",
    "<p>Thành phố nằm hai bên bờ sông Vân, gồm 8 phường và 4 xã. Trụ sở Ủy ban nhân dân thành phố đặt tại Số 1 đường Trung Tâm, phường Thanh Bình.</p>",
    "<h2>Chức năng, nhiệm vụ</h2>",
    "<p>Ủy ban nhân dân thành phố tổ chức thi hành Hiến pháp, pháp luật và nghị quyết của Hội đồng nhân dân thành phố trên địa bàn; thống nhất quản lý nhà nước về kinh tế, văn hóa, xã hội, quốc phòng, an ninh. Những nhiệm vụ chính:</p>",
    "<ul>",
    "<li>Xây dựng, trình Hội đồng nhân dân thành phố quyết định kế hoạch phát triển kinh tế - xã hội, dự toán ngân sách hằng năm và tổ chức thực hiện.</li>",
    "<li>Quản lý quy hoạch, đất đai, xây dựng, trật tự đô thị, giao thông và môi trường.</li>",
    "<li>Chăm lo giáo dục, y tế, văn hóa, thể thao, việc làm và an sinh xã hội; bảo vệ quyền, lợi ích hợp pháp của người dân.</li>",
    "<li>Giải quyết thủ tục hành chính cho người dân, doanh nghiệp tại <strong>Bộ phận Một cửa</strong>; đẩy mạnh cải cách hành chính và chuyển đổi số.</li>",
    "<li>Bảo đảm quốc phòng, an ninh, trật tự, an toàn xã hội; tiếp công dân, giải quyết khiếu nại, tố cáo theo quy định của pháp luật.</li>",
    "<li>Chỉ đạo, kiểm tra hoạt động của Ủy ban nhân dân các phường, xã.</li>",
    "</ul>",
    "<h2>Lãnh đạo Ủy ban nhân dân thành phố</h2>",
    "<table><caption>Lãnh đạo Ủy ban nhân dân thành phố Thanh Vân và lĩnh vực phụ trách</caption>",
    "<thead><tr><th scope=\"col\">Họ và tên</th><th scope=\"col\">Chức vụ</th><th scope=\"col\">Lĩnh vực phụ trách</th></tr></thead>",
    "<tbody>",
    "<tr><th scope=\"row\">Ông Lê Hoàng Nam</th><td>Chủ tịch</td><td>Lãnh đạo, điều hành chung; nội vụ, tài chính - ngân sách, quốc phòng - an ninh, thanh tra, tiếp công dân</td></tr>",
    "<tr><th scope=\"row\">Ông Phạm Đức Thịnh</th><td>Phó Chủ tịch Thường trực</td><td>Kinh tế, quy hoạch, đất đai, xây dựng, giao thông, tài nguyên và môi trường</td></tr>",
    "<tr><th scope=\"row\">Bà Trần Thị Thu Hà</th><td>Phó Chủ tịch</td><td>Văn hóa - xã hội, giáo dục, y tế, lao động - việc làm, cải cách hành chính, chuyển đổi số</td></tr>",
    "</tbody></table>",
    "<h2>Cơ cấu tổ chức</h2>",
    "<p>Giúp Ủy ban nhân dân thành phố thực hiện chức năng quản lý nhà nước có Văn phòng HĐND và UBND thành phố và các phòng chuyên môn; 12 phường, xã có Ủy ban nhân dân riêng, trực tiếp giải quyết công việc của người dân trên địa bàn.</p>",
    "<h3>Văn phòng và các phòng chuyên môn</h3>",
    "<ul>",
    "<li>Văn phòng HĐND và UBND thành phố (Chánh Văn phòng: bà Lý Thị Kim Oanh)",
    "<ul><li>Bộ phận Một cửa thành phố</li><li>Ban Tiếp công dân thành phố</li><li>Ban biên tập Cổng thông tin điện tử</li></ul>",
    "</li>",
    "<li>Phòng Nội vụ</li>",
    "<li>Phòng Tư pháp</li>",
    "<li>Phòng Tài chính - Kế hoạch</li>",
    "<li>Phòng Kinh tế</li>",
    "<li>Phòng Quản lý đô thị</li>",
    "<li>Phòng Tài nguyên và Môi trường</li>",
    "<li>Phòng Lao động - Thương binh và Xã hội</li>",
    "<li>Phòng Văn hóa và Thông tin</li>",
    "<li>Phòng Giáo dục và Đào tạo</li>",
    "<li>Phòng Y tế</li>",
    "<li>Thanh tra thành phố</li>",
    "</ul>",
    "<h3>Đơn vị sự nghiệp trực thuộc</h3>",
    "<ul>",
    "<li>Trung tâm Y tế thành phố</li>",
    "<li>Trung tâm Văn hóa - Thông tin và Thể thao thành phố</li>",
    "<li>Đài Truyền thanh - Truyền hình thành phố</li>",
    "<li>Ban Quản lý dự án đầu tư xây dựng thành phố</li>",
    "</ul>",
    "<h3>Các phường, xã</h3>",
    "<ul>",
    "<li>8 phường:",
    "<ul><li>Thanh Bình</li><li>Vân Giang</li><li>Bến Lụa</li><li>Cầu Mây</li><li>Đồi Thông</li><li>Hòa An</li><li>Phước Lâm</li><li>Suối Bạc</li></ul>",
    "</li>",
    "<li>4 xã:",
    "<ul><li>Tân Thạnh</li><li>Lũng Trúc</li><li>Hà Mây</li><li>Bình Nguyên</li></ul>",
    "</li>",
    "</ul>",
    "<h2>Liên hệ</h2>",
    "<p>Địa chỉ, số điện thoại và giờ tiếp nhận hồ sơ của các đơn vị xem tại trang <a href=\"/trang/lien-he\">Liên hệ</a>. Văn bản chỉ đạo, điều hành của Ủy ban nhân dân thành phố được đăng trong chuyên mục <a href=\"/chuyen-muc/chi-dao-dieu-hanh\">Chỉ đạo điều hành</a>.</p>",
];

const CONTACT_HTML: &[&str] = &[
    "<p>Ủy ban nhân dân thành phố Thanh Vân mong nhận được ý kiến, kiến nghị của người dân và doanh nghiệp. Xin liên hệ đúng đơn vị phụ trách để được trả lời nhanh nhất.</p>",
    "<h2>Ủy ban nhân dân thành phố Thanh Vân</h2>",
    "<ul>",
    "<li><strong>Địa chỉ:</strong> Số 1 đường Trung Tâm, phường Thanh Bình, thành phố Thanh Vân</li>",
    "<li><strong>Điện thoại:</strong> <a href=\"tel:+842003812345\">(0200) 3 812 345</a></li>",
    "<li><strong>Thư điện tử:</strong> <a href=\"mailto:vanphong@thanhvan.example.gov.vn\">vanphong@thanhvan.example.gov.vn</a></li>",
    "</ul>",
    "<p>Văn bản gửi Ủy ban nhân dân thành phố qua đường bưu điện xin ghi rõ: Văn phòng HĐND và UBND thành phố Thanh Vân, Số 1 đường Trung Tâm, phường Thanh Bình.</p>",
    "<h2>Bộ phận Một cửa thành phố</h2>",
    "<p>Tầng 1, nhà B, trụ sở Ủy ban nhân dân thành phố. Bộ phận Một cửa tiếp nhận hồ sơ và trả kết quả thủ tục hành chính thuộc thẩm quyền của thành phố; người dân lấy số thứ tự tại quầy hướng dẫn.</p>",
    "<ul>",
    "<li><strong>Điện thoại:</strong> <a href=\"tel:+842003812468\">(0200) 3 812 468</a></li>",
    "<li><strong>Thư điện tử:</strong> <a href=\"mailto:motcua@thanhvan.example.gov.vn\">motcua@thanhvan.example.gov.vn</a></li>",
    "</ul>",
    "<table><caption>Giờ tiếp nhận hồ sơ và trả kết quả</caption>",
    "<thead><tr><th scope=\"col\">Ngày</th><th scope=\"col\">Buổi sáng</th><th scope=\"col\">Buổi chiều</th></tr></thead>",
    "<tbody>",
    "<tr><th scope=\"row\">Thứ Hai đến thứ Sáu</th><td>7 giờ 30 – 11 giờ 30</td><td>13 giờ 30 – 17 giờ</td></tr>",
    "<tr><th scope=\"row\">Thứ Bảy</th><td>7 giờ 30 – 11 giờ 30</td><td>Nghỉ</td></tr>",
    "<tr><th scope=\"row\">Chủ nhật, ngày lễ, Tết</th><td colspan=\"2\">Nghỉ</td></tr>",
    "</tbody></table>",
    "<p>Nhiều thủ tục có thể nộp trực tuyến, không cần đến trụ sở, trên <a href=\"https://dichvucong.gov.vn\">Cổng Dịch vụ công quốc gia</a>.</p>",
    "<h2>Tiếp công dân</h2>",
    "<p>Ban Tiếp công dân thành phố làm việc tại tầng 1, nhà A, trong giờ hành chính các ngày từ thứ Hai đến thứ Sáu. Chủ tịch Ủy ban nhân dân thành phố tiếp công dân định kỳ vào ngày 15 hằng tháng; lịch cụ thể đăng trong chuyên mục <a href=\"/chuyen-muc/thong-bao\">Thông báo</a>. Đăng ký trước qua thư điện tử <a href=\"mailto:tiepcongdan@thanhvan.example.gov.vn\">tiepcongdan@thanhvan.example.gov.vn</a>.</p>",
    "<h2>Ban biên tập Cổng thông tin điện tử</h2>",
    "<p>Góp ý về nội dung của Cổng, đề nghị đính chính thông tin hoặc báo lỗi khi sử dụng, xin gửi về Ban biên tập:</p>",
    "<ul>",
    "<li><strong>Điện thoại:</strong> <a href=\"tel:+842003812345\">(0200) 3 812 345</a></li>",
    "<li><strong>Thư điện tử:</strong> <a href=\"mailto:banbientap@thanhvan.example.gov.vn\">banbientap@thanhvan.example.gov.vn</a></li>",
    "</ul>",
    "<p>Thư góp ý xin ghi rõ họ tên, địa chỉ và số điện thoại liên hệ. Ban biên tập không trả lời thư không rõ người gửi.</p>",
];

const SITE_MAP_HTML: &[&str] = &[
    "<p>Sơ đồ cổng liệt kê toàn bộ chuyên mục tin, bài và các trang thông tin của Cổng thông tin điện tử thành phố Thanh Vân, giúp bạn đọc tìm nhanh nội dung cần xem. Danh sách dưới đây được cập nhật tự động mỗi khi Cổng có chuyên mục hoặc trang mới.</p>",
];

const FEEDS_HTML: &[&str] = &[
    "<p>RSS là định dạng tin tóm tắt giúp bạn đọc theo dõi tin mới của Cổng thông tin điện tử thành phố Thanh Vân mà không phải thường xuyên mở trang web. Mỗi kênh RSS là một địa chỉ chứa danh sách tin, bài mới nhất, gồm tiêu đề, đoạn tóm tắt và đường dẫn tới bài đầy đủ.</p>",
    "<h2>Cách sử dụng</h2>",
    "<ol>",
    "<li>Cài một ứng dụng đọc tin RSS trên máy tính hoặc điện thoại; một số trình duyệt và ứng dụng thư điện tử cũng có sẵn chức năng này.</li>",
    "<li>Sao chép địa chỉ của kênh muốn theo dõi trong danh sách dưới đây.</li>",
    "<li>Dán địa chỉ đó vào mục thêm nguồn tin của ứng dụng (thường có tên “Thêm kênh”, “Add feed” hoặc “Subscribe”).</li>",
    "</ol>",
    "<p>Ứng dụng sẽ tự kiểm tra và báo khi có tin mới. Các kênh RSS được cung cấp miễn phí; khi đăng lại thông tin, xin ghi rõ nguồn “Cổng thông tin điện tử Thành phố Thanh Vân”.</p>",
];

const ENGLISH_HTML: &[&str] = &[
    "<p>Welcome to the official web portal of Thanh Vân City. This page is a short introduction to the city and its People’s Committee for visitors who do not read Vietnamese. News, notices and documents on the portal are published in Vietnamese only.</p>",
    "<h2>The city</h2>",
    "<p>Thanh Vân lies on both banks of the Vân River and is made up of eight urban wards and four rural communes. Trade and services, river tourism, food processing in the Bình Nguyên industrial cluster and high-quality rice farming are the mainstays of its economy. The riverside park, the night market and the boat trips on the Vân River are the city’s best-known sights.</p>",
    "<h2>The People’s Committee</h2>",
    "<p>The People’s Committee is the city’s executive body. It is elected by the City People’s Council and is accountable to the Council and to the provincial authorities. It carries out the law and the Council’s resolutions; draws up the city’s budget and development plans; manages land, urban planning, construction, transport and the environment; looks after education, health, culture and social welfare; and handles administrative procedures for residents and businesses.</p>",
    "<p>The Committee is led by:</p>",
    "<ul>",
    "<li>Mr Lê Hoàng Nam, Chairman</li>",
    "<li>Mr Phạm Đức Thịnh, Standing Vice Chairman</li>",
    "<li>Ms Trần Thị Thu Hà, Vice Chairwoman</li>",
    "</ul>",
    "<p>It is supported by the Office of the People’s Council and People’s Committee and by specialised departments, among them Home Affairs; Justice; Finance and Planning; Economy; Urban Management; Natural Resources and Environment; Labour, Invalids and Social Affairs; Culture and Information; Education and Training; and Health.</p>",
    "<h2>Contact</h2>",
    "<ul>",
    "<li><strong>Address:</strong> No. 1 Trung Tâm Street, Thanh Bình Ward, Thanh Vân City, Viet Nam</li>",
    "<li><strong>Telephone:</strong> <a href=\"tel:+842003812345\">+84 200 3 812 345</a></li>",
    "<li><strong>Email:</strong> <a href=\"mailto:banbientap@thanhvan.example.gov.vn\">banbientap@thanhvan.example.gov.vn</a></li>",
    "</ul>",
    "<p>The One-Stop Shop (Bộ phận Một cửa), on the ground floor of building B at the same address, receives applications from 7:30 to 11:30 and from 13:30 to 17:00, Monday to Friday, and from 7:30 to 11:30 on Saturdays (Viet Nam time, UTC+7). Many procedures can also be completed online on the <a href=\"https://dichvucong.gov.vn\">National Public Service Portal</a>.</p>",
    "<p>Foreign visitors and organisations are kindly asked to write to the Office by email before a visit. Enquiries in English are answered within five working days.</p>",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::is_valid_slug;

    #[test]
    fn the_pages_are_the_footer_links_in_order() {
        let pages = pages();
        let slugs: Vec<&str> = pages.iter().map(|p| p.slug.as_str()).collect();
        assert_eq!(slugs, ["gioi-thieu", "lien-he", routes::SITE_MAP_PAGE, routes::FEEDS_PAGE, "english"]);
        assert!(slugs.iter().all(|slug| is_valid_slug(slug)));
        let links = page_links(&pages);
        assert_eq!(links.len(), pages.len());
        for (link, page) in links.iter().zip(&pages) {
            assert_eq!((&link.slug, &link.title, &link.lang), (&page.slug, &page.title, &page.lang));
        }
        assert_eq!(pages.iter().filter(|p| p.lang.is_some()).count(), 1, "only the English page names a language");
        assert_eq!(pages.iter().filter(|p| p.updated_at.is_none()).count(), 1, "one page without an update time");
        for page in &pages {
            if let Some(time) = page.updated_at {
                assert_eq!(time.offset().local_minus_utc(), 7 * 3600, "{}", page.slug);
            }
        }
    }

    #[test]
    fn the_links_are_absolute_and_distinct() {
        let links = links();
        assert!((4..=6).contains(&links.len()));
        for link in &links {
            assert_eq!(routes::external_href(&link.url).as_deref(), Some(link.url.as_str()), "{}", link.name);
            assert!(link.url.starts_with("https://"), "{}", link.url);
        }
        let urls: std::collections::BTreeSet<&str> = links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(urls.len(), links.len());
    }
}
