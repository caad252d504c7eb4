<?php
// Seeds the test site with original content of the fictional city of Thanh
// Vân: categories, authors, published posts (most with a GD-drawn featured
// image and its caption), one post whose body is the XSS corpus, and one post
// of each kind that must never be published (draft, pending, private,
// password-protected, scheduled, trashed).
// Usage: BANTIN_WP_RUN=… BANTIN_WP_URL=… php seed.php POSTS XSS_VECTORS_FILE [IMAGE_EVERY]
// Prints one JSON object: the categories, the hostile post and the hidden posts.
$_SERVER['HTTP_HOST'] = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
require __DIR__ . '/config.php';
require_once ABSPATH . 'wp-admin/includes/image.php';
require_once ABSPATH . 'wp-admin/includes/file.php';
require_once ABSPATH . 'wp-admin/includes/media.php';

$post_count = max(60, (int) ($argv[1] ?? 64));
$vectors_file = $argv[2] ?? '';
$image_every = max(1, (int) ($argv[3] ?? 1));
// The editor may publish any HTML: the hostile post keeps its payloads as a CMS would store them.
kses_remove_filters();
// One file per image, no resized copies: faster, and nothing reads them.
add_filter('intermediate_image_sizes_advanced', function () { return []; });
add_filter('big_image_size_threshold', '__return_false');

$categories = [
    ['Tin tức - Sự kiện', 'Hoạt động của chính quyền và đời sống thành phố Thanh Vân.'],
    ['Thi đua khen thưởng', 'Phong trào thi đua và gương người tốt, việc tốt.'],
    ['Kinh tế - Xã hội', 'Sản xuất, kinh doanh, lao động và an sinh.'],
    ['Văn hóa - Thể thao', 'Lễ hội, di sản, phong trào thể dục thể thao.'],
    ['Cải cách hành chính', 'Thủ tục hành chính, dịch vụ công trực tuyến.'],
    ['Quy hoạch - Xây dựng', 'Quy hoạch đô thị, công trình và giao thông.'],
    ['Y tế - Giáo dục', 'Chăm sóc sức khỏe nhân dân, trường lớp, học sinh.'],
];
$category_ids = [];
foreach ($categories as [$name, $description]) {
    $term = wp_insert_term($name, 'category', ['description' => $description]);
    if (is_wp_error($term)) {
        fwrite(STDERR, "category $name: " . $term->get_error_message() . "\n");
        exit(1);
    }
    $category_ids[] = $term['term_id'];
}

$authors = [];
foreach ([['minhchau', 'Minh Châu'], ['thuha', 'Thu Hà'], ['quocbao', 'Quốc Bảo']] as [$login, $display]) {
    $authors[] = wp_insert_user([
        'user_login' => $login, 'user_pass' => 'mat-khau-' . $login, 'display_name' => $display,
        'user_email' => $login . '@thanhvan.example.gov.vn', 'role' => 'author',
    ]);
}

$wards = ['Thanh Bình', 'Vân Hồ', 'Đông Sơn', 'Bến Đá', 'Ngọc Lâm', 'Tân Phú', 'Hòa An', 'Suối Mây', 'Cầu Đỏ', 'Phú Lộc'];
$subjects = [
    ['Hội nghị giao ban công tác quý tại phường %s', 'Ủy ban nhân dân phường %s rà soát tiến độ các nhiệm vụ trọng tâm và bàn giải pháp cho những tháng cuối năm.'],
    ['Tuyên dương %2$d tập thể, cá nhân tiêu biểu của phường %1$s', 'Các tập thể và cá nhân được khen thưởng vì thành tích trong phong trào "Thanh Vân văn minh - nghĩa tình".'],
    ['Chợ phiên nông sản %s thu hút hơn %d lượt khách', 'Phiên chợ giới thiệu rau sạch, mật ong và đặc sản của các hợp tác xã ven đô.'],
    ['Liên hoan văn nghệ quần chúng phường %s lần thứ %d', 'Các đội văn nghệ mang đến những tiết mục ca ngợi quê hương Thanh Vân.'],
    ['Phường %s giải quyết %d hồ sơ trực tuyến trong tháng', 'Tỷ lệ hồ sơ nộp qua Cổng dịch vụ công tăng rõ rệt nhờ tổ công nghệ số cộng đồng.'],
    ['Khởi công tuyến đường nối phường %s với khu dân cư số %d', 'Công trình dài gần hai cây số, dự kiến hoàn thành trước mùa mưa năm sau.'],
    ['Trạm y tế phường %s khám sàng lọc cho %d người cao tuổi', 'Đợt khám miễn phí do Trung tâm Y tế thành phố phối hợp tổ chức.'],
];
$images = [];

