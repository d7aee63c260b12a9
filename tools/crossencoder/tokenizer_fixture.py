#!/usr/bin/python3
"""Writes tests/FactCheck.Analysis.Tests/Fixtures/wordpiece-cases.json: texts and the token ids bert.py's tokenizer
gives them, which the C# WordPieceTokenizer must reproduce (the cross-encoder was trained on these ids).

    /usr/bin/python3 tools/crossencoder/tokenizer_fixture.py [--vocab .data/crossencoder/base/vocab.txt]
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bert import WordPiece  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--vocab", default=os.path.join(".data", "crossencoder", "base", "vocab.txt"))
ap.add_argument("--data", default=os.path.join("..", "shared", "data"))
ap.add_argument("--out", default=os.path.join("tests", "FactCheck.Analysis.Tests", "Fixtures", "wordpiece-cases.json"))
args = ap.parse_args()
tok = WordPiece(args.vocab)
texts = [
    "El Niño drove “record” highs", "Café owners say El Niño\u00adwarmed waters — naïvely — drove record highs.",
    "Ångström, façade, coöperate, Zürich, São Paulo, Łódź, İstanbul", "ΟΔΥΣΣΕΥΣ and Ελλάδα", "Москва заявила 12 июня",
    "北京市 said 東京 grew", "서울 population", "emoji 🔥🔥 fire 👍🏽 ok", "a\u2028line\u2029para\tand\r\nnew", "x\u200by zero-width",
    "supercalifragilisticexpialidocious" * 4, "U.S. GDP rose 2.5% in Q3 ($4.5bn)", "[1] cited [2, 3] (Source 4)", "tab\x0bvt\x0cff\x1cfs",
    "ﬁnance ﬂow ½ ² ℃ Ⅻ", "can't won't it’s", "",
]
with open(os.path.join(args.data, "verification", "climate-fever-dev.jsonl"), encoding="utf-8") as f:
    rows = [json.loads(line) for line in f][:150]
texts += [r["claim"] for r in rows] + [r["evidences"][0]["evidence"] for r in rows]
cases = [{"text": t, "ids": tok.encode(t)} for t in texts]
with open(args.out, "w", encoding="utf-8") as f:
    json.dump(cases, f, ensure_ascii=False, indent=0)
print(f"wrote {args.out}: {len(cases)} texts")
