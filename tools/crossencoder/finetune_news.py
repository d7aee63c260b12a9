#!/usr/bin/python3
"""Fine-tunes the stance cross-encoder on news-style claim-source pairs (news-claims-dev, CC0), cross-validated.

The NLI run (train_nli.py) taught the model inference on Wikipedia, image captions and fiction; the news development set
fails on kinds that data holds little of (role swaps with both entities in the source, quoted denials, comparisons of
quantities, reported assertions in wire style). This continues the shipped weights on pairs made from the news cases
(each pasted source with the label its case gives it, below), their contrastive variants (train_nli.contrastive) and a
replay of the NLI stream, so that the model keeps what it had.

A source's label: a single-source case gives its source the case's label (supported -> supports, refuted -> refutes,
not enough evidence -> neutral). In a case with several sources, the one source the case's `why` names decides (the
case's label) and the others are neutral; a case whose `why` names two sources (combined, multi-hop, conflicting) gives
no pair, since no single source carries its label.

    /usr/bin/python3 tools/crossencoder/finetune_news.py cv       # five folds (contrast pairs kept together): train on
                                                                  #   four, read the fifth through the C# pipeline;
                                                                  #   prints the out-of-fold verdict figures
    /usr/bin/python3 tools/crossencoder/finetune_news.py train    # all 200 cases: the model to ship
    /usr/bin/python3 tools/crossencoder/finetune_news.py export   # crossencoder.onnx + manifest (then quantize.py)

Each fold's run is resumable (checkpoint and step under --work/fold-K); a finished fold is not run again.
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import torch  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train as base_train  # noqa: E402
import train_nli  # noqa: E402
from train_nli import LABEL_INDEX, encode, make_model  # noqa: E402

CASE_LABEL = {"supported": "supports", "refuted": "refutes", "not_enough_evidence": "neutral"}
# Contrast pairs of the news set share their source text: one fold (the set's README).
NEWS_PAIRS = [("nd-135", "nd-193"), ("nd-097", "nd-159"), ("nd-086", "nd-094"), ("nd-080", "nd-185"), ("nd-100", "nd-127"),
              ("nd-051", "nd-120"), ("nd-028", "nd-143"), ("nd-022", "nd-058"), ("nd-002", "nd-039"), ("nd-025", "nd-144"),
              ("nd-029", "nd-088")]
FOLDS = 5


def log(*args):
    print(time.strftime("%H:%M:%S"), *args, flush=True)


def read_news(data):
    with open(os.path.join(data, "verification", "news-claims-dev.jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def fold_of(case_id):
    """The fold of `verify pipeline --choose` (PipelineCommand.StableHash of the case's fold key, modulo 5), so that the
    policy chosen out of fold never sees a reading of a model trained on the claim."""
    key = next((a for a, b in NEWS_PAIRS if case_id in (a, b)), case_id)
    h = 17
    for ch in key:
        h = (h * 31 + ord(ch)) & 0xFFFFFFFF
    return h % FOLDS


def source_pairs(case):
    """(claim, source, label) pairs of one case, by the rule in the module's doc."""
    label = CASE_LABEL.get(case["label"])
    if label is None:  # conflicting: two sources decide, in opposite directions
        return []
    sources = case["sources"]
    if len(sources) == 1:
        return [{"id": case["id"], "claim": case["claim"], "evidence": sources[0], "label": label}]
    named = sorted({int(n) - 1 for n in re.findall(r"Source (\d)", case["why"])})
    if label == "neutral":
        return [{"id": f"{case['id']}-s{i + 1}", "claim": case["claim"], "evidence": s, "label": "neutral"} for i, s in enumerate(sources)]
    if len(named) != 1:
        return []
    return [{"id": f"{case['id']}-s{i + 1}", "claim": case["claim"], "evidence": s, "label": label if i == named[0] else "neutral"}
            for i, s in enumerate(sources)]


DATELINE = re.compile(r"^[A-Z][A-Z .'-]+(?:, [A-Z][a-z]+\.? \d{1,2}(?:, \d{4})?)? \([A-Za-z]+\) [-\u2013\u2014] ")


WORD = re.compile(r"[a-z0-9]+")


def sentence_pairs(case, pairs):
    """The pipeline also reads a source's sentences one by one: a neutral source's sentences are neutral; of a deciding
    source, the sentence sharing most words with the case's `why` (which quotes the deciding words) carries the label
    when it shares at least half of them more than any other sentence does. The others are not labelled (a sentence
    beside the deciding one may still bear on the claim)."""
    out = []
    why = set(WORD.findall(case["why"].lower()))
    for p in pairs:
        sentences = [x for x in train_nli.SENTENCE.split(p["evidence"].strip()) if x]
        if len(sentences) < 2:
            continue
        if p["label"] == "neutral":
            out += [dict(p, id=f"{p['id']}-n{i}", evidence=x) for i, x in enumerate(sentences)]
            continue
        overlap = sorted(((len(why & set(WORD.findall(x.lower()))), i) for i, x in enumerate(sentences)), reverse=True)
        if overlap[0][0] >= 4 and overlap[0][0] >= 2 * overlap[1][0]:
            out.append(dict(p, id=f"{p['id']}-d", evidence=sentences[overlap[0][1]]))
    return out


def news_rows(cases, seed, repeat, sentences=True):
    rng = random.Random(seed)
    pairs = [p for c in cases for p in source_pairs(c)]
    if sentences:
        pairs += [q for c in cases for q in sentence_pairs(c, source_pairs(c))]
    # Made pairs from the sources without their datelines ("SEOUL, June 20, 2024 (Wire) - "): a template then reads
    # "It is too early to say whether South Korea will ...", not "... whether SEOUL, June 20 ...".
    made = train_nli.contrastive([dict(p, evidence=DATELINE.sub("", p["evidence"])) for p in pairs], rng, 1.0)
    return pairs, made, (pairs + made) * repeat


def replay_rows(args, n):
    """n rows of the NLI run's encoded stream (the rows the shipped model was trained on and the ones after)."""
    stream = torch.load(os.path.join(args.nli_work, f"stream-s13-l{args.max_len}-e0.4.pt"))
    rng = random.Random(args.seed + 7)
    idx = rng.sample(range(len(stream["labels"])), n)
    return [stream["enc"][i] for i in idx], [stream["labels"][i] for i in idx]


def train_fold(args, work, pairs, made, rows, case_ids):
    """Continues the shipped weights on rows (pairs and made pairs, repeated) and the NLI replay; resumable under work."""
    os.makedirs(work, exist_ok=True)
    path = os.path.join(work, "checkpoint.pt")
    ck = torch.load(path) if os.path.exists(path) else None
    if ck and ck["step"] >= ck["total"]:
        log(f"{work}: trained ({ck['step']} steps)")
        return
    base_onnx, tok = train_nli.base_files(args)
    torch.manual_seed(args.seed)
    enc = encode(tok, rows, args.max_len)
    labels = [LABEL_INDEX[r["label"]] for r in rows]
    r_enc, r_labels = replay_rows(args, int(len(rows) * args.replay))
    enc, labels = enc + r_enc, labels + r_labels
    log(f"{work}: {len(pairs)} pairs ({sum(p['label'] == 'supports' for p in pairs)} supports, "
        f"{sum(p['label'] == 'refutes' for p in pairs)} refutes), {len(made)} made, {len(rows)} rows in all; {len(r_enc)} replayed")
    rng = random.Random(args.seed + 3)
    batches = []
    for _ in range(args.epochs):
        batches += base_train.batches_by_length(len(enc), [len(e[0]) for e in enc], args.batch, rng)
    total = len(batches)
    model = make_model(base_onnx)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    warmup = max(1, total // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / warmup) * max(0.0, 1 - s / total))
    step = 0
    if ck:
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        sched.load_state_dict(ck["sched"])
        step = ck["step"]
        log(f"resumed at step {step} of {total}")
    else:
        model.load_state_dict(torch.load(args.init_checkpoint)["model"])
    model.train()
    started, running = time.time(), 0.0
    while step < total:
        loss = train_nli.train_step(model, params, opt, sched, enc, labels, batches[step], tok.pad)
        running = 0.95 * running + 0.05 * loss if running else loss
        step += 1
        if step % 50 == 0 or step == total:
            log(f"step {step}/{total} loss {running:.4f} ({(time.time() - started) / max(1, step - (ck['step'] if ck else 0)):.2f} s/step)")
        if step % args.every == 0 or step == total:
            torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(), "step": step,
                        "total": total, "args": vars(args), "newsPairs": len(pairs), "made": len(made),
                        "replayed": len(r_enc), "cases": case_ids}, path + ".tmp")
            os.replace(path + ".tmp", path)


