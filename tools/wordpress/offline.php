<?php
// Must-use plugin of the test site: it never reaches the network (not even
// loopback: wp_install probes its own permalinks), and never sends mail.
add_filter('pre_http_request', function () {
    return new WP_Error('http_request_blocked', 'offline test site');
}, 1);
if (!function_exists('wp_mail')) {
    function wp_mail() {
        return true;
    }
}
