#!/usr/bin/env bash
# Make this checkout runnable on a bare Debian/Ubuntu machine, idempotently:
#   1. the system libraries Qt needs (offscreen and under Xvfb), a CJK font, poppler's tools for the
#      PDF tests — installed with apt-get only when dpkg says one is missing;
#   2. a virtual environment in .venv (Python >= 3.11, `python3` or $PYTHON);
#   3. the project and its dev extra: pip install -c packaging/constraints.txt -e '.[dev]',
#      skipped while .venv/.installed-<sha256 of pyproject.toml + constraints.txt> exists;
#   4. a PostgreSQL server for the head-office tests (Debian's `postgresql`, installed in step 1):
#      its cluster started on loopback when it is not running, and a test role `hall_desk`.
# A machine that already has everything does no apt and no pip work and says so in a few lines.
# Runs as root in CI (no sudo needed); elsewhere it uses sudo for what needs root.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

python="${PYTHON:-python3}"
venv="$repo/.venv"

say() { printf 'bootstrap: %s\n' "$*"; }
die() { printf 'bootstrap: error: %s\n' "$*" >&2; exit 1; }

# --- 1. system packages ---------------------------------------------------------------------
system_packages=(
    # Qt offscreen
    libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3
    # Chinese text on screen (without a CJK font it shows as boxes)
    fonts-wqy-microhei
    # pdftotext / pdftoppm / pdffonts, used by the document tests
    poppler-utils poppler-data
    # a real window under Xvfb (xvfb-run needs xauth): tests/ui/test_keys_x11.py, X11 key scheme
    # the console's browser tests (issue 17): Debian's chromium driven through /usr/bin/chromedriver
    chromium chromium-driver
    xvfb xauth libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
    libxcb-render-util0 libxcb-shape0 libxcb-xkb1
    # the head-office store's production database, for its tests (step 4)
    postgresql
    # nginx in front of two head-office processes: tests/hq/test_nginx.py runs packaging/nginx/
    nginx-light
    # ip netns / veth: tests of a head office on "another machine" make a test host of their own
    iproute2
    # makensis: the test suite compiles the Windows installer script (packaging/windows/)
    nsis
)

sudo=()
# Sets sudo=() as root, sudo=(sudo) otherwise; dies with "$1" when neither works.
as_root_or_die() {
    if ((EUID == 0)); then
        sudo=()
    elif command -v sudo >/dev/null 2>&1; then
        sudo=(sudo)
    else
        die "not root and no sudo: $1"
    fi
}

is_installed() {
    [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    if ! command -v "$python" >/dev/null 2>&1; then
        [[ "$python" == python3 ]] || die "$python not found"
        system_packages+=(python3 python3-venv)
    elif [[ ! -d "$venv" ]] && ! "$python" -c 'import ensurepip, venv' >/dev/null 2>&1; then
        system_packages+=(python3-venv)  # Debian's python3 has no ensurepip without it
    fi

    missing=()
    for package in "${system_packages[@]}"; do
        is_installed "$package" || missing+=("$package")
    done

    if ((${#missing[@]})); then
        as_root_or_die "install these packages first: ${missing[*]}"
        say "installing system packages: ${missing[*]}"
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        say "system packages present"
    fi
else
    say "no dpkg/apt-get here: install the equivalents of these yourself: ${system_packages[*]}"
fi

# --- 2. virtual environment -----------------------------------------------------------------
command -v "$python" >/dev/null 2>&1 || die "$python not found"
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || die "Python >= 3.11 needed, $python is $("$python" -V 2>&1) (set PYTHON=...)"

if [[ -d "$venv" ]] && ! "$venv/bin/python" -c 'import sys' >/dev/null 2>&1; then
    say "$venv is broken (moved, or its Python is gone): recreating it"
    rm -rf "$venv"
fi
if [[ ! -d "$venv" ]]; then
    say "creating .venv with $("$python" -V 2>&1)"
    "$python" -m venv "$venv"
fi

# --- 3. the project and its dev tools -------------------------------------------------------
stamp="$venv/.installed-$(cat pyproject.toml packaging/constraints.txt | sha256sum | cut -c1-64)"
if [[ -e "$stamp" ]]; then
    say ".venv up to date"
else
    say "pip install -c packaging/constraints.txt -e '.[dev]'"
    "$venv/bin/python" -m pip install --quiet --progress-bar off --disable-pip-version-check \
        -c packaging/constraints.txt -e '.[dev]'
    rm -f "$venv"/.installed-*
    touch "$stamp"
    say ".venv ready"
fi

# --- 4. PostgreSQL for the head-office tests ------------------------------------------------
# The tests connect to $HALL_DESK_TEST_POSTGRES (default
# postgresql://hall_desk:hall_desk@127.0.0.1:5432/postgres) and make a throw-away database per test.
# The role below is a TEST role only: a well-known password, CREATEDB, on a cluster that Debian
# configures to listen on loopback alone. Never run this against a server holding real data.
postgres_ready() {
    "$venv/bin/python" - <<'PY' >/dev/null 2>&1
import os, psycopg
url = os.environ.get("HALL_DESK_TEST_POSTGRES",
                     "postgresql://hall_desk:hall_desk@127.0.0.1:5432/postgres")
psycopg.connect(url, connect_timeout=3).close()
PY
}

if [[ -n "${HALL_DESK_TEST_POSTGRES:-}" ]]; then
    say "PostgreSQL for tests: \$HALL_DESK_TEST_POSTGRES is set, leaving the server to you"
elif postgres_ready; then
    say "PostgreSQL test role ready"
elif ! command -v pg_lsclusters >/dev/null 2>&1; then
    say "no PostgreSQL here (pg_lsclusters missing): the head-office PostgreSQL tests will skip"
else
    as_root_or_die "start PostgreSQL and create the test role hall_desk yourself"
    # The newest installed major version's "main" cluster (pg_lsclusters: Ver Cluster Port Status …).
    read -r pg_version pg_status < <(
        pg_lsclusters --no-header 2>/dev/null | awk '$2 == "main" {print $1, $4}' | sort -V | tail -n 1
    ) || true
    if [[ -z "${pg_version:-}" ]]; then
        pg_version="$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1)"
        [[ -n "$pg_version" ]] || die "postgresql is installed but no server version is"
        say "creating PostgreSQL $pg_version cluster main"
        "${sudo[@]}" pg_createcluster "$pg_version" main >/dev/null
        pg_status=down
    fi
    if [[ "$pg_status" != online* ]]; then
        say "starting PostgreSQL $pg_version (cluster main, loopback)"
        "${sudo[@]}" pg_ctlcluster "$pg_version" main start \
            || "${sudo[@]}" service postgresql start >/dev/null
    fi
    # Idempotent: create the role if missing, (re)set its password and CREATEDB either way.
    "${sudo[@]}" runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -d postgres >/dev/null <<'SQL'
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hall_desk') THEN
        CREATE ROLE hall_desk LOGIN PASSWORD 'hall_desk' CREATEDB;
    ELSE
        ALTER ROLE hall_desk LOGIN PASSWORD 'hall_desk' CREATEDB;
    END IF;
END
$$;
SQL
    postgres_ready || die "PostgreSQL started but the test role cannot connect on 127.0.0.1:5432"
    say "PostgreSQL test role hall_desk ready"
fi
