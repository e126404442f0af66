#!/usr/bin/env bash
# Make this checkout runnable on a bare Debian/Ubuntu machine, idempotently:
#   1. the system libraries Qt needs (offscreen and under Xvfb), a CJK font, poppler's tools for the
#      PDF tests — installed with apt-get only when dpkg says one is missing;
#   2. a virtual environment in .venv (Python >= 3.11, `python3` or $PYTHON);
#   3. the project and its dev extra: pip install -c packaging/constraints.txt -e '.[dev]',
#      skipped while .venv/.installed-<sha256 of pyproject.toml + constraints.txt> exists.
# A machine that already has everything does no apt and no pip work.
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
    # a real window under Xvfb (xvfb-run needs xauth)
    xvfb xauth libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
    libxcb-render-util0 libxcb-shape0 libxcb-xkb1
)

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
        if ((EUID == 0)); then
            sudo=()
        elif command -v sudo >/dev/null 2>&1; then
            sudo=(sudo)
        else
            die "not root and no sudo: install these packages first: ${missing[*]}"
        fi
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
