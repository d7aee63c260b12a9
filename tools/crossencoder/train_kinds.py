#!/usr/bin/python3
"""Continues the shipped cross-encoder on made pairs of the kinds the news verdicts still fail (issue 28), from the
licensed pairs train_nli.py reads (FEVER train sample, VitaminC, MultiNLI: supported claims with their evidence), mixed
with a replay of the NLI stream:

- roles:    two names of the claim that the evidence also names, swapped in the claim -> refutes ("Kelmar beat Dorsa"
            against "Dorsa beat Kelmar"); not when only "and" or a comma stands between them (a symmetric list);
- negation: the evidence's first "is / was / has / had / did / will / can" after the claim's words made negative
            ("was not", "did not") -> refutes (skipped when the evidence already negates);
- vague:    (--vague) the claim's count put in a vague word in the evidence ("several men" for "three men") -> neutral;
- bounds:   a number of the claim that the evidence states (not a year) given with a bound or rounding word: "more
            than K" / "fewer than K" / "nearly K" / "about K", labelled by whether the evidence's number meets it;
- modal:    (--modal) the evidence's verb hedged ("was" -> "may have been", "will" -> "might") -> neutral: a source
            that says something may be so does not make it a fact.

Claims that train_nli.py holds out for its pair figures (2,000 FEVER claims, 600 VitaminC claims) are not used.

    /usr/bin/python3 tools/crossencoder/train_kinds.py train [--steps N]   # resumable under --work
    /usr/bin/python3 tools/crossencoder/train_kinds.py export --out DIR    # crossencoder.onnx + manifest, int8
"""
import argparse
import json
import os
import random
import re
import sys
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import torch  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import finetune_news  # noqa: E402
import train_nli  # noqa: E402

AUX = re.compile(r"(?<!\bthere )\b(is|was|are|were|did|does|will|can|could)(?= [a-z])(?! not\b| never\b| no\b)")
NEGATED = re.compile(r"\b(not|never|no|n't|neither|nor|without)\b", re.I)
# A count: a whole number followed by a word in lower case ("43 reviews"), not part of a date, a name or an amount.
WHOLE = re.compile(r"(?<![\w.,/$£€-])(\d{1,3}(?:,\d{3})+|\d+)(?= [a-z])")
MONTH_BEFORE = re.compile(r"(" + "|".join(train_nli.MONTHS) + r")\s*$")


BALANCED = False
VAGUE_PAIRS = False
UNRELATED_PAIRS = False
MODAL_PAIRS = False


def log(*args):
    print(time.strftime("%H:%M:%S"), *args, flush=True)


def whole_name(text, m):
    """A name standing alone: no letter, hyphen or full stop joined to it, no capitalised word right after it."""
    before, after = text[:m.start()], text[m.end():]
    return (not before or before[-1] in " (\"'") and not after.startswith(("-", ".", " " + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[0:0])) \
        and not re.match(r"\s+[A-Z]", after) and not re.search(r"[A-Z][a-z]*\s+$", before)


def roles(claim, evidence, rng):
    names = [m for m in train_nli.NAME.finditer(claim) if m.group(1) in evidence and m.group(1) not in train_nli.MONTHS + train_nli.WEEKDAYS
             and whole_name(claim, m) and len(m.group(1)) > 3]
    pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1:] if a.group(1) != b.group(1) and a.end() < b.start()]
    pairs = [(a, b) for a, b in pairs if claim[a.end():b.start()].strip(" ,") not in ("", "and", "or", "&")
             and a.group(1) not in b.group(1) and b.group(1) not in a.group(1)]
    if not pairs:
        return None
    a, b = rng.choice(pairs)
    return claim[:a.start()] + b.group(1) + claim[a.end():b.start()] + a.group(1) + claim[b.end():]


def negation(claim, evidence):
    if NEGATED.search(evidence) or NEGATED.search(claim):
        return None
    words = set(re.findall(r"[a-z]{4,}", claim.lower()))
    sentences = [s for s in train_nli.SENTENCE.split(evidence.strip()) if s]
    best = max(range(len(sentences)), key=lambda i: len(words & set(re.findall(r"[a-z]{4,}", sentences[i].lower()))))
    m = AUX.search(sentences[best])
    # The negated verb must be the claim's: "It is used to treat ..." for "Ativan is used to ...", not "X is a British
    # actress" for a claim about her name.
    following = re.match(r" ([a-z]+)", sentences[best][m.end():]) if m else None
    if not following or len(following.group(1)) < 4 or following.group(1) not in claim.lower():
        return None
    sentences[best] = sentences[best][:m.end()] + " not" + sentences[best][m.end():]
    return " ".join(sentences)


