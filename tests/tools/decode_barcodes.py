#!/usr/bin/env python3
"""Decode every barcode in the given images with zxing-cpp.

Prints one JSON object on stdout, mapping each image path to the list of
symbols found in it: [{"format": "EAN13", "text": "4601234500118"}, ...].

tests/tickets_pdf.rs uses this as a decoder independent of the crates that
encode the tickets' barcodes (barcoders, qrcode, rxing). Text is returned as
the symbol carries it (ECI-aware), with no GS1/HRI rewriting.

Images are decoded at the resolution they were rasterized at: zxing-cpp's
extra pass over downscaled copies is off. Halving a 300 dpi raster gives
150 dpi, below the 203 dpi the tickets are laid out for, where a 0.375 mm
module spans 2.2 pixels; on such copies zxing-cpp has been seen to accept a
second, wrong Code 128 reading (two substitutions that cancel in the mod-103
check) beside the right one.

Usage: decode_barcodes.py IMAGE...
"""

import json
import sys

try:
    import zxingcpp
    from PIL import Image
except ImportError as e:  # pragma: no cover - reported to the Rust test
    sys.stderr.write(
        f"missing Python module: {e.name}; run ./dev setup "
        "(python3 -m venv tests/.venv && tests/.venv/bin/pip install -r tests/requirements.txt)\n"
    )
    sys.exit(3)


def decode(path):
    with Image.open(path) as image:
        grey = image.convert("L")
    found = zxingcpp.read_barcodes(
        grey, text_mode=zxingcpp.TextMode.Plain, try_downscale=False
    )
    return [
        {"format": b.format.name, "text": b.text}
        for b in found
        if b.valid
    ]


def main(paths):
    if not paths:
        sys.stderr.write(__doc__)
        return 2
    result = {p: decode(p) for p in paths}
    json.dump(result, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
