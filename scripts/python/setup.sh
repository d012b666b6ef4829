#!/usr/bin/env bash
# Makes the virtual environments the Python models run in, with the pinned requests and aiohttp.
#
#   scripts/python/setup.sh                   # .venv: the default python3 (3.9 or newer)
#   scripts/python/setup.sh --free-threaded   # .venv-ft: a free-threaded CPython (3.13t or newer)
#
# Without the first, `fanout run` skips the Python models with a one-line hint; without the
# second, it skips their `-gil` and `-nogil` rows the same way. Nothing else fails.
#
# --free-threaded takes its interpreter from, in order:
#   1. FANOUT_FREE_THREADED_PYTHON, a path to a free-threaded interpreter;
#   2. python3.14t or python3.13t on PATH (what `uv python install 3.14t`, pyenv or python.org's
#      installers give);
#   3. on Debian, a build of the next Debian release's python3.13 source package, fetched with
#      apt-get through the mirror the machine's own apt sources name (in a sources list and
#      package lists of its own, so the system's are untouched), configured with
#      --disable-gil and installed into scripts/python/.cpython-ft. Needs root (or sudo) for the
#      build dependencies, and about 5 minutes on 2 cores.
# Running it again reuses what is there.
set -euo pipefail
cd "$(dirname "$0")"
here=$(pwd)

say() { echo "setup.sh: $*"; }
fail() {
  echo "setup.sh: error: $*" >&2
  exit 1
}

# The C code of aiohttp's stack. PyPI has no free-threaded (cp313t) wheels of it, so for the
# free-threaded interpreter pip builds it from source; multidict 7 refuses 3.13t when it
# compiles, so that build takes multidict 6.
ACCELERATED="aiohttp,multidict,yarl,propcache,frozenlist"

