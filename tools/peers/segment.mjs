// Runs npm sentence segmenters on the golden rules and on a corpus; prints one JSON line per peer.
// usage: node segment.mjs GOLDEN_RULES.json CORPUS.txt
import { readFileSync } from 'node:fs';
import sbd from 'sbd';
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

const [rulesPath, corpusPath] = process.argv.slice(2);
const rules = JSON.parse(readFileSync(rulesPath, 'utf8'));
const corpus = readFileSync(corpusPath, 'utf8');
const nlp = winkNLP(model);

const peers = {
  'sbd 1.0.19': (text) => sbd.sentences(text, { newline_boundaries: true, preserve_whitespace: false }),
  'wink-nlp 2.4.0 (eng-lite)': (text) => nlp.readDoc(text).sentences().out(),
};

for (const [name, split] of Object.entries(peers)) {
  let passed = 0;
  for (const rule of rules) {
    const actual = split(rule.input).map((s) => s.trim()).filter((s) => s.length > 0);
    if (JSON.stringify(actual) === JSON.stringify(rule.expected)) passed++;
  }
  split(corpus); // warm-up
  let best = Infinity;
  let sentences = 0;
  for (let i = 0; i < 3; i++) {
    const start = process.hrtime.bigint();
    sentences = split(corpus).length;
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    best = Math.min(best, ms);
  }
  console.log(JSON.stringify({ name, passed, total: rules.length, bytes: Buffer.byteLength(corpus, 'utf8'), ms: best, sentences }));
}