HEDGED = {"is": "may be", "are": "may be", "was": "may have been", "were": "may have been", "will": "might", "can": "may be able to"}


def modal(claim, evidence):
    """The evidence with the claim's verb hedged: the sentence sharing most words with the claim, its first "is / was /
    are / were / will / can" before a word of the claim put as a possibility ("Ativan may be used to treat ..." for "Ativan
    is used to treat ...") -> neutral. Not where either already hedges or negates."""
    if NEGATED.search(evidence) or NEGATED.search(claim) or HEDGE_WORD.search(evidence) or HEDGE_WORD.search(claim):
        return None
    words = set(re.findall(r"[a-z]{4,}", claim.lower()))
    sentences = [s for s in train_nli.SENTENCE.split(evidence.strip()) if s]
    best = max(range(len(sentences)), key=lambda i: len(words & set(re.findall(r"[a-z]{4,}", sentences[i].lower()))))
    m = AUX.search(sentences[best])
    if not m or m.group(1) not in HEDGED:
        return None
    following = re.match(r" ([a-z]+)", sentences[best][m.end():])
    if not following or len(following.group(1)) < 4 or following.group(1) not in claim.lower():
        return None
    sentences[best] = sentences[best][:m.start()] + HEDGED[m.group(1)] + sentences[best][m.end():]
    return " ".join(sentences)


HEDGE_WORD = re.compile(r"\b(may|might|could|possibly|perhaps|probably|likely|reportedly|allegedly)\b", re.I)


def held_out_claims(data, seed=13):
    """The claims train_nli.py holds out for its pair figures (its seed: 13), so that no made pair is built on them."""
    fever = train_nli.read(data, "fever-train-sample.jsonl.gz")
    random.Random(seed).shuffle(fever)
    claims = sorted({r["claim"] for r in train_nli.read(data, "vitaminc.jsonl.gz")})
    random.Random(seed + 1).shuffle(claims)
    return {r["claim"] for r in fever[:2000]} | set(claims[:600])


