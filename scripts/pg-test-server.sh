#!/usr/bin/env bash
# Starts Debian's PostgreSQL cluster (if it is not running) and makes the test role `portal_test`
# (password portal_test, CREATEDB) that TEST_DATABASE_URL uses. Idempotent; run as root or a sudoer.
set -euo pipefail
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
version="$(ls /usr/lib/postgresql | sort -n | tail -1)"
if ! pg_lsclusters -h | grep -q "^$version main .* online"; then
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start
fi
for _ in $(seq 1 50); do
  $SUDO runuser -u postgres -- pg_isready -q -h 127.0.0.1 && break
  sleep 0.2
done
$SUDO runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -d postgres <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'portal_test') THEN
    CREATE ROLE portal_test LOGIN CREATEDB PASSWORD 'portal_test';
  END IF;
END $$;
SQL
echo "pg-test-server: PostgreSQL $version on 127.0.0.1:5432, role portal_test ready"
