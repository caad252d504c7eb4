<?php
// Installs WordPress into the empty database of a run: the site's name,
// Vietnam's time zone, pretty permalinks, no sample post or page.
// Usage: BANTIN_WP_RUN=… BANTIN_WP_URL=… php install.php
$_SERVER['HTTP_HOST'] = parse_url(getenv('BANTIN_WP_URL'), PHP_URL_HOST) . ':' . parse_url(getenv('BANTIN_WP_URL'), PHP_URL_PORT);
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['SERVER_NAME'] = '127.0.0.1';
define('WP_INSTALLING', true);
require __DIR__ . '/config.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
$result = wp_install('Cổng thông tin điện tử Thành phố Thanh Vân', 'bientap', 'bientap@thanhvan.example.gov.vn', true, '', 'mat-khau-thu-nghiem');
wp_installing(false);
update_option('blogdescription', 'Thông tin chính thống của chính quyền thành phố Thanh Vân');
update_option('timezone_string', 'Asia/Ho_Chi_Minh');
update_option('WPLANG', '');
global $wp_rewrite;
$wp_rewrite->set_permalink_structure('/%postname%/');
$wp_rewrite->flush_rules(false);
// The sample post, page and comment: not ours.
wp_delete_post(1, true);
wp_delete_post(2, true);
wp_delete_post(3, true);
echo json_encode(['user_id' => $result['user_id']]), "\n";