def news_provenance(args, ck, shipped):
    a = ck["args"]
    return {
        "command": "/usr/bin/python3 tools/crossencoder/finetune_news.py train " + " ".join(
            f"--{k.replace('_', '-')} {a[k]}" for k in ("seed", "epochs", "batch", "lr", "repeat", "replay"))
            + (" --no-sentences" if a.get("no_sentences") else ""),
        "exportCommand": "/usr/bin/python3 tools/crossencoder/finetune_news.py " + " ".join(sys.argv[1:]),
        "fineTune": {"from": shipped["version"], "steps": ck["step"], "newsPairs": ck["newsPairs"], "made": ck["made"],
                     "replayed": ck["replayed"], "cases": len(ck["cases"]),
                     "data": "news-claims-dev (CC0): each pasted source labelled from its case (finetune_news.py), their "
                             "contrastive variants, and a replay of the NLI stream"},
    }


def export_dir(args, work, out, version, measure=False, fixture_path=None, provenance=news_provenance):
    """crossencoder.onnx (fp16 trained tensors) and its manifest into out, then int8 by quantize.py. The manifest is the
    shipped one's with this run's provenance (provenance(args, checkpoint, shipped manifest): the fields it replaces)."""
    base_onnx, tok = train_nli.base_files(args)
    model = make_model(base_onnx)
    ck = torch.load(os.path.join(work, "checkpoint.pt"))
    model.load_state_dict(ck["model"])
    model.eval()
    os.makedirs(out, exist_ok=True)
    figures = train_nli.measure(argparse.Namespace(**{**vars(args), "work": work}), model, tok) if measure else {}
    supplied, fixture = base_train.export(model, base_onnx, work, version, tok, {"out": out}, train_nli.fixture_pairs(args.data))
    if fixture_path:
        with open(fixture_path, "w", encoding="utf-8") as f:
            json.dump(fixture, f, ensure_ascii=False, indent=0)
    shipped = json.load(open(os.path.join(args.models, "crossencoder.json"), encoding="utf-8"))
    manifest = dict(shipped, version=version, baseInitializers=supplied)
    manifest.pop("quantization", None)
    manifest["provenance"] = dict(shipped["provenance"], **provenance(args, ck, shipped),
                                  commit=subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip())
    if figures:
        manifest["provenance"]["figures"] = figures
    with open(os.path.join(out, "crossencoder.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "quantize.py"),
                    "--model", os.path.join(out, "crossencoder.onnx"), "--manifest", os.path.join(out, "crossencoder.json"),
                    "--out", out], check=True, stdout=subprocess.DEVNULL)
    log(f"exported {version} to {out}")


