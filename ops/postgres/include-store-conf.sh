#!/bin/sh
# Docker only (runs once at initdb): load the store's settings, the same file the native stack includes.
echo "include '/etc/postgresql/store.conf'" >> "$PGDATA/postgresql.conf"
