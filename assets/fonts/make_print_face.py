"""Makes assets/fonts/DejaVuSans-Print.ttf, the face tickets embed, from
DejaVu Sans 2.37 (DejaVuSans.ttf of the dejavu-fonts release, or Debian's
fonts-dejavu-core).

    python3 -m pip install fonttools==4.55.3
    python3 assets/fonts/make_print_face.py /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf

What it removes is what a PDF ticket never uses: the TrueType hinting (glyph
instructions and the cvt, fpgm and prep programs: PDF viewers and the CUPS
rasterisers draw unhinted outlines), the shaping and kerning tables (layout
sets each character at its advance), glyph names (a PDF addresses glyphs by
number) and the Mac name records (a copy of the Windows ones). Outlines,
advances, metrics and the character map are untouched, so tickets look the
same; every embedded subset is about half the size.

The name table keeps the copyright, trademark and licence records: the
Bitstream Vera licence asks that they travel with every copy, subset or not,
and that a modified face not be named Bitstream or Vera (this one keeps the
DejaVu names). LICENSE-DejaVu.txt is the licence in full.
"""

import sys

from fontTools.ttLib import TTFont

DROP = ["cvt ", "fpgm", "prep", "gasp", "hdmx", "LTSH", "VDMX", "kern",
        "GPOS", "GSUB", "GDEF", "MATH", "FFTM"]


def main(source: str, target: str) -> None:
    font = TTFont(source)
    for tag in DROP:
        if tag in font:
            del font[tag]
    glyf = font["glyf"]
    for name in font.getGlyphOrder():
        glyf[name].removeHinting()
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                  "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions"):
        setattr(font["maxp"], field, 0)
    font["post"].formatType = 3.0
    name = font["name"]
    name.names = [n for n in name.names if n.platformID == 3]
    font.save(target)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "assets/fonts/DejaVuSans-Print.ttf")
