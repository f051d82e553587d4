#!/usr/bin/env python3
"""How far an image is from each of several references.

Prints one JSON list: for each REFERENCE, the mean absolute difference of
its grey levels (0-255) from IMAGE, after scaling the reference to IMAGE's
size. Used to tell which of two renders a printed page is (a ticket with
its REPRINT mark, or without it) when the printed PDF's text can no longer
be extracted: cups-pdf's Ghostscript drops the font's Unicode map.

Usage: compare_images.py IMAGE REFERENCE...
"""

import json
import sys

from PIL import Image, ImageChops, ImageStat


def main() -> None:
    image = Image.open(sys.argv[1]).convert("L")
    out = []
    for ref in sys.argv[2:]:
        other = Image.open(ref).convert("L").resize(image.size)
        out.append(ImageStat.Stat(ImageChops.difference(image, other)).mean[0])
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
