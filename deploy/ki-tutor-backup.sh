#!/bin/bash
# Sicherung des KI-Tutors: Fortschritts-Datenbank (SQLite oder PostgreSQL), Pseudonym-
# Schlüssel, Logins, Kursmaterial und Suchindex – in einen Ordner mit Zeitstempel.
# Aufruf: ki-tutor-backup.sh [ZIELORDNER]   (Standard /var/backups/ki-tutor, 14 Tage)
set -euo pipefail
set -a
# shellcheck source=/dev/null
. "${KI_TUTOR_ENV:-/etc/ki-tutor/ki-tutor.env}"
set +a
PYTHON=${KI_TUTOR_PYTHON:-/opt/ki-tutor/.venv/bin/python}
BASIS=${1:-/var/backups/ki-tutor}
TAGE=${KI_TUTOR_BACKUP_TAGE:-14}
ZIEL="$BASIS/$(date -u +%Y%m%dT%H%M%SZ)"
umask 077
mkdir -p "$ZIEL"

if [ -n "${TUTOR_DATABASE_URL:-}" ]; then
    # SQLAlchemy-URL (postgresql+psycopg://…) → libpq-URL (postgresql://…)
    pg_dump --format=custom --file="$ZIEL/fortschritt.pgdump" "${TUTOR_DATABASE_URL/+psycopg/}"
else
    # Online-Sicherung über die SQLite-Backup-API: konsistent auch während die App schreibt
    "$PYTHON" - "$TUTOR_DATA_DIR/db/fortschritt.sqlite" "$ZIEL/fortschritt.sqlite" <<'PY'
import sqlite3, sys
source, target = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
with target:
    source.backup(target)
PY
fi
# ohne diesen Schlüssel lassen sich gesicherte Fortschritte keinem Login mehr zuordnen
if [ -f "$TUTOR_DATA_DIR/db/pseudonym.key" ]; then
    cp -p "$TUTOR_DATA_DIR/db/pseudonym.key" "$ZIEL/"
fi
if [ -n "${TUTOR_AUTH_FILE:-}" ] && [ -f "$TUTOR_AUTH_FILE" ]; then
    cp -p "$TUTOR_AUTH_FILE" "$ZIEL/logins.toml"
fi
tar -C "$(dirname "$TUTOR_CORPUS_DIR")" -czf "$ZIEL/korpus.tar.gz" "$(basename "$TUTOR_CORPUS_DIR")"
# Der Index lässt sich aus dem Korpus neu bauen (tutor ingest --rebuild); die Kopie spart Zeit.
# CURRENT zeigt immer auf eine vollständige Generation, auch wenn gerade eingelesen wird.
tar -C "$(dirname "$TUTOR_STORE_DIR")" -czf "$ZIEL/index.tar.gz" "$(basename "$TUTOR_STORE_DIR")"

find "$BASIS" -mindepth 1 -maxdepth 1 -type d -mtime +"$TAGE" -exec rm -rf {} +
echo "Sicherung fertig: $ZIEL"