def nice_below(v, rng):
    for step in (1000, 100, 10, 5, 1):
        if v > 2 * step:
            k = (v // step) * step
            k = k if k < v else k - step
            return k if k > 0 else None
    return None


def bounds(claim, evidence, rng):
    options = [m for m in WHOLE.finditer(claim) if re.search(r"(?<![\d,.])" + re.escape(m.group(1)) + r"(?![\d,]\d)", evidence)
               and not MONTH_BEFORE.search(claim[:m.start(1)])]
    options = [m for m in options if not (1000 <= int(m.group(1).replace(",", "")) <= 2100 and "," not in m.group(1))]
    options = [m for m in options if int(m.group(1).replace(",", "")) >= 10]
    if not options:
        return None
    m = rng.choice(options)
    v = int(m.group(1).replace(",", ""))
    fmt = (lambda x: f"{x:,}") if "," in m.group(1) else str
    kind = rng.random()
    below = nice_below(v, rng)
    above = v + max(1, round(v * rng.choice([0.05, 0.1, 0.2])))
    if kind < 0.3 and below:
        text, label = f"more than {fmt(below)}", "supports"
    elif kind < 0.5:
        text, label = f"more than {fmt(above)}", "refutes"
    elif kind < 0.65:
        text, label = f"fewer than {fmt(above)}", "supports"
    elif kind < 0.8 and below:
        text, label = f"fewer than {fmt(below)}", "refutes"
    elif kind < 0.9:
        near = v + max(1, round(v * 0.03))
        text, label = f"nearly {fmt(near)}", "supports"
    elif below:
        text, label = f"nearly {fmt(below)}", "refutes"
    else:
        return None
    before = claim[:m.start(1)]
    if re.search(r"(more|fewer|less|nearly|about|almost|over|under|than|around|some|top|of|the|round|No\.)\s*$", before, re.I):
        return None
    return claim[:m.start(1)] + text + claim[m.end(1):], label


VAGUE = ["several", "a number of", "dozens of", "many", "some", "a handful of", "scores of"]


def vague(claim, evidence, rng):
    """The evidence with the claim's count put in a vague word ("several men" for "three men"): it no longer settles the
    count, nor contradicts it -> neutral."""
    options = [m for m in WHOLE.finditer(claim) if not (1000 <= int(m.group(1).replace(",", "")) <= 2100 and "," not in m.group(1))
               and not MONTH_BEFORE.search(claim[:m.start(1)])]
    for m in options:
        # A count of things: "28 critics", "three men" (a plural word after it), not "Grudge 2", "top 20", "100 million".
        e = re.search(r"(?<![\w.,/$£€-])" + re.escape(m.group(1)) + r"(?= (?!million|billion|thousand|hundred|percent)[a-z]+s\b)", evidence)
        if (e and not MONTH_BEFORE.search(evidence[:e.start()]) and len(re.findall(re.escape(m.group(1)), evidence)) == 1
                and not re.search(r"(\b(top|of|than|over|under|about|nearly|almost|around|some|the)|[A-Z][a-z]*)\s*$", evidence[:e.start()])):
            return evidence[:e.start()] + rng.choice(VAGUE) + evidence[e.end():]
    return None


def unrelated(claim, rows, rng):
    """Evidence of another row that shares no name and no word of five letters or more with the claim: it says nothing
    about the claim, however its words read (a sentence on a football transfer against one on sea ice) -> neutral."""
    words = set(re.findall(r"[a-z]{5,}", claim.lower()))
    for _ in range(5):
        e = " ".join(rng.choice(rows)["evidence"].split())
        if not words & set(re.findall(r"[a-z]{5,}", e.lower())):
            return e
    return None


def made_pairs(data, seed, per_kind):
    rng = random.Random(seed)
    rows = []
    for name in ("fever-train-sample.jsonl.gz", "vitaminc.jsonl.gz", "mnli-partial.jsonl.gz"):
        rows += [r for r in train_nli.read(data, name) if r["label"] == "supports"]
    rng.shuffle(rows)
    held = held_out_claims(data)
    skipped = len(rows)
    rows = [r for r in rows if r["claim"] not in held]
    log(f"made pairs: {skipped - len(rows)} supported rows skipped (their claims are held out for the pair figures)")
    # The unrelated pairs draw on their own generator, so that adding them leaves the other kinds' pairs as they were.
    other = random.Random(seed + 11)
    hedging = random.Random(seed + 17)
    out = {"roles": [], "negation": [], "bounds": []} | ({"vague": []} if VAGUE_PAIRS else {}) | ({"unrelated": []} if UNRELATED_PAIRS else {}) \
        | ({"modal": []} if MODAL_PAIRS else {})
    for r in rows:
        c, e = " ".join(r["claim"].split()), " ".join(r["evidence"].split())
        if len(out["roles"]) < per_kind and (x := roles(c, e, rng)):
            out["roles"].append({"claim": x, "evidence": e, "label": "refutes"})
            out["roles"].append({"claim": c, "evidence": e, "label": "supports"})
        if len(out["negation"]) < per_kind and rng.random() < 0.3 and (x := negation(c, e)):
            out["negation"].append({"claim": c, "evidence": x, "label": "refutes"})
            if BALANCED:  # and the pair it came from, as roles does: the negation decides, not the sentence
                out["negation"].append({"claim": c, "evidence": e, "label": "supports"})
        if VAGUE_PAIRS and len(out["vague"]) < per_kind and (x := vague(c, e, rng)):
            out["vague"].append({"claim": c, "evidence": x, "label": "neutral"})
        if UNRELATED_PAIRS and len(out["unrelated"]) < per_kind // 2 and other.random() < 0.1 and (x := unrelated(c, rows, other)):
            out["unrelated"].append({"claim": c, "evidence": x, "label": "neutral"})
        if MODAL_PAIRS and len(out["modal"]) < per_kind // 2 and hedging.random() < 0.3 and (x := modal(c, e)):
            out["modal"].append({"claim": c, "evidence": x, "label": "neutral"})
        if len(out["bounds"]) < per_kind and (x := bounds(c, e, rng)):
            out["bounds"].append({"claim": x[0], "evidence": e, "label": x[1]})
    return out


def train(args):
    work = args.work
    os.makedirs(work, exist_ok=True)
    made = made_pairs(args.data, args.seed, args.per_kind)
    log("made: " + ", ".join(f"{k} {len(v)}" for k, v in made.items()))
    with open(os.path.join(work, "made-sample.jsonl"), "w", encoding="utf-8") as f:
        for k, v in made.items():
            for r in v[:20]:
                f.write(json.dumps(dict(r, kind=k)) + "\n")
    with open(os.path.join(work, "made-counts.json"), "w", encoding="utf-8") as f:
        json.dump({k: len(v) for k, v in made.items()}, f)
    rows = [r for v in made.values() for r in v]
    # The made pairs once, the stream replayed at --replay rows per made row.
    finetune_news.train_fold(args, work, rows, [], rows, [])


def provenance(args, ck, shipped):
    a = ck["args"]
    with open(os.path.join(args.work, "made-counts.json"), encoding="utf-8") as f:
        counts = json.load(f)
    # The weights the run continued, from its own checkpoint: not the manifest in the models folder, which may be
    # another export's by now.
    init_steps = torch.load(a.get("init_checkpoint", args.init_checkpoint), map_location="cpu")["step"]
    return {
        "command": "/usr/bin/python3 tools/crossencoder/train_kinds.py train " + " ".join(
            f"--{k.replace('_', '-')} {a[k]}" for k in ("seed", "per_kind", "batch", "lr", "replay"))
            + (" --balanced" if a.get("balanced") else "") + (" --vague" if a.get("vague") else "")
            + (" --unrelated" if a.get("unrelated") else "") + (" --modal" if a.get("modal") else ""),
        "exportCommand": "/usr/bin/python3 tools/crossencoder/train_kinds.py " + " ".join(sys.argv[1:]),
        "steps": init_steps + ck["step"],
        "continued": {"from": f"{a.get('init_checkpoint', args.init_checkpoint)} ({args.from_version})", "steps": ck["step"], "madeRows": counts, "replayedRows": ck["replayed"],
                      "data": "pairs made from the supported rows of the FEVER train sample, VitaminC and MultiNLI (licences "
                              "below): two names of the claim swapped -> refutes (with the original -> supports), the "
                              "evidence's verb negated -> refutes (with --balanced also the original -> supports), a count given with a "
                              "bound word -> by whether it holds, (--vague) the source's count put in a vague word -> neutral, "
                              "(--unrelated) another row's evidence sharing no word with the claim -> neutral, "
                              "(--modal) the evidence's verb hedged -> neutral; no pair on a claim held out for the pair figures; "
                              "and a replay of the NLI stream (train_kinds.py)"},
    }


def export(args):
    finetune_news.export_dir(args, args.work, args.out, args.version, measure=args.measure, fixture_path=args.fixture or None,
                             provenance=provenance)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("command", choices=["train", "export"])
    ap.add_argument("--data", default=os.path.join("..", "shared", "data"))
    ap.add_argument("--work", default=os.path.join(".data", "kinds"))
    ap.add_argument("--work-base", default=os.path.join(".data", "crossencoder"))
    ap.add_argument("--nli-work", default=os.path.join(".data", "nli-e"))
    ap.add_argument("--init-checkpoint", default=os.path.join(".data", "nli-e", "checkpoint-7000.pt"))
    ap.add_argument("--from-version", default="xenc-2026.12.07c-nli", help="export: the version of --init-checkpoint's weights")
    ap.add_argument("--models", default=os.path.join("src", "FactCheck.Analysis", "Evidence", "Models"))
    ap.add_argument("--out", default=os.path.join(".data", "kinds", "model"))
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--per-kind", type=int, default=2500)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=2e-5)
    ap.add_argument("--replay", type=float, default=1.5)
    ap.add_argument("--max-len", type=int, default=128)
    ap.add_argument("--every", type=int, default=100)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--fixture", default="", help="export: also write the C# test fixture here (the shipped model's)")
    ap.add_argument("--measure", action="store_true", help="export: the pair-level figures of the checkpoint (train_nli.py's) into the manifest")
    ap.add_argument("--vague", action="store_true", help="also the claim's count put in a vague word in the evidence (neutral)")
    ap.add_argument("--unrelated", action="store_true", help="also claims against another row's evidence that shares no word with them (neutral)")
    ap.add_argument("--modal", action="store_true", help="also the evidence's verb hedged, 'was' -> 'may have been' (neutral)")
    ap.add_argument("--balanced", action="store_true", help="negated evidence beside its original (supports)")
    ap.add_argument("--version", default="xenc-" + time.strftime("%Y.%m.%d") + "-kinds")
    args = ap.parse_args()
    train_nli.EVIDENTIAL_SHARE = 0.4
    global BALANCED, VAGUE_PAIRS, UNRELATED_PAIRS, MODAL_PAIRS
    BALANCED, VAGUE_PAIRS, UNRELATED_PAIRS, MODAL_PAIRS = args.balanced, args.vague, args.unrelated, args.modal
    torch.set_num_threads(args.threads)
    {"train": train, "export": export}[args.command](args)


if __name__ == "__main__":
    main()
