#!/usr/bin/env bash
# Build FinLens.app (Apple silicon, arm64) and a .dmg, and smoke-test the app.
#
#   packaging/macos/build_macos.sh        # on an arm64 Mac, from any folder; PYTHON=... to pick the interpreter
#
# Produces dist/FinLens.app and dist/FinLens-<version>-macos-arm64.dmg. The app is ad-hoc signed (PyInstaller's
# default), which runs on the build machine and in CI; to distribute it, sign with a Developer ID and notarize
# (packaging/README.md).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
VERSION="$("$PYTHON" -c 'import app; print(app.__version__)')"
APP="dist/FinLens.app"
DMG="dist/FinLens-${VERSION}-macos-arm64.dmg"

[[ "$(uname -s)" == Darwin ]] || { echo "build_macos.sh runs on macOS" >&2; exit 1; }
[[ "$(uname -m)" == arm64 ]] || echo "warning: building on $(uname -m); the app will be $(uname -m), not arm64" >&2

echo "=== FinLens $VERSION: PyInstaller .app"
rm -rf "$APP" dist/finlens build/pyinstaller
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/finlens.spec

echo "=== self-test"
SMOKE_HOME="$(mktemp -d -t finlens-smoke)"
trap 'rm -rf "$SMOKE_HOME"' EXIT
start=$(date +%s)
FINLENS_LIBRARY="$SMOKE_HOME/library" FINLENS_CONFIG_DIR="$SMOKE_HOME/config" QT_QPA_PLATFORM=offscreen \
  "$APP/Contents/MacOS/finlens" --self-test > dist/selftest-macos.json \
  || { cat dist/selftest-macos.json >&2; echo "self-test FAILED" >&2; exit 1; }
echo "self-test passed in $(( $(date +%s) - start )) s"

echo "=== .dmg"
STAGING="build/dmg"
rm -rf "$STAGING" "$DMG"
mkdir -p "$STAGING"
cp -R "$APP" "$STAGING/"
ln -s /Applications "$STAGING/Applications"
cp LICENSE THIRD_PARTY_NOTICES.md "$STAGING/"
hdiutil create -volname "FinLens $VERSION" -srcfolder "$STAGING" -fs HFS+ -format UDZO -ov "$DMG"

echo "=== summary"
echo "app size: $(du -sh "$APP" | cut -f1)   dmg: $(du -h "$DMG" | cut -f1)  $DMG"
