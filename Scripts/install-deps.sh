#!/usr/bin/env bash
# Installs the C libraries Presswork links against (Debian/Ubuntu package names), if any is missing.
# --test adds the PostgreSQL server that the PostgreSQL tests start (PressworkTestSupport's PostgresServer);
# a plain install leaves it out (on Debian, installing it also starts a database on port 5432).
set -euo pipefail
packages=(libzmq3-dev libcld2-dev libxml2-dev libicu-dev libuchardet-dev libstemmer-dev libssl-dev libzstd-dev zlib1g-dev libsqlite3-dev libpq-dev libcurl4-openssl-dev pkg-config sqlite3)
[ "${1:-}" = "--test" ] && packages+=(postgresql)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "Swift 6.1 or later is needed: https://www.swift.org/install/linux/" >&2; exit 1; }