# Makes (or reuses) the virtual environment $1 for interpreter $2 and installs the packages;
# with $3 = free-threaded, builds aiohttp's C code from source and checks that the interpreter
# is free-threaded and that the C code loads with the GIL off.
make_venv() {
  local venv=$1 python=$2 kind=${3:-default}
  # An environment made by an interpreter with the GIL (an older set-up, or a python3.13t that
  # was not free-threaded) cannot run the free-threaded rows: it is made again.
  if [ "$kind" = free-threaded ] && [ -x "$venv/bin/python" ] && ! is_free_threaded "$venv/bin/python"; then
    say "$venv was made by an interpreter with the GIL ($("$venv/bin/python" -V 2>&1)); making it again with $python"
    rm -rf "$venv"
  fi
  if [ ! -x "$venv/bin/python" ]; then
    say "making $venv with $python"
    "$python" -m venv "$venv"
  fi
  local pip=("$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.txt)
  if [ "$kind" = free-threaded ]; then
    is_free_threaded "$venv/bin/python" || fail "$venv/bin/python is not free-threaded"
    say "building aiohttp's C code from source for the free-threaded interpreter (a few minutes)"
    pip+=(--no-binary "$ACCELERATED" "multidict>=6.9,<7")
  fi
  "${pip[@]}" || fail "pip could not install the Python models' packages into $venv"
  PYTHON_GIL=0 "$venv/bin/python" - "$kind" <<'PY' || fail "$venv is not ready (above)"
import importlib, sys, sysconfig
import aiohttp, requests
free = sysconfig.get_config_var("Py_GIL_DISABLED") == 1
c_code = ["aiohttp._http_parser", "multidict._multidict", "yarl._quoting_c", "propcache._helpers_c",
          "frozenlist._frozenlist"]
missing = []
for module in c_code:
    try:
        importlib.import_module(module)
    except ImportError:
        missing.append(module)
if sys.argv[1] == "free-threaded" and missing:
    sys.exit("setup.sh: error: aiohttp's C code did not build for this interpreter: " + ", ".join(missing))
gil = getattr(sys, "_is_gil_enabled", lambda: True)()
print("setup.sh: python models ready:", sys.version.split()[0] + ("t" if free else ""),
      "requests", requests.__version__, "aiohttp", aiohttp.__version__,
      "; C code:", "all" if not missing else "missing " + ", ".join(missing),
      "; GIL off" if free and not gil else "")
PY
}

# Whether interpreter $1 was built without the GIL.
is_free_threaded() {
  "$1" -c 'import sys, sysconfig; sys.exit(0 if sysconfig.get_config_var("Py_GIL_DISABLED") == 1 else 1)' \
    2>/dev/null
}

# The first URI of the Debian archive (not its security archive) in the machine's apt sources.
debian_mirror() {
  local files=() file
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -f "$file" ] && files+=("$file")
  done
  [ ${#files[@]} -gt 0 ] || return 1
  # One-line entries ("deb URI suite ...") and deb822 ones ("URIs: URI").
  grep -hE '^[[:space:]]*(deb[[:space:]]|URIs:)' "${files[@]}" |
    sed -E 's/^[[:space:]]*deb[[:space:]]+(\[[^]]*\][[:space:]]+)?//; s/^[[:space:]]*URIs:[[:space:]]*//' |
    tr ' ' '\n' | grep -E '^https?://' | grep -E '/debian/?$' | head -n 1
}

# Builds CPython from Debian's python3.13 source package into $1, without the GIL.
build_from_debian_source() {
  local prefix=$1
  command -v apt-get >/dev/null 2>&1 || fail "no free-threaded interpreter found and this is not a \
Debian system to build one on; install one (for example \`uv python install 3.14t\`) and set \
FANOUT_FREE_THREADED_PYTHON to its path"
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || fail "building CPython needs root (or sudo) for its build dependencies"
    sudo=sudo
  fi
  local mirror
  mirror=$(debian_mirror) || fail "no Debian archive found in the apt sources to fetch CPython's source from"
  local work="$here/.cpython-ft-build"
  mkdir -p "$work/lists/partial"
  echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror trixie main" >"$work/sources.list"
  local apt_options=(
    -o "Dir::Etc::sourcelist=$work/sources.list" -o "Dir::Etc::sourceparts=-"
    -o "Dir::State::Lists=$work/lists" -o "APT::Get::List-Cleanup=0"
  )
  say "installing CPython's build dependencies"
  $sudo apt-get install -y --no-install-recommends build-essential pkg-config xz-utils \
    libssl-dev zlib1g-dev libffi-dev libbz2-dev liblzma-dev >/dev/null ||
    fail "cannot install CPython's build dependencies with apt-get (run apt-get update first?)"
  say "fetching python3.13's source package from the next Debian release (trixie)"
  apt-get "${apt_options[@]}" update >/dev/null || fail "cannot read trixie's source lists from $mirror"
  (cd "$work" && apt-get "${apt_options[@]}" source --download-only python3.13 >/dev/null) ||
    fail "cannot download python3.13's source package from $mirror"
  local orig
  orig=$(ls "$work"/python3.13_*.orig.tar.* 2>/dev/null | head -n 1)
  [ -n "$orig" ] || fail "python3.13's source package has no upstream tarball"
  rm -rf "$work/src" && mkdir -p "$work/src"
  tar -xf "$orig" -C "$work/src" --strip-components=1
  say "building $(basename "$orig") with --disable-gil (about 5 minutes on 2 cores)"
  (
    cd "$work/src"
    ./configure --disable-gil --prefix="$prefix" >"$work/configure.log" 2>&1 ||
      fail "configure failed; see $work/configure.log"
    make -j"$(nproc)" >"$work/make.log" 2>&1 || fail "make failed; see $work/make.log"
    make install >"$work/install.log" 2>&1 || fail "make install failed; see $work/install.log"
  )
  rm -rf "$work"
}

# The free-threaded interpreter to use, building one when none is found.
free_threaded_python() {
  if [ -n "${FANOUT_FREE_THREADED_PYTHON:-}" ]; then
    is_free_threaded "$FANOUT_FREE_THREADED_PYTHON" ||
      fail "FANOUT_FREE_THREADED_PYTHON=$FANOUT_FREE_THREADED_PYTHON is not a free-threaded interpreter (3.13t or newer, built with --disable-gil)"
    echo "$FANOUT_FREE_THREADED_PYTHON"
    return
  fi
  local name
  for name in python3.14t python3.13t; do
    if command -v "$name" >/dev/null 2>&1 && is_free_threaded "$(command -v "$name")"; then
      command -v "$name"
      return
    fi
  done
  local built="$here/.cpython-ft/bin/python3.13t"
  if [ -x "$built" ] && is_free_threaded "$built"; then
    echo "$built"
    return
  fi
  say "no free-threaded interpreter found (FANOUT_FREE_THREADED_PYTHON, python3.14t, python3.13t); building one" >&2
  build_from_debian_source "$here/.cpython-ft" >&2
  is_free_threaded "$built" || fail "the build at $built is not free-threaded"
  echo "$built"
}

case "${1:-}" in
  "")
    python=${PYTHON:-python3}
    command -v "$python" >/dev/null 2>&1 || fail "$python not found; install Python 3 to run the Python models"
    make_venv .venv "$python"
    ;;
  --free-threaded)
    python=$(free_threaded_python)
    say "free-threaded interpreter: $python"
    make_venv .venv-ft "$python" free-threaded
    ;;
  *)
    echo "usage: scripts/python/setup.sh [--free-threaded]" >&2
    exit 2
    ;;
esac