/** An 800×450 PNG drawn with GD: a sky, hills and a sun, tinted by $seed. */
function draw_image($path, $seed) {
    $image = imagecreatetruecolor(800, 450);
    $sky = imagecolorallocate($image, 120 + ($seed * 37) % 100, 170 + ($seed * 13) % 60, 220);
    $hill = imagecolorallocate($image, 40 + ($seed * 29) % 80, 120 + ($seed * 17) % 80, 60);
    $sun = imagecolorallocate($image, 250, 210, 60);
    imagefilledrectangle($image, 0, 0, 799, 449, $sky);
    imagefilledellipse($image, 120 + ($seed * 53) % 560, 110, 90, 90, $sun);
    imagefilledellipse($image, 250, 470, 700, 260, $hill);
    imagefilledellipse($image, 620, 480, 600, 230, imagecolorallocate($image, 30, 100 + ($seed * 7) % 60, 50));
    imagepng($image, $path);
    imagedestroy($image);
}

/** Attaches a fresh image to $post_id as its featured image, with alt text and caption. */
function attach_image($post_id, $seed, $title, $alt, $caption) {
    $tmp = getenv('BANTIN_WP_RUN') . '/tmp-image-' . $seed . '.png';
    draw_image($tmp, $seed);
    $file = ['name' => 'anh-minh-hoa-' . $seed . '.png', 'tmp_name' => $tmp];
    $media_id = media_handle_sideload($file, $post_id, $title, ['post_excerpt' => $caption]);
    if (is_wp_error($media_id)) {
        fwrite(STDERR, "image for post $post_id: " . $media_id->get_error_message() . "\n");
        exit(1);
    }
    update_post_meta($media_id, '_wp_attachment_image_alt', $alt);
    set_post_thumbnail($post_id, $media_id);
    return $media_id;
}

function body_for($lead, $ward, $n) {
    return "<p>$lead</p>\n<h2>Kết quả nổi bật</h2>\n<p>Theo báo cáo, phường $ward đã hoàn thành $n trên tổng số chỉ tiêu đề ra; nhiều mô hình mới được người dân đồng tình hưởng ứng -- nhất là ở các tổ dân phố ven sông...</p>\n<ul><li>Huy động <strong>$n tỷ đồng</strong> từ xã hội hóa.</li><li>Không để phát sinh <em>thủ tục trễ hạn</em>.</li></ul>\n<p>Ý kiến đóng góp xin gửi về <a href=\"mailto:banbientap@thanhvan.example.gov.vn\">Ban Biên tập</a>.</p>";
}

// Every 5 hours (every hour past 200 posts), the newest a day ago: all in the past, so none is scheduled.
$step = $post_count > 200 ? 3600 : 5 * 3600;
$base = time() - 86400 - $post_count * $step;
$base -= $base % 3600;
$made = [];
for ($i = 0; $i < $post_count; $i++) {
    // The first category gets twice its share, so its list has a page 2 and more.
    $c = $i < 8 ? 0 : ($i % count($category_ids));
    $ward = $wards[$i % count($wards)];
    $n = 12 + ($i * 7) % 90;
    [$title_format, $lead_format] = $subjects[$c];
    $title = sprintf($title_format, $ward, $n) . ($i >= count($subjects) * count($wards) / 2 ? ' (đợt ' . (1 + intdiv($i, 35)) . ')' : '');
    $title .= ' - ' . ($i + 1);
    $lead = sprintf($lead_format, $ward, $n);
    $post_id = wp_insert_post([
        'post_title' => $title, 'post_excerpt' => $lead, 'post_content' => body_for($lead, $ward, $n),
        'post_status' => 'publish', 'post_category' => [$category_ids[$c]],
        'post_author' => $authors[$i % count($authors)],
        'post_date_gmt' => gmdate('Y-m-d H:i:s', $base + $i * $step),
        'post_date' => gmdate('Y-m-d H:i:s', $base + $i * $step + 7 * 3600),
    ], true);
    if (is_wp_error($post_id)) {
        fwrite(STDERR, "post $i: " . $post_id->get_error_message() . "\n");
        exit(1);
    }
    if ($i % $image_every === 0 && $i % 5 !== 4) {
        attach_image($post_id, $i, $title, "Ảnh minh họa: đồi xanh và mặt trời trên phường $ward",
            "<p>Quang cảnh phường <em>$ward</em> (ảnh minh họa số " . ($i + 1) . ')</p>');
    }
    $made[] = $post_id;
}

