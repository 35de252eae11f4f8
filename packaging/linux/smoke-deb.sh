#!/usr/bin/env bash
# Unpacks the .deb that `mvn -Pinstaller package` left in target/installer/ (dpkg-deb -x, no root, nothing
# installed) and runs its packaged launcher with the given arguments, headless; exits with the app's code.
#   packaging/linux/smoke-deb.sh                      # --smoke --headless (the app's smoke mode)
#   packaging/linux/smoke-deb.sh info --help          # any command line
# Meant for .ci/run after the installer build. Also checks what the package promises besides starting:
# GTK 3 among its dependencies, and the postinst that puts `tensorlens` on PATH.
set -euo pipefail
cd "$(dirname "$0")/../.."

debs=(target/installer/*.deb)
[ -f "${debs[0]}" ] || { echo "smoke-deb: no .deb in target/installer (run: mvn -Pinstaller package)" >&2; exit 1; }
deb=${debs[0]}
[ $# -gt 0 ] || set -- --smoke --headless

dpkg-deb -f "$deb" Depends | grep -qw libgtk-3-0 \
  || { echo "smoke-deb: $deb does not depend on libgtk-3-0" >&2; exit 1; }
dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./postinst | grep -q '/usr/bin/tensorlens' \
  || { echo "smoke-deb: $deb's postinst does not link /usr/bin/tensorlens" >&2; exit 1; }

root=$(mktemp -d "${TMPDIR:-/tmp}/tensorlens-deb.XXXXXX")
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root"
launcher="$root/opt/tensorlens/bin/Tensorlens"
[ -x "$launcher" ] || { echo "smoke-deb: no launcher at /opt/tensorlens/bin/Tensorlens in $deb" >&2; exit 1; }

# Logs, settings and JavaFX's unpacked natives in the scratch folder, not in the user's home.
# No class archive here: postinst makes it at install time, for /opt/tensorlens only (the launcher runs without it).
export XDG_CONFIG_HOME="$root/config" XDG_DATA_HOME="$root/data" XDG_CACHE_HOME="$root/cache"
echo "smoke-deb: $deb ($(du -m "$deb" | cut -f1) MB): Tensorlens $*"
set +e
JAVA_TOOL_OPTIONS="-Djavafx.cachedir=$root/javafx-cache -Dtensorlens.logdir=$root/logs ${JAVA_TOOL_OPTIONS:-}" \
  "$launcher" "$@" 2> >(grep -v '^Picked up JAVA_TOOL_OPTIONS' >&2)
status=$?
set -e
echo "smoke-deb: exit $status"
exit $status
