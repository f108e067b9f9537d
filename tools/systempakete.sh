#!/usr/bin/env bash
# Debian packages the tests drive for real: LibreOffice Calc (the Excel round trip saves a
# workbook through it) and Chromium (the site's browser tests; Playwright never downloads a
# browser). Installs what is missing with apt-get (as root, else through sudo); does nothing
# when both are there. Used by the README's test command and by .ci/run.
set -euo pipefail
missing=()
command -v soffice > /dev/null 2>&1 || missing+=(libreoffice-calc)
command -v chromium > /dev/null 2>&1 || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo > /dev/null 2>&1; then
  sudo=(sudo)
else
  echo "Für die Tests fehlen ${missing[*]}; bitte als root installieren: apt-get install ${missing[*]}" >&2
  exit 2
fi
echo "Installiere ${missing[*]} (apt-get) …" >&2
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
  "${missing[@]}" > /dev/null \
  || { echo "${missing[*]} ließ sich nicht installieren (apt-get)" >&2; exit 2; }
