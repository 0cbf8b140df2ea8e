#!/usr/bin/env bash
# Build the Linux release of FinLens and smoke-test it.
#
#   packaging/build_linux.sh            # from anywhere; PYTHON=... picks the interpreter, DEB_COMPRESS=gzip is faster
#
# Produces, under dist/:
#   finlens/                                  the PyInstaller one-folder bundle
#   finlens-<version>-linux-x86_64.tar.gz     that folder, for any distribution
#   finlens_<version>_amd64.deb               /opt/finlens, /usr/bin/finlens, a .desktop entry and the icon
# then runs `finlens --self-test` from the bundle and from the .deb unpacked with `dpkg -x`, and prints the bundle
# size, the cold-start-to-self-test time and the peak memory. Any failure stops the script with a non-zero status.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
VERSION="$("$PYTHON" -c 'import app; print(app.__version__)')"
ARCH="$(dpkg --print-architecture 2>/dev/null || echo amd64)"
BUNDLE="dist/finlens"
TARBALL="dist/finlens-${VERSION}-linux-$(uname -m).tar.gz"
DEB="dist/finlens_${VERSION}_${ARCH}.deb"
DEB_ROOT="build/deb/root"
SCRATCH="build/deb/extracted"
REPORT="dist/build-report-linux.txt"

step() { printf '\n=== %s\n' "$*"; }

# Keep the smoke runs away from the real user library and settings (STYLE.md: --library / env redirect everything).
SMOKE_HOME="$(mktemp -d -t finlens-smoke-XXXXXX)"
trap 'rm -rf "$SMOKE_HOME"' EXIT
export FINLENS_LIBRARY="$SMOKE_HOME/library" FINLENS_CONFIG_DIR="$SMOKE_HOME/config"

self_test() {  # self_test NAME EXECUTABLE [EVICT_DIR]: run --self-test, keep its JSON report, print the measurements
  local name="$1" executable="$2" evict="${3:-}"
  local args=(--out "dist/selftest-${name}.json")
  [[ -n "$evict" ]] && args+=(--evict "$evict")
  if ! "$PYTHON" packaging/measure.py "${args[@]}" -- "$executable" --self-test | tee "build/measure-${name}.json"; then
    echo "self-test FAILED for $name; report:" >&2
    cat "dist/selftest-${name}.json" >&2
    exit 1
  fi
}

step "FinLens $VERSION: PyInstaller bundle"
"$PYTHON" -m PyInstaller --version >/dev/null 2>&1 || { echo "PyInstaller missing: $PYTHON -m pip install pyinstaller" >&2; exit 1; }
rm -rf "$BUNDLE" build/pyinstaller build/deb
mkdir -p build dist
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/finlens.spec
cp LICENSE THIRD_PARTY_NOTICES.md "$BUNDLE/"

step "self-test: bundle (cold page cache)"
self_test bundle "$BUNDLE/finlens" "$BUNDLE"
step "self-test: bundle (warm)"
self_test bundle-warm "$BUNDLE/finlens"

step "start-up and idle memory: the window on an empty library (offscreen, cold page cache, 20 s)"
# Informational: a GUI that exits early is reported, not fatal (the self-tests above are the gates). The app logs
# when its window is on screen and when the library is open (seconds since the process started).
QT_QPA_PLATFORM=offscreen "$PYTHON" packaging/measure.py --evict "$BUNDLE" --idle 20 -- "$BUNDLE/finlens" \
  | tee build/measure-idle.json || true
grep -h "window shown after\|library open after" "$FINLENS_CONFIG_DIR/logs/finlens.log" \
  | sed 's/.*\(window shown\|library open\) after \([0-9.]*\) s.*/\1 \2/' > build/startup.txt || true

step "tarball"
tar -C dist -czf "$TARBALL" finlens

step ".deb"
mkdir -p "$DEB_ROOT/DEBIAN" "$DEB_ROOT/opt" "$DEB_ROOT/usr/bin" "$DEB_ROOT/usr/share/applications" \
  "$DEB_ROOT/usr/share/icons/hicolor/256x256/apps" "$DEB_ROOT/usr/share/icons/hicolor/scalable/apps" \
  "$DEB_ROOT/usr/share/doc/finlens"
