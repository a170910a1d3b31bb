#!/usr/bin/env bash
# Fetch the interop peers the end-to-end tests talk to — cosign 2.5 and skopeo 1.18 from
# Debian 13 ("trixie") — without installing them system-wide: a private apt state downloads
# the .debs from the Debian mirror this machine is already configured with, dpkg-deb unpacks
# them into a cache folder, and small wrappers run them from there (skopeo through trixie's
# own ld.so and libraries, since Debian 12's glibc is older than it needs).
#
# Usage: scripts/fetch-interop-tools.sh [CACHE_DIR]   (default: .cache/tools)
# Prints nothing but progress; leaves CACHE_DIR/bin/{cosign,skopeo}.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cache=${1:-$root/.cache/tools}
bin=$cache/bin
if [ -x "$bin/cosign" ] && [ -x "$bin/skopeo" ] && "$bin/skopeo" --version >/dev/null 2>&1 \
  && "$bin/cosign" version >/dev/null 2>&1; then
  echo "interop tools: cached in $cache"
  exit 0
fi

# The mirror this machine already uses for Debian, read from its apt configuration.
mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
if [ -z "$mirror" ]; then
  mirror=$(awk '$1 == "deb" && $0 !~ /security/ {for (i = 2; i <= NF; i++) if ($i ~ /:\/\//) {print $i; exit}}' \
    /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -n 1 || true)
fi
if [ -z "$mirror" ]; then
  echo "fetch-interop-tools: no Debian mirror found in /etc/apt configuration" >&2
  exit 2
fi

state=$cache/apt
mkdir -p "$state/lists/partial" "$state/archives/partial" "$state/etc/preferences.d" "$cache/debs" "$bin"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
printf 'deb [signed-by=%s] %s trixie main\n' "$keyring" "$mirror" >"$state/etc/sources.list"

apt_private=(
  -o "Dir::State=$state"
  -o "Dir::State::Lists=$state/lists"
  -o "Dir::State::status=/dev/null"
  -o "Dir::Cache=$state"
  -o "Dir::Etc::SourceList=$state/etc/sources.list"
  -o "Dir::Etc::SourceParts=-"
  -o "Dir::Etc::Preferences=$state/etc/preferences"
  -o "Dir::Etc::PreferencesParts=$state/etc/preferences.d"
  -o "APT::Get::List-Cleanup=0"
  -o "Debug::NoLocking=1"
  -o "APT::Sandbox::User=root"
)
echo "interop tools: reading trixie package lists"
apt-get "${apt_private[@]}" -qq update

packages=(cosign skopeo libc6 libgpgme11t64 libassuan9 libgpg-error0 libsqlite3-0)
echo "interop tools: downloading ${packages[*]}"
(cd "$cache/debs" && apt-get "${apt_private[@]}" -qq download "${packages[@]}")

rootfs=$cache/rootfs
rm -rf "$rootfs"
mkdir -p "$rootfs"
for deb in "$cache"/debs/*.deb; do dpkg-deb -x "$deb" "$rootfs"; done

loader=
for candidate in usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 lib64/ld-linux-x86-64.so.2 lib/x86_64-linux-gnu/ld-linux-x86-64.so.2; do
  if [ -e "$rootfs/$candidate" ]; then loader=$candidate; break; fi
done
[ -n "$loader" ] || { echo "fetch-interop-tools: trixie's ld.so not found in libc6" >&2; exit 2; }
cat >"$bin/skopeo" <<WRAP
#!/bin/sh
# skopeo from Debian 13, run with trixie's own loader and libraries (see fetch-interop-tools.sh).
here=\$(cd "\$(dirname "\$0")/.." && pwd)
exec "\$here/rootfs/$loader" --library-path "\$here/rootfs/usr/lib/x86_64-linux-gnu:\$here/rootfs/lib/x86_64-linux-gnu" "\$here/rootfs/usr/bin/skopeo" "\$@"
WRAP
cat >"$bin/cosign" <<WRAP
#!/bin/sh
# cosign from Debian 13 (a static Go binary; see fetch-interop-tools.sh).
here=\$(cd "\$(dirname "\$0")/.." && pwd)
exec "\$here/rootfs/usr/bin/cosign" "\$@"
WRAP
chmod +x "$bin/skopeo" "$bin/cosign"
"$bin/skopeo" --version
"$bin/cosign" version 2>&1 | grep -i gitversion || "$bin/cosign" version
