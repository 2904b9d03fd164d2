#!/usr/bin/env bash
# Fetches the free game-music Debian packages listed in debian-music-inventory.tsv and unpacks their
# music files into a cache outside the repository (nothing is installed, nothing is committed).
#
#   scripts/fetch-debian-music.sh [train|eval|all]
#
#   train  packages the audio encoder may learn from (default): the inventory's and the extra list below
#   eval   packages reserved for evaluation on unseen music: hyperrogue-music, openclonk-data,
#          singularity-music (their music files only); never pass these to training
#
# Layout: $MUSICREC_HOME/music/{train,eval}/<package>/...   (MUSICREC_HOME defaults to ~/.musicrec)
set -euo pipefail

split="${1:-train}"
here="$(cd "$(dirname "$0")/.." && pwd)"
inventory="${MUSICREC_INVENTORY:-$here/../shared/data/audio-clips/debian-music-inventory.tsv}"
cache="${MUSICREC_HOME:-$HOME/.musicrec}/music"
reserved=(hyperrogue-music openclonk-data singularity-music)
is_reserved() { local p; for p in "${reserved[@]}"; do [[ "$p" == "$1" ]] && return 0; done; return 1; }
# More free game music from Debian beyond the inventory, for training only: 108 inventory tracks taught the audio
# encoder what they could (docs/audio.md); these add ~250 tracks of other composers and styles (chiptune, rock,
# ambient, orchestral). Set MUSICREC_EXTRA_MUSIC=0 to fetch the inventory's packages only.
# Their sound effects and speech are left out: only files under a path that names music are kept.
extra_train=(supertux-data hedgewars-data flare-game lincity-ng-data naev-data megaglest-data freedroidrpg-data
             widelands-data)
is_extra() { local p; for p in "${extra_train[@]}"; do [[ "$p" == "$1" ]] && return 0; done; return 1; }

train_packages=()
if [[ -f "$inventory" ]]; then
  while IFS= read -r pkg; do
    is_reserved "$pkg" || train_packages+=("$pkg")
  done < <(tail -n +2 "$inventory" | cut -f1 | sort -u)
  [[ "${MUSICREC_EXTRA_MUSIC:-1}" == 0 ]] || train_packages+=("${extra_train[@]}")
else
  echo "inventory not found at $inventory; using the built-in package list" >&2
  train_packages=(asc-music drascula-music extremetuxracer-data fb-music-high frozen-bubble-data
                  warzone2100-music wesnoth-1.16-music)
  [[ "${MUSICREC_EXTRA_MUSIC:-1}" == 0 ]] || train_packages+=("${extra_train[@]}")
fi

case "$split" in
  train) jobs=("${train_packages[@]/#/train:}") ;;
  eval)  jobs=("${reserved[@]/#/eval:}") ;;
  all)   jobs=("${train_packages[@]/#/train:}" "${reserved[@]/#/eval:}") ;;
  *) echo "usage: $0 [train|eval|all]" >&2; exit 2 ;;
esac

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for job in "${jobs[@]}"; do
  dest="$cache/${job%%:*}/${job#*:}"
  pkg="${job#*:}"
  if [[ -f "$dest/.done" ]]; then echo "$pkg: cached in $dest"; continue; fi
  echo "$pkg: downloading"
  (cd "$work" && apt-get download "$pkg" >/dev/null 2>&1) \
    || { echo "$pkg: apt-get download failed (run apt-get update?)" >&2; continue; }
  rm -rf "$dest" "$work/root" && mkdir -p "$dest" "$work/root"
  dpkg -x "$work/$pkg"_*.deb "$work/root"
  # keep only audio files, flattened under the package directory (for the extra packages: music only)
  # the extra training packages and the evaluation packages hold sound effects too (hyperrogue's jingles): keep music
  music_only=(); { is_extra "$pkg" || is_reserved "$pkg"; } && music_only=(-ipath '*music*')
  find "$work/root" -type f "${music_only[@]}" \( -iname '*.ogg' -o -iname '*.opus' -o -iname '*.mp3' -o -iname '*.flac' \
       -o -iname '*.wav' -o -iname '*.m4a' \) -size +100k -print0 |
    while IFS= read -r -d '' f; do
      rel="${f#"$work/root/"}"; cp "$f" "$dest/${rel//\//_}"
    done
  rm -rf "$work/root" "$work/$pkg"_*.deb
  touch "$dest/.done"
  echo "$pkg: $(find "$dest" -type f ! -name .done | wc -l) files in $dest"
done
