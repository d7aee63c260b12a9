#!/usr/bin/python3
"""Writes the character table the C# WordPiece tokenizer uses in place of Python's lower() + NFD + accent stripping
(the service runs with invariant globalization, where string.Normalize leaves non-ASCII text as it is).

    /usr/bin/python3 tools/crossencoder/normalization.py

Each line: a code point (hex) TAB what BERT's basic tokenizer turns it into (hex code points, space-separated;
empty when it disappears). ASCII and the Hangul syllables (decomposed by formula in C#) are left out.
"""
import os
import sys
import unicodedata

path = sys.argv[1] if len(sys.argv) > 1 else os.path.join("src", "FactCheck.Analysis", "Evidence", "Models", "wordpiece-normalization.tsv")
lines = [f"# unicodedata {unicodedata.unidata_version}: lower(), NFD, combining marks (Mn) removed"]
for cp in range(0x80, 0x110000):
    if 0xD800 <= cp <= 0xDFFF or 0xAC00 <= cp <= 0xD7A3:
        continue
    ch = chr(cp)
    out = "".join(c for c in unicodedata.normalize("NFD", ch.lower()) if unicodedata.category(c) != "Mn")
    if out != ch:
        lines.append(f"{cp:X}\t{' '.join(f'{ord(c):X}' for c in out)}")
with open(path, "w", encoding="utf-8") as f:
    f.write("\n".join(lines) + "\n")
print(f"wrote {path}: {len(lines) - 1} characters")
