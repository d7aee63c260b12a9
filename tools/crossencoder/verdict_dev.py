#!/usr/bin/python3
"""Chooses the verdict's class priors on the two development sets, after train.py.

    /usr/bin/python3 tools/crossencoder/verdict_dev.py            (from the repository root, after train.py)

The verdict model (train.py, fitted on Climate-FEVER only) reads a claim's per-source stances. Claims that reach
fact-checkers are mostly false (AVeriTeC: 57% refuted), Climate-FEVER's mostly not, so the model's class priors
decide a good share of verdicts. This script measures the verdict on both development sets: Climate-FEVER (its
out-of-fold stance logits from train.py) and AVeriTeC train (each question-answer pair as a source, scored by the
shipped weights: CC BY-NC 4.0, measured and used to choose these four numbers, never trained on). It picks one
shift of the verdict logits per class by grid search, maximising the mean over both sets of accuracy + macro-F1
(four classes), reports it out of fold (five folds by claim on each set: chosen on four, measured on the fifth),
and writes the shift chosen on all claims into crossencoder.json ("verdict.priorShift").
"""
import argparse
import itertools
import json
import os
import random
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train import CF_CLAIM, VERDICTS, apply_softmax, claim_features, read_climate_fever, softmax  # noqa: E402

AV_LABELS = {"Supported": 0, "Refuted": 1, "Not Enough Evidence": 2, "Conflicting Evidence/Cherrypicking": 3}
GRID = np.arange(-2.0, 2.01, 0.25)


def fast_f1s(gold, pred):
    tp = np.bincount(gold[gold == pred], minlength=4)
    fp = np.bincount(pred, minlength=4) - tp
    fn = np.bincount(gold, minlength=4) - tp
    return np.where(tp == 0, 0.0, 2 * tp / np.maximum(2 * tp + fp + fn, 1))


def score(gold, pred):
    gold, pred = np.asarray(gold), np.asarray(pred)
    f = fast_f1s(gold, pred)
    return {"accuracy": float(np.mean(gold == pred)), "macroF1": float(f.mean()), "f1": [round(float(v), 4) for v in f]}


LEAN = 0.3


def verdict_logits(manifest, by_claim, mask=True):
    """The verdict model's logits, with the verdicts no source leans to masked out as the service does
    (VerdictAggregator.LeanScore): "supported" needs a source giving supports a probability of at least 0.3,
    "refuted" one giving refutes that much, "conflicting" a decisive source (argmax, >= 0.5) on each side; and no
    verdict goes against decisive evidence on one side only."""
    v = manifest["verdict"]
    z = np.array([apply_softmax(v, [claim_features(p)])[0] for p in by_claim])
    if not mask:
        return z
    for i, probs in enumerate(by_claim):
        p = np.asarray(probs)
        sup, ref = bool(np.any(p[:, 0] >= LEAN)), bool(np.any(p[:, 1] >= LEAN))
        decisive_sup = bool(np.any((p.argmax(1) == 0) & (p.max(1) >= 0.5)))
        decisive_ref = bool(np.any((p.argmax(1) == 1) & (p.max(1) >= 0.5)))
        if not sup or (decisive_ref and not decisive_sup):
            z[i, 0] = -1e9
        if not ref or (decisive_sup and not decisive_ref):
            z[i, 1] = -1e9
        if not (decisive_sup and decisive_ref):
            z[i, 3] = -1e9
    return z