def train_news(args, cases, work):
    pairs, made, rows = news_rows(cases, args.seed, args.repeat, not args.no_sentences)
    train_fold(args, work, pairs, made, rows, [c["id"] for c in cases])


def pipeline(out, dump):
    cmd = ["dotnet", "run", "--project", os.path.join("tools", "FactCheck.Tools"), "-c", "Release", "--no-build", "--",
           "verify", "pipeline", "--sets", "news", "--model", os.path.join(out, "crossencoder.onnx"),
           "--manifest", os.path.join(out, "crossencoder.json"), "--dump", dump]
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def figures(rows):
    """Three-way accuracy (no decision = not enough evidence or conflicting) and the precision of each decision."""
    three = lambda v: v if v in ("supported", "refuted") else "none"
    right = sum(three(r["verdict"]) == three(r["gold"]) for r in rows)
    out = {"claims": len(rows), "accuracy3": round(right / len(rows), 4),
           "strict": round(sum(r["verdict"] == r["gold"] for r in rows) / len(rows), 4)}
    for v in ("supported", "refuted"):
        said = [r for r in rows if r["verdict"] == v]
        out[v] = f"{sum(r['gold'] == v for r in said)}/{len(said)}"
    return out


def cv(args):
    cases = read_news(args.data)
    subprocess.run(["dotnet", "build", os.path.join("tools", "FactCheck.Tools"), "-c", "Release"], check=True, stdout=subprocess.DEVNULL)
    oof = []
    for k in range(FOLDS):
        work = os.path.join(args.work, f"fold-{k}")
        train_news(args, [c for c in cases if fold_of(c["id"]) != k], work)
        out = os.path.join(work, "model")
        if not os.path.exists(os.path.join(out, "crossencoder.onnx")) or os.path.getmtime(os.path.join(out, "crossencoder.onnx")) < os.path.getmtime(os.path.join(work, "checkpoint.pt")):
            export_dir(args, work, out, f"news-ft-fold{k}")
        dump = os.path.join(work, "news-dump.jsonl")
        pipeline(out, dump)
        held = {c["id"] for c in cases if fold_of(c["id"]) == k}
        rows = [json.loads(line) for line in open(dump, encoding="utf-8")]
        fold_rows = [r for r in rows if r["id"] in held]
        oof += fold_rows
        log(f"fold {k}: {json.dumps(figures(fold_rows))}")
    with open(os.path.join(args.work, "oof-dump.jsonl"), "w", encoding="utf-8") as f:
        for r in sorted(oof, key=lambda r: r["id"]):
            f.write(json.dumps(r) + "\n")
    log(f"out of fold: {json.dumps(figures(oof))}")
    tags = sorted({t for r in oof for t in r["tags"]})
    for t in tags:
        log(f"  {t:14} {json.dumps(figures([r for r in oof if t in r['tags']]))}")


