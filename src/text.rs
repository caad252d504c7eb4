//! Every user-facing Vietnamese string, in one place to review and change.
//!
//! Pure constants; views and `model::ApiError::message` read from here.

pub const SITE_NAME_FALLBACK: &str = "Cổng thông tin điện tử";
/// The alt text of the emblem shown as a link preview: "the emblem of {site}".
pub const EMBLEM_ALT_PREFIX: &str = "Biểu trưng của ";
pub const HOME: &str = "Trang chủ";
pub const SKIP_TO_CONTENT: &str = "Bỏ qua, đến nội dung chính";
pub const MENU: &str = "Danh mục";
pub const MENU_OPEN: &str = "Mở danh mục chuyên mục";
pub const MENU_CLOSE: &str = "Đóng danh mục chuyên mục";
pub const MAIN_NAV_LABEL: &str = "Chuyên mục";
pub const BREADCRUMB_LABEL: &str = "Đường dẫn";
pub const FEATURED: &str = "Tin nổi bật";
pub const SEE_ALL: &str = "Xem tất cả";
pub const LOADING: &str = "Đang tải…";

pub const PAGINATION_LABEL: &str = "Phân trang";
pub const PREVIOUS_PAGE: &str = "Trang trước";
pub const NEXT_PAGE: &str = "Trang sau";
pub const PAGE: &str = "Trang";

pub const ACTIONS_LABEL: &str = "Công cụ bài viết";
pub const SEND_EMAIL: &str = "Gửi Email";
pub const PRINT: &str = "In trang";
pub const SAVE: &str = "Lưu";
pub const SHARE: &str = "Chia sẻ";
pub const COPY_LINK: &str = "Sao chép liên kết";
pub const LINK_COPIED: &str = "Đã sao chép liên kết";
pub const COPY_FAILED: &str = "Không sao chép được liên kết";
/// The share sheet failed (not the reader's cancel), so the link was copied instead.
pub const SHARE_FAILED_LINK_COPIED: &str = "Không chia sẻ được; đã sao chép liên kết";
/// The share sheet failed, and so did copying the link.
pub const SHARE_FAILED_COPY_FAILED: &str = "Không chia sẻ được, cũng không sao chép được liên kết";
pub const SAVE_FAILED: &str = "Không lưu được bài viết";
pub const SEND_EMAIL_HINT: &str = "Gửi bài viết này qua thư điện tử";
pub const PRINT_HINT: &str = "In bài viết này";
pub const SAVE_HINT: &str = "Lưu bài viết thành tệp HTML";

pub const UPDATED: &str = "Cập nhật";
pub const PUBLISHED: &str = "Đăng lúc";
pub const RELATED: &str = "Tin khác";
pub const SEE_MORE: &str = "xem tiếp";
pub const SEE_MORE_LABEL_PREFIX: &str = "Xem tiếp tin";
pub const SOURCE: &str = "Nguồn";
pub const AUTHOR_LABEL: &str = "Tác giả";

pub const NOT_FOUND_TITLE: &str = "Không tìm thấy trang";
pub const NOT_FOUND_MESSAGE: &str =
    "Trang bạn tìm không tồn tại hoặc đã được chuyển đi. Mời bạn quay về trang chủ hoặc chọn một chuyên mục.";
pub const BACK_HOME: &str = "Về trang chủ";

pub const ERROR_TITLE: &str = "Chưa tải được nội dung";
pub const ERROR_NETWORK: &str =
    "Không kết nối được tới máy chủ. Vui lòng kiểm tra kết nối mạng rồi thử lại.";
pub const ERROR_TIMEOUT: &str = "Máy chủ phản hồi quá lâu. Vui lòng thử lại sau ít phút.";
pub const ERROR_SERVER: &str = "Máy chủ đang gặp sự cố. Vui lòng thử lại sau ít phút.";
pub const ERROR_HTTP: &str = "Máy chủ từ chối yêu cầu. Vui lòng thử lại.";
pub const ERROR_DECODE: &str =
    "Dữ liệu nhận được không hợp lệ. Ban biên tập đã được ghi nhận; vui lòng thử lại sau.";
pub const RETRY: &str = "Thử lại";

/// The header's link to the English page, written in English.
pub const ENGLISH: &str = "English";
pub const FOOTER_PAGES_LABEL: &str = "Thông tin về cổng";
pub const RELATED_PORTALS: &str = "Liên kết website";
/// Said after a link that opens in a new tab, for screen readers.
pub const OPENS_IN_NEW_TAB: &str = "(mở trong thẻ mới)";
pub const SITE_MAP_CATEGORIES: &str = "Chuyên mục";
pub const SITE_MAP_PAGES: &str = "Trang thông tin";
pub const FEEDS_HEADING: &str = "Các kênh RSS của cổng";
pub const SITE_FEED: &str = "Tin mới của toàn cổng";
pub const FEED_ADDRESS: &str = "Địa chỉ kênh";