def best_shift(sets, idx):
    """The shift (supported fixed at 0) maximising the mean over sets of accuracy + macro-F1 on the given claims."""
    best = None
    for d in itertools.product(GRID, GRID, GRID):
        shift = np.array([0.0, *d])
        total = 0.0
        for (logits, gold), ix in zip(sets, idx):
            pred = (logits[ix] + shift).argmax(1)
            g = gold[ix]
            total += float(np.mean(g == pred)) + float(fast_f1s(g, pred).mean())
        if best is None or total > best[0] + 1e-12:
            best = (total, shift)
    return best[1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join("..", "shared", "data"))
    ap.add_argument("--work", default=os.path.join(".data", "crossencoder"))
    ap.add_argument("--manifest", default=os.path.join("src", "FactCheck.Analysis", "Evidence", "Models", "crossencoder.json"))
    ap.add_argument("--write", action="store_true", help="store the chosen shift and the figures in the manifest")
    args = ap.parse_args()
    manifest = json.load(open(args.manifest, encoding="utf-8"))
    t = manifest["temperature"]

    cf = read_climate_fever(os.path.join(args.data, "verification", "climate-fever-dev.jsonl"))
    cf_logits = np.load(os.path.join(args.work, "climate-fever-oof-logits.npy"))
    cf_probs = softmax(cf_logits / t)
    by_claim, k = [], 0
    for r in cf:
        by_claim.append(cf_probs[k:k + len(r["evidences"])].tolist())
        k += len(r["evidences"])
    cf_set = (verdict_logits(manifest, by_claim), np.array([CF_CLAIM[r["claim_label"]] for r in cf]))
    cf_raw = verdict_logits(manifest, by_claim, mask=False)

    av = json.load(open(os.path.join(args.work, "averitec-answers.json"), encoding="utf-8"))
    av_probs = softmax(np.load(os.path.join(args.work, "averitec-answer-logits.npy")) / t)
    av_by_claim = [[] for _ in av["labels"]]
    for ci, p in zip(av["claim"], av_probs.tolist()):
        av_by_claim[ci].append(p)
    keep = [i for i, p in enumerate(av_by_claim) if p]
    av_set = (verdict_logits(manifest, [av_by_claim[i] for i in keep]), np.array([AV_LABELS[av["labels"][i]] for i in keep]))
    av_raw = verdict_logits(manifest, [av_by_claim[i] for i in keep], mask=False)
    sets = [cf_set, av_set]
    names = ["Climate-FEVER (out-of-fold stances)", "AVeriTeC train (measured only)"]

    figures = {"grid": [float(GRID[0]), float(GRID[-1]), 0.25]}
    for name, (logits, gold) in zip(names, sets):
        s = score(gold.tolist(), logits.argmax(1).tolist())
        figures[f"{name}, no shift"] = s
        print(f"{name}, no shift: accuracy {s['accuracy']:.4f}, macro-F1 (4) {s['macroF1']:.4f}, F1 {s['f1']}")

    folds = []
    for logits, gold in sets:
        order = list(range(len(gold)))
        random.Random(5).shuffle(order)
        fold_of = np.zeros(len(gold), dtype=int)
        for i, c in enumerate(order):
            fold_of[c] = i % 5
        folds.append(fold_of)
    oof = [np.zeros(len(g), dtype=int) for _, g in sets]
    for fold in range(5):
        shift = best_shift(sets, [np.where(f != fold)[0] for f in folds])
        for j, ((logits, _), f) in enumerate(zip(sets, folds)):
            te = np.where(f == fold)[0]
            oof[j][te] = (logits[te] + shift).argmax(1)
        print(f"fold {fold + 1}: shift {shift.tolist()}")
    for name, (_, gold), pred in zip(names, sets, oof):
        s = score(gold.tolist(), pred.tolist())
        figures[f"{name}, shift chosen out of fold"] = s
        print(f"{name}, shift chosen out of fold: accuracy {s['accuracy']:.4f}, macro-F1 (4) {s['macroF1']:.4f}, F1 {s['f1']}")
    shift = best_shift(sets, [np.arange(len(g)) for _, g in sets])
    figures["priorShift"] = shift.tolist()
    print(f"shift chosen on all claims: {dict(zip(VERDICTS, shift.tolist()))}")
    # Calibration after the shift: one temperature over both sets' shifted logits.
    from train import ece, fit_temperature  # noqa: E402
    # Fitted on the unmasked logits (the service's probabilities are over all four verdicts); the reliability table is
    # of what the service answers: the most probable verdict a source leans to, with its probability.
    g = np.concatenate([gold for _, gold in sets])
    temperature = fit_temperature(np.concatenate([cf_raw + shift, av_raw + shift]), g)
    p = softmax(np.concatenate([cf_raw + shift, av_raw + shift]) / temperature)
    chosen = np.concatenate([logits + shift for logits, _ in sets]).argmax(1)
    e, table = ece(p[np.arange(len(g)), chosen].tolist(), (chosen == g).tolist())
    figures["calibration"] = {"temperature": round(temperature, 3), "ece": round(e, 4), "table": table}
    print(f"verdict temperature after the shift {temperature:.2f}: ECE {e:.4f} over both sets")
    if args.write:
        manifest["verdict"]["priorShift"] = shift.tolist()
        manifest["verdict"]["temperature"] = round(temperature, 4)
        manifest["provenance"]["figures"]["verdict_prior_shift"] = figures
        manifest["provenance"]["priorShiftCommand"] = "/usr/bin/python3 tools/crossencoder/verdict_dev.py --write"
        with open(args.manifest, "w", encoding="utf-8") as f:
            json.dump(manifest, f, indent=1)
            f.write("\n")
        print(f"wrote the shift into {args.manifest}")


if __name__ == "__main__":
    main()