def train_all(args):
    train_news(args, read_news(args.data), os.path.join(args.work, "all"))


def export(args):
    export_dir(args, os.path.join(args.work, "all"), args.models, args.version, measure=not args.no_measure, fixture_path=args.fixture)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("command", choices=["cv", "train", "export"])
    ap.add_argument("--data", default=os.path.join("..", "shared", "data"))
    ap.add_argument("--work", default=os.path.join(".data", "news-ft"))
    ap.add_argument("--work-base", default=os.path.join(".data", "crossencoder"))
    ap.add_argument("--nli-work", default=os.path.join(".data", "nli-e"))
    ap.add_argument("--init-checkpoint", default=os.path.join(".data", "nli-e", "checkpoint-7000.pt"),
                    help="the shipped model's fp32 weights")
    ap.add_argument("--models", default=os.path.join("src", "FactCheck.Analysis", "Evidence", "Models"))
    ap.add_argument("--fixture", default=os.path.join("tests", "FactCheck.Analysis.Tests", "Fixtures", "crossencoder-pairs.json"))
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=2e-5)
    ap.add_argument("--repeat", type=int, default=6, help="times each news pair (and made pair) is in the data")
    ap.add_argument("--replay", type=float, default=1.5, help="NLI stream rows per news row")
    ap.add_argument("--no-sentences", action="store_true", help="only whole sources, not their sentences")
    ap.add_argument("--max-len", type=int, default=128)
    ap.add_argument("--every", type=int, default=50)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--no-measure", action="store_true")
    ap.add_argument("--version", default="xenc-" + time.strftime("%Y.%m.%d") + "-news")
    args = ap.parse_args()
    train_nli.EVIDENTIAL_SHARE = 0.4
    torch.set_num_threads(args.threads)
    os.makedirs(args.work, exist_ok=True)
    {"cv": cv, "train": train_all, "export": export}[args.command](args)


if __name__ == "__main__":
    main()