// The XSS corpus as one article's body (lines with control-character tokens left out).
$vectors = [];
foreach (file($vectors_file, FILE_IGNORE_NEW_LINES) ?: [] as $line) {
    if ($line === '' || $line[0] === '#' || preg_match('/\{(TAB|LF|CR|FF|NUL|SOH|US|DEL)\}/', $line)) {
        continue;
    }
    $vectors[] = $line;
}
if (count($vectors) < 50) {
    fwrite(STDERR, "the XSS corpus $vectors_file has too few vectors\n");
    exit(1);
}
$hostile_id = wp_insert_post([
    'post_title' => 'Thông báo kiểm thử nội dung không an toàn', 'post_excerpt' => 'Bài viết chứa các đoạn mã độc hại mà cổng phải vô hiệu hóa.',
    'post_content' => "<p>Đoạn mở đầu an toàn.</p>\n" . implode("\n", $vectors) . "\n<p>Đoạn kết an toàn.</p>",
    'post_status' => 'publish', 'post_category' => [$category_ids[0]], 'post_author' => $authors[0],
    'post_date_gmt' => gmdate('Y-m-d H:i:s', $base - 86400), 'post_date' => gmdate('Y-m-d H:i:s', $base - 86400 + 7 * 3600),
], true);

// Static pages of the portal, and a draft page that must not be published.
$pages = [];
foreach ([
    ['Giới thiệu', 1, 'publish', '<p>Thành phố Thanh Vân nằm bên bờ sông Vân, gồm 10 phường và 4 xã.</p><h2>Chức năng, nhiệm vụ</h2><p>Ủy ban nhân dân thành phố quản lý nhà nước trên các lĩnh vực kinh tế, văn hóa, xã hội.</p>'],
    ['Liên hệ', 2, 'publish', '<p>Số 1 đường Trung Tâm, phường Thanh Bình. Điện thoại: (0200) 3 812 345.</p>'],
    ['Trang nháp về sơ đồ tổ chức', 3, 'draft', '<p>Chưa công khai.</p>'],
] as [$title, $order, $status, $content]) {
    $id = wp_insert_post(['post_type' => 'page', 'post_title' => $title, 'post_status' => $status, 'menu_order' => $order,
        'post_content' => $content, 'post_author' => $authors[0]], true);
    if (is_wp_error($id)) {
        fwrite(STDERR, "page $title: " . $id->get_error_message() . "\n");
        exit(1);
    }
    $pages[] = ['id' => $id, 'title' => $title, 'status' => $status, 'slug' => get_post($id)->post_name ?: sanitize_title($title)];
}

// Never published.
$hidden = [];
foreach ([
    'draft' => ['post_status' => 'draft', 'post_title' => 'Bản nháp dự thảo kế hoạch chỉnh trang đô thị'],
    'pending' => ['post_status' => 'pending', 'post_title' => 'Tin chờ duyệt về lịch tiếp công dân'],
    'private' => ['post_status' => 'private', 'post_title' => 'Tin nội bộ về lịch họp Ban Thường vụ'],
    'protected' => ['post_status' => 'publish', 'post_password' => 'mat-khau', 'post_title' => 'Tài liệu có mật khẩu dành cho đại biểu'],
    'future' => ['post_status' => 'publish', 'post_title' => 'Tin hẹn giờ về Lễ hội Hoa Mây năm sau',
        'post_date_gmt' => gmdate('Y-m-d H:i:s', time() + 40 * 86400), 'post_date' => gmdate('Y-m-d H:i:s', time() + 40 * 86400 + 7 * 3600)],
    'trash' => ['post_status' => 'publish', 'post_title' => 'Tin đã gỡ về việc cắt điện khu phố Bến Đá'],
] as $kind => $fields) {
    $id = wp_insert_post($fields + [
        'post_content' => '<p>Nội dung này không được xuất hiện trên cổng.</p>', 'post_excerpt' => 'Không công khai.',
        'post_category' => [$category_ids[0]], 'post_author' => $authors[1],
    ], true);
    if (is_wp_error($id)) {
        fwrite(STDERR, "$kind post: " . $id->get_error_message() . "\n");
        exit(1);
    }
    if ($kind === 'trash') {
        wp_trash_post($id);
    }
    $post = get_post($id);
    $hidden[$kind] = ['id' => $id, 'status' => $post->post_status, 'title' => $post->post_title, 'slug' => $post->post_name ?: sanitize_title($post->post_title)];
}

$slugs = [];
foreach (get_terms(['taxonomy' => 'category', 'hide_empty' => false]) as $term) {
    $slugs[$term->term_id] = $term->slug;
}
echo json_encode([
    'categories' => array_map(function ($id) use ($slugs) { return $slugs[$id]; }, $category_ids),
    'posts' => $made,
    'hostile' => ['id' => $hostile_id, 'slug' => get_post($hostile_id)->post_name],
    'hidden' => $hidden,
    'pages' => $pages,
], JSON_UNESCAPED_UNICODE), "\n";
