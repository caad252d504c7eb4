<?php
// Changes the test site as an editor would, for the incremental republish.
// Usage: BANTIN_WP_RUN=… BANTIN_WP_URL=… php change.php edit ID TITLE | delete ID | publish ID | show ID
// Prints the post afterwards as JSON (id, slug, title, status).
$_SERVER['HTTP_HOST'] = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
require __DIR__ . '/config.php';
kses_remove_filters();
[$action, $id] = [$argv[1] ?? '', (int) ($argv[2] ?? 0)];
$post = get_post($id);
if (!$post) {
    fwrite(STDERR, "no post $id\n");
    exit(1);
}
switch ($action) {
    case 'show':
        $result = $id;
        break;
    case 'edit':
        $result = wp_update_post(['ID' => $id, 'post_title' => $argv[3] ?? $post->post_title,
            'post_content' => $post->post_content . "\n<p>Cập nhật: bổ sung số liệu mới nhất.</p>"], true);
        break;
    case 'delete':
        $result = wp_delete_post($id, true) ? $id : new WP_Error('delete', "could not delete $id");
        break;
    case 'publish':
        $result = wp_update_post(['ID' => $id, 'post_status' => 'publish',
            'post_date_gmt' => gmdate('Y-m-d H:i:s'), 'post_date' => gmdate('Y-m-d H:i:s', time() + 7 * 3600)], true);
        break;
    default:
        fwrite(STDERR, "unknown action $action\n");
        exit(1);
}
if (is_wp_error($result)) {
    fwrite(STDERR, $result->get_error_message() . "\n");
    exit(1);
}
$after = get_post($id);
echo json_encode($after ? ['id' => $id, 'slug' => $after->post_name, 'title' => $after->post_title, 'status' => $after->post_status]
    : ['id' => $id, 'deleted' => true], JSON_UNESCAPED_UNICODE), "\n";