cp -a "$BUNDLE" "$DEB_ROOT/opt/finlens"
ln -s /opt/finlens/finlens "$DEB_ROOT/usr/bin/finlens"
install -m 0644 packaging/linux/finlens.desktop "$DEB_ROOT/usr/share/applications/finlens.desktop"
install -m 0644 resources/icons/finlens.png "$DEB_ROOT/usr/share/icons/hicolor/256x256/apps/finlens.png"
install -m 0644 resources/icons/finlens.svg "$DEB_ROOT/usr/share/icons/hicolor/scalable/apps/finlens.svg"
install -m 0644 THIRD_PARTY_NOTICES.md "$DEB_ROOT/usr/share/doc/finlens/THIRD_PARTY_NOTICES.md"
{
  echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
  echo "Upstream-Name: FinLens"
  echo
  echo "Files: *"
  echo "License: AGPL-3.0-or-later"
  echo " The full text is in /opt/finlens/LICENSE; bundled third-party components and their licences are listed"
  echo " in /usr/share/doc/finlens/THIRD_PARTY_NOTICES.md."
} > "$DEB_ROOT/usr/share/doc/finlens/copyright"
INSTALLED_KB="$(du -sk --exclude=DEBIAN "$DEB_ROOT" | cut -f1)"
# The newest glibc symbol version any bundled binary needs is the oldest glibc the package runs on.
GLIBC="$(find "$BUNDLE" -type f \( -name '*.so*' -o -name finlens \) -exec objdump -T {} + 2>/dev/null \
  | grep -o 'GLIBC_[0-9][0-9.]*' | sort -Vu | tail -n1 | cut -d_ -f2 || true)"
# The maintainer is whoever builds the package, named the way Debian's tools read it (DEBFULLNAME/DEBEMAIL), else
# from git; a release build sets both.
MAINTAINER="${DEBFULLNAME:-$(git config user.name || echo "FinLens builder")} <${DEBEMAIL:-$(git config user.email || echo "root@$(hostname)")}>"
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@INSTALLED_SIZE@/$INSTALLED_KB/" -e "s/@GLIBC@/${GLIBC:-2.31}/" \
  -e "s|@MAINTAINER@|$MAINTAINER|" packaging/linux/control.in > "$DEB_ROOT/DEBIAN/control"
chmod -R u+rwX,go+rX,go-w "$DEB_ROOT"
# xz gives the smallest download but takes minutes on a small machine; DEB_COMPRESS=gzip (or zstd, for dpkg 1.21.18+
# and Ubuntu 21.10+) for quick local builds.
dpkg-deb --root-owner-group "-Z${DEB_COMPRESS:-xz}" --build "$DEB_ROOT" "$DEB" >/dev/null
dpkg-deb --info "$DEB" | sed -n '/Package:/,$p'

step "self-test: .deb unpacked with dpkg -x"
rm -rf "$SCRATCH"
dpkg -x "$DEB" "$SCRATCH"
[[ "$(readlink "$SCRATCH/usr/bin/finlens")" == /opt/finlens/finlens ]] || { echo "bad /usr/bin/finlens link" >&2; exit 1; }
grep -q '^Exec=finlens$' "$SCRATCH/usr/share/applications/finlens.desktop" || { echo "bad .desktop entry" >&2; exit 1; }
self_test deb "$SCRATCH/opt/finlens/finlens" "$SCRATCH/opt/finlens"

step "summary"
{
  echo "FinLens $VERSION Linux build ($(date -u +%Y-%m-%dT%H:%MZ), $(uname -m), $(nproc) CPUs)"
  echo "bundle size (du -sh, unpacked): $(du -sh "$BUNDLE" | cut -f1)"
  echo "tarball: $(du -h "$TARBALL" | cut -f1)  $TARBALL"
  echo ".deb:    $(du -h "$DEB" | cut -f1)  $DEB"
  "$PYTHON" - build/measure-bundle.json build/measure-bundle-warm.json build/measure-deb.json <<'EOF'
import json, sys
for path, label in zip(sys.argv[1:], ("bundle, cold page cache", "bundle, warm", ".deb unpacked, cold page cache")):
    m = json.loads(open(path).read())
    print(f"--self-test ({label}): {m['wall_s']} s wall, peak RSS {m['peak_rss_mib']} MiB")
idle = json.loads(open("build/measure-idle.json").read() or "{}")
if "rss_mib" in idle:
    print(f"idle window after {idle['idle_after_s']:.0f} s: RSS {idle['rss_mib']} MiB, PSS {idle.get('pss_mib')} MiB")
else:
    print(f"idle window: not measured (the window exited with status {idle.get('returncode')})")
startup = dict(line.rsplit(" ", 1) for line in open("build/startup.txt").read().splitlines() if " " in line)
if startup:
    print(f"cold start (page cache evicted): window on screen after {startup.get('window shown', '?')} s, "
          f"library open after {startup.get('library open', '?')} s")
EOF
} | tee "$REPORT"
