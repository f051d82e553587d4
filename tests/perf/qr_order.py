#!/usr/bin/env python3
"""Writes an order document of N QR tickets, for the whole-process render
figures in docs/benchmarks.md.

The order is tests/stocks/order.json's (an Afisha order in Moscow, roubles,
Cyrillic names) with N seated tickets, each with its own QR code carrying
Cyrillic text (ECI UTF-8), as a cinema's QR tickets do.

Usage: qr_order.py N OUT.json
"""

import copy
import json
import pathlib
import sys


def main() -> None:
    n, out = int(sys.argv[1]), sys.argv[2]
    root = pathlib.Path(__file__).resolve().parents[2]
    doc = json.loads((root / "tests/stocks/order.json").read_text(encoding="utf-8"))
    template = doc["order"]["tickets"][0]
    tickets = []
    for i in range(n):
        row, place = i // 30 + 1, i % 30 + 1
        t = copy.deepcopy(template)
        t["id"] = f"AF-B-{i}"
        t["seat"].update(id=f"seat-{row}-{place}", row=str(row), place=str(place))
        t["barcode"] = {"value": f"AF-B-{i}|Ряд {row}|Место {place}", "symbology": "QR_CODE"}
        tickets.append(t)
    doc["order"]["tickets"] = tickets
    pathlib.Path(out).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
