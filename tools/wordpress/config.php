<?php
// WordPress configuration for a throw-away test site (tools/wordpress/README.md).
// Everything comes from the environment the harness sets; nothing under /etc
// is read or written. Debian's /usr/share/wordpress/wp-config.php is bypassed:
// it would look for /etc/wordpress/config-<host>.php.
$bantin_run = getenv('BANTIN_WP_RUN');
$bantin_url = getenv('BANTIN_WP_URL');
if (!$bantin_run || !$bantin_url) {
    fwrite(STDERR, "BANTIN_WP_RUN and BANTIN_WP_URL must be set\n");
    exit(1);
}
define('DB_NAME', 'wordpress');
define('DB_USER', 'root');
define('DB_PASSWORD', '');
// MariaDB on its own socket; no TCP port at all.
define('DB_HOST', 'localhost:' . $bantin_run . '/mysqld.sock');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
foreach (['AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT'] as $key) {
    define($key, 'ban-tin-test-only-' . $key);
}
$table_prefix = 'wp_';
define('WP_HOME', $bantin_url);
define('WP_SITEURL', $bantin_url);
define('WP_CONTENT_DIR', $bantin_run . '/wp-content');
define('WP_CONTENT_URL', $bantin_url . '/wp-content');
// Offline: no outgoing HTTP, no cron, no updates (the must-use plugin refuses the rest).
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_AUTO_UPDATE_CORE', false);
define('WP_DEBUG', false);
if (!defined('ABSPATH')) {
    define('ABSPATH', '/usr/share/wordpress/');
}
require_once ABSPATH . 'wp-settings.php';
