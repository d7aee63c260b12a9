#!/usr/bin/python3
"""Writes src/FactCheck.Api/Fetching/host-folding.tsv: every character that IDNA's UTS #46 mapping (approximated by
NFKC case folding) turns into ASCII letters, digits, '.' or '-', so the SSRF guard sees "１２７。０。０。１" and
"ⓛⓞⓒⓐⓛⓗⓞⓢⓣ" as the 127.0.0.1 and localhost they are. The service runs with invariant globalization, where .NET's
IdnMapping only punycode-encodes and maps nothing.

    /usr/bin/python3 tools/unicode/host_folding.py
"""
import os
import re
import sys
import unicodedata

path = sys.argv[1] if len(sys.argv) > 1 else os.path.join("src", "FactCheck.Api", "Fetching", "host-folding.tsv")
ascii_host = re.compile(r"^[a-z0-9.\-]+$")
lines = [f"# unicodedata {unicodedata.unidata_version}: NFKC case folding of characters that fold to host ASCII; plus IDNA's dots"]
dots = {0x3002, 0xFF0E, 0xFF61}
for cp in range(0x80, 0x110000):
    if 0xD800 <= cp <= 0xDFFF:
        continue
    ch = chr(cp)
    folded = "." if cp in dots else unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", ch).casefold())
    if folded != ch and ascii_host.match(folded):
        lines.append(f"{cp:X}\t{folded}")
with open(path, "w", encoding="utf-8") as f:
    f.write("\n".join(lines) + "\n")
print(f"wrote {path}: {len(lines) - 1} characters")
