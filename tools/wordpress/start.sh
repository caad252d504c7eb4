#!/usr/bin/env bash
# Starts a throw-away WordPress in RUN (a new folder) on 127.0.0.1:PORT, by
# hand (the end-to-end harness does the same from Rust: tests/e2e/src/wordpress.rs):
#   tools/wordpress/start.sh /tmp/wp-run 8090 [POSTS [IMAGE_EVERY]]
# Stop it with: kill $(cat RUN/php.pid) $(cat RUN/mysqld.pid) and the php workers (pkill -P $(cat RUN/php.pid)).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
run="$1"; port="$2"; posts="${3:-64}"; image_every="${4:-1}"
mkdir -p "$run/wp-content/plugins" "$run/wp-content/uploads" "$run/wp-content/mu-plugins"
ln -sfn /usr/share/wordpress/wp-content/themes "$run/wp-content/themes"
cp "$here/offline.php" "$run/wp-content/mu-plugins/"
mariadb-install-db --datadir="$run/db" --user="$(id -un)" --auth-root-authentication-method=normal --skip-test-db --skip-name-resolve >"$run/install-db.log" 2>&1
mariadbd --no-defaults --datadir="$run/db" --socket="$run/mysqld.sock" --pid-file="$run/mysqld.pid" --skip-networking \
  --user="$(id -un)" --skip-log-bin --innodb-buffer-pool-size=64M --log-error="$run/mysqld.err" &
for _ in $(seq 100); do mariadb --no-defaults -S "$run/mysqld.sock" -uroot -e 'select 1' >/dev/null 2>&1 && break; sleep 0.1; done
mariadb --no-defaults -S "$run/mysqld.sock" -uroot -e 'create database wordpress character set utf8mb4'
export BANTIN_WP_RUN="$run" BANTIN_WP_URL="http://127.0.0.1:$port"
php "$here/install.php"
php "$here/seed.php" "$posts" "$here/../../tests/fixtures/xss-vectors.txt" "$image_every" > "$run/seed.json"
PHP_CLI_SERVER_WORKERS=4 php -S "127.0.0.1:$port" -t /usr/share/wordpress "$here/router.php" >"$run/php.log" 2>&1 &
echo $! > "$run/php.pid"
echo "WordPress on $BANTIN_WP_URL (run folder $run)"
