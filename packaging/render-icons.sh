#!/usr/bin/env bash
# Renders resources/tensorlens.svg into the icon files the app and the installers use, and commits
# nothing by itself: the renderings are source art, re-run this only when the SVG changes.
# Needs ImageMagick's `convert` (its built-in SVG renderer is enough for the plain shapes in the SVG)
# and python3 for the ICNS file.
set -euo pipefail
cd "$(dirname "$0")/.."
svg=resources/tensorlens.svg
for size in 16 32 48 64 128 256 512; do
  # Rendered from the vector at each size (density scales the 256-unit viewBox), not scaled down
  # from one big bitmap: small sizes stay sharper.
  density=$(( 96 * size / 256 * 2 ))
  convert -background none -density "$density" "$svg" -resize "${size}x${size}" \
          -define png:exclude-chunks=date,time "PNG32:resources/tensorlens-$size.png"
done
# Windows: one .ico with the sizes Explorer and the taskbar pick from.
convert resources/tensorlens-{16,32,48,64,128,256}.png resources/tensorlens.ico
# macOS: ICNS assembled from the PNGs (ImageMagick cannot write ICNS).
python3 packaging/macos/make-icns.py resources/tensorlens.icns \
        ic07=resources/tensorlens-128.png ic08=resources/tensorlens-256.png ic09=resources/tensorlens-512.png
# The Linux installer uses the 256 PNG.
cp resources/tensorlens-256.png packaging/linux/Tensorlens.png
# the window's icons, every size the desktops ask for, so none is scaled when the window opens
for size in 16 32 48 64 128 256; do
    cp "resources/tensorlens-$size.png" "src/main/resources/dev/tensorlens/ui/shell/tensorlens-$size.png"
done
