<?php
// Router for `php -S 127.0.0.1:PORT -t /usr/share/wordpress router.php`:
// uploads from the run folder, WordPress's own static files as they are,
// everything else through WordPress (pretty permalinks and ?rest_route=).
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
$path = is_string($path) ? rawurldecode($path) : '/';
if (strpos($path, '..') !== false) {
    http_response_code(400);
    return true;
}
if (strncmp($path, '/wp-content/uploads/', 20) === 0) {
    $file = getenv('BANTIN_WP_RUN') . $path;
    if (!is_file($file)) {
        http_response_code(404);
        return true;
    }
    $types = ['png' => 'image/png', 'jpg' => 'image/jpeg', 'jpeg' => 'image/jpeg', 'gif' => 'image/gif', 'webp' => 'image/webp'];
    $extension = strtolower(pathinfo($file, PATHINFO_EXTENSION));
    header('Content-Type: ' . ($types[$extension] ?? 'application/octet-stream'));
    header('Content-Length: ' . filesize($file));
    readfile($file);
    return true;
}
if ($path !== '/' && is_file('/usr/share/wordpress' . $path) && substr($path, -4) !== '.php') {
    return false;
}
define('WP_USE_THEMES', true);
require __DIR__ . '/config.php';
wp();
require ABSPATH . WPINC . '/template-loader.php';