pub const SEARCH: &str = "Tìm kiếm";
pub const SEARCH_OPEN: &str = "Mở ô tìm kiếm";
pub const SEARCH_CLOSE: &str = "Đóng ô tìm kiếm";
pub const SEARCH_FIELD_LABEL: &str = "Từ khóa tìm kiếm";
pub const SEARCH_SUBMIT: &str = "Tìm";
pub const SEARCH_TITLE: &str = "Tìm kiếm";
pub const SEARCH_CATEGORY_LABEL: &str = "Chuyên mục";
pub const SEARCH_ALL_CATEGORIES: &str = "Tất cả chuyên mục";
pub const SEARCH_FROM_LABEL: &str = "Từ ngày";
pub const SEARCH_TO_LABEL: &str = "Đến ngày";
pub const SEARCH_DATE_HINT: &str = "dd/mm/yyyy";
pub const SEARCH_PROMPT: &str = "Nhập từ khóa, có dấu hoặc không dấu, rồi bấm Tìm.";
pub const SEARCH_NOTHING: &str = "Không tìm thấy kết quả";
pub const SEARCH_SUGGESTIONS: &str = "Bạn có thể:";
pub const SEARCH_SUGGEST_SPELLING: &str = "Kiểm tra lại chính tả của từ khóa.";
pub const SEARCH_SUGGEST_FEWER: &str = "Dùng ít từ hơn, hoặc từ khóa chung hơn.";
pub const SEARCH_SUGGEST_FILTERS: &str = "Bỏ bớt bộ lọc chuyên mục và thời gian.";
pub const SEARCH_BAD_DATE: &str = "Ngày cần viết theo dạng dd/mm/yyyy, ví dụ 22/12/2021.";

/// "Tìm thấy 12 kết quả cho “thi đua”", said to screen readers too;
/// "Tìm thấy hơn 1000 kết quả …" when the index kept only the best matches.
pub fn search_count(total: usize, query: &str, at_least: bool) -> String {
    match (total, at_least) {
        (0, _) => format!("{SEARCH_NOTHING} cho “{query}”"),
        (total, true) => format!("Tìm thấy hơn {total} kết quả cho “{query}”"),
        (total, false) => format!("Tìm thấy {total} kết quả cho “{query}”"),
    }
}

pub const FOOTER_ADDRESS: &str = "Địa chỉ";
pub const FOOTER_PHONE: &str = "Điện thoại";
pub const FOOTER_EMAIL: &str = "Thư điện tử";
pub const FOOTER_LICENSE: &str = "Giấy phép";
pub const FOOTER_EDITOR: &str = "Chịu trách nhiệm nội dung";

/// `document.title` of a page: "{page} | {site}".
pub fn document_title(page: &str, site_name: &str) -> String {
    if page.is_empty() {
        site_name.to_string()
    } else if site_name.is_empty() {
        page.to_string()
    } else {
        format!("{page} | {site_name}")
    }
}

/// The accessible name of "xem tiếp", which alone says nowhere it goes.
pub fn see_more_label(category_name: &str) -> String {
    format!("{SEE_MORE_LABEL_PREFIX} {category_name}")
}

/// The accessible name of a home section's "Xem tất cả" link.
pub fn see_all_label(category_name: &str) -> String {
    format!("{SEE_ALL} tin {category_name}")
}

/// The accessible name of a page number link.
pub fn page_label(page: u32) -> String {
    format!("{PAGE} {page}")
}

pub const READING_CONTROLS_LABEL: &str = "Tùy chọn hiển thị";
pub const TEXT_SIZE_LABEL: &str = "Cỡ chữ";
pub const TEXT_SMALLER: &str = "Giảm cỡ chữ";
pub const TEXT_DEFAULT: &str = "Cỡ chữ mặc định";
pub const TEXT_LARGER: &str = "Tăng cỡ chữ";
// Accessible names start with the visible label (WCAG 2.5.3, label in name).
pub const TEXT_SMALLER_NAME: &str = "A- Giảm cỡ chữ";
pub const TEXT_DEFAULT_NAME: &str = "A Cỡ chữ mặc định";
pub const TEXT_LARGER_NAME: &str = "A+ Tăng cỡ chữ";
pub const THEME_LABEL: &str = "Màu hiển thị";
pub const THEME_SYSTEM: &str = "Theo thiết bị";
pub const THEME_NORMAL: &str = "Thường";
pub const THEME_HIGH_CONTRAST: &str = "Tương phản cao";
pub const THEME_DARK: &str = "Nền tối";

pub const LISTEN: &str = "Nghe đọc bài";
pub const LISTEN_PAUSE: &str = "Tạm dừng";
pub const LISTEN_RESUME: &str = "Đọc tiếp";
pub const LISTEN_STOP: &str = "Dừng đọc";
pub const LISTEN_NO_VOICE: &str =
    "Trình duyệt của bạn chưa có giọng đọc tiếng Việt, nên chức năng nghe đọc bài chưa dùng được.";
