<?php
// One post with a camera photograph, as an editor makes it: the photograph
// uploaded through WordPress's media handling (so WordPress makes its own
// "-scaled" copy and intermediate sizes with GD, at its own JPEG quality),
// set as the featured image, and placed in the body after the second
// paragraph as the block editor's image block, with the <img> written by
// WordPress's own wp_get_attachment_image() (its srcset and sizes). For the
// bench's `images-page` phase (tools/bench/src/images_page.rs).
// Usage: BANTIN_WP_RUN=… BANTIN_WP_URL=… php photo.php PHOTO.jpg ARTICLE.json
//   ARTICLE.json: a contract article (slug, title, lead, body_html, image.alt,
//   image.caption); the post gets its text and slug.
// Prints one JSON object: the post's id, slug and link, the attachment's id,
// and the files WordPress made.
$_SERVER['HTTP_HOST'] = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
require __DIR__ . '/config.php';
require_once ABSPATH . 'wp-admin/includes/image.php';
require_once ABSPATH . 'wp-admin/includes/file.php';
require_once ABSPATH . 'wp-admin/includes/media.php';
kses_remove_filters();

[$photo, $article_file] = [$argv[1] ?? '', $argv[2] ?? ''];
$article = json_decode((string) @file_get_contents($article_file), true);
if (!is_file($photo) || !is_array($article)) {
    fwrite(STDERR, "usage: php photo.php PHOTO.jpg ARTICLE.json\n");
    exit(1);
}
$category = get_category_by_slug($article['category']['slug'] ?? '') ?: get_category_by_slug('tin-tuc-su-kien');
$when = time() - 3600;
$post_id = wp_insert_post([
    'post_title' => $article['title'], 'post_name' => $article['slug'], 'post_excerpt' => $article['lead'],
    'post_content' => '', 'post_status' => 'publish', 'post_category' => $category ? [$category->term_id] : [],
    'post_date_gmt' => gmdate('Y-m-d H:i:s', $when), 'post_date' => gmdate('Y-m-d H:i:s', $when + 7 * 3600),
], true);
if (is_wp_error($post_id)) {
    fwrite(STDERR, 'post: ' . $post_id->get_error_message() . "\n");
    exit(1);
}

// media_handle_sideload moves its file: a copy inside the run folder.
$tmp = getenv('BANTIN_WP_RUN') . '/tmp-photo.jpg';
copy($photo, $tmp);
$caption = $article['image']['caption'] ?? '';
$media_id = media_handle_sideload(['name' => 'anh-hoi-nghi.jpg', 'tmp_name' => $tmp], $post_id, $article['title'], ['post_excerpt' => $caption]);
if (is_wp_error($media_id)) {
    fwrite(STDERR, 'photo: ' . $media_id->get_error_message() . "\n");
    exit(1);
}
$alt = $article['image']['alt'] ?? '';
update_post_meta($media_id, '_wp_attachment_image_alt', $alt);
set_post_thumbnail($post_id, $media_id);

// The block editor's image block. `loading` is left to WordPress when it
// renders the content (wp_filter_content_tags), as for content an editor saved.
$img = wp_get_attachment_image($media_id, 'large', false, ['class' => "wp-image-$media_id", 'alt' => $alt, 'loading' => false]);
$block = "<!-- wp:image {\"id\":$media_id,\"sizeSlug\":\"large\",\"linkDestination\":\"none\"} -->\n"
    . "<figure class=\"wp-block-image size-large\">$img<figcaption class=\"wp-element-caption\">" . esc_html(wp_strip_all_tags($caption)) . "</figcaption></figure>\n"
    . "<!-- /wp:image -->";
preg_match_all('#<(p|h2|h3|ul|ol|blockquote|table|figure)\b.*?</\1>#s', $article['body_html'] ?? '', $parts);
$content = [];
foreach ($parts[0] as $i => $part) {
    $content[] = $part;
    if ($i === 1) {
        $content[] = $block;
    }
}
if (count($parts[0]) < 2) {
    $content[] = $block;
}
$updated = wp_update_post(['ID' => $post_id, 'post_content' => implode("\n", $content)], true);
if (is_wp_error($updated)) {
    fwrite(STDERR, 'content: ' . $updated->get_error_message() . "\n");
    exit(1);
}

$meta = wp_get_attachment_metadata($media_id);
$files = ['full' => [basename($meta['file'] ?? ''), $meta['width'] ?? 0, $meta['height'] ?? 0, $meta['filesize'] ?? 0]];
foreach ($meta['sizes'] ?? [] as $name => $size) {
    $files[$name] = [$size['file'], $size['width'], $size['height'], $size['filesize'] ?? 0];
}
echo json_encode([
    'post' => $post_id, 'slug' => get_post_field('post_name', $post_id), 'link' => get_permalink($post_id),
    'attachment' => $media_id, 'original' => basename($meta['original_image'] ?? ''), 'files' => $files,
    'body_img' => $img,
], JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES), "\n";
