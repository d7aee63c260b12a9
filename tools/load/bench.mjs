// Load test of claim search and matching with autocannon at a fixed request rate.
// usage: node bench.mjs --url http://127.0.0.1:8080 --key KEY --scenario search|match --rate 20 --duration 60 --connections 50
// --rate 0 runs closed-loop at saturation (as fast as --connections allow). Prints one JSON line.
// Fixed rate (open loop): request i is sent at start + i/rate whatever became of the others, over a keep-alive
// pool of up to --connections sockets, and its latency counts from its scheduled time, so a slow server
// cannot hide its queueing (no coordinated omission). autocannon's overallRate was not used for this: it
// paces each connection separately and they fire in phase, in bursts of --connections requests (measured
// here: p50 63 ms with 50 connections against 18 ms with 4, same server, same rate).
// Saturation (closed loop, --rate 0): autocannon with --connections, latencies from its response events.
import autocannon from 'autocannon';
import http from 'node:http';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, v, i, all) => (i % 2 === 0 ? [...pairs, [v.replace(/^--/, ''), all[i + 1]]] : pairs), []));
const url = args.url ?? 'http://127.0.0.1:8080';
const scenario = args.scenario ?? 'search';
const rate = Number(args.rate ?? 20);
const duration = Number(args.duration ?? 30);
const connections = Number(args.connections ?? 50);

// Words and claims like those the generator writes (tools/FactCheck.Tools/ClaimGenerator.cs), in new combinations.
const places = ['Spain', 'Portugal', 'France', 'Germany', 'Italy', 'Poland', 'Greece', 'Texas', 'California', 'Nigeria', 'Kenya', 'India', 'Japan', 'Brazil', 'Canada', 'London', 'Paris', 'Madrid', 'Lagos', 'Tokyo', 'Ohio', 'Scotland', 'Bavaria', 'Quebec'];
const measures = ['unemployment', 'youth unemployment', 'inflation', 'the murder rate', 'violent crime', 'child poverty', 'house prices', 'rents', 'public debt', 'exports', 'carbon emissions', 'electricity prices', 'the vaccination rate', 'hospital waiting times', 'net migration', 'road deaths', 'air pollution', 'military spending', 'teacher pay', 'wheat production'];
const people = ['the prime minister', 'the finance minister', 'the mayor', 'the opposition leader', 'Maria Lopez', 'Kenji Sato', 'Amina Bello'];
const bodies = ['the statistics office', 'Eurostat', 'the IMF', 'the OECD', 'the police', 'a government report'];
const pick = (items) => items[Math.floor(Math.random() * items.length)];
// The generator's long tail of names (same syllables and power law): towns and surnames, common and rare.
const syllables = ['al', 'bar', 'cor', 'den', 'el', 'fen', 'gar', 'hol', 'is', 'jor', 'kal', 'lin', 'mor', 'nor', 'ost', 'pel', 'quin', 'ros',
  'sal', 'tor', 'ul', 'var', 'wes', 'yar', 'zan', 'bri', 'cas', 'dun', 'est', 'fal', 'gil', 'har', 'ing', 'kel', 'lom', 'mar', 'nev', 'orm', 'pra', 'rav'];
const endings = ['ton', 'ford', 'wick', 'by', 'stad', 'burg', 'ville', 'mouth', 'field', 'dale', 'haven', 'grad'];
function name(parts, salt) {
  let index = Math.floor(60000 * Math.random() ** 3) + salt;
  let s = '';
  for (let i = 0; i < parts; i++) { s += syllables[index % syllables.length]; index = Math.floor(index / syllables.length); }
  return s[0].toUpperCase() + s.slice(1);
}
const town = () => name(2, 7) + pick(endings);
const surname = () => name(3, 13);
const year = () => 1995 + Math.floor(Math.random() * 32);
const pct = () => (Math.floor(Math.random() * 400) / 10).toFixed(1);

function searchPath() {
  const kind = Math.random();
  // Mixed: two- and three-word topic queries, a common single word, a phrase, and filtered searches.
  const q = kind < 0.3 ? `${pick(measures).replace('the ', '')} ${pick(places)}`
    : kind < 0.45 ? `${pick(measures).replace('the ', '')} ${town()}`
    : kind < 0.6 ? (Math.random() < 0.5 ? town() : `${surname()} ${pick(['minister', 'senator', 'mayor', 'contract'])}`)
    : kind < 0.75 ? pick(['unemployment', 'inflation', 'crime', 'prices', 'minister'])
    : kind < 0.9 ? `"${pick(measures).replace('the ', '')} in ${pick(places)}"`
    : `${pick(measures).replace('the ', '')} ${pick(places)}`;
  const filter = kind >= 0.9 ? `&verdict=${pick(['false', 'mostly_true', 'misleading'])}` : '';
  return `/api/v1/claims?q=${encodeURIComponent(q)}&limit=20${filter}`;
}

function matchBody() {
  const kind = Math.random();
  const where = Math.random() < 0.4 ? `${town()}, ${pick(places)}` : pick(places);
  const text = kind < 0.5 ? `${pick(measures).replace(/^./, (c) => c.toUpperCase())} in ${where} rose to ${pct()}% in ${year()}, according to ${pick(bodies)}.`
    : kind < 0.8 ? `${Math.random() < 0.5 ? `Senator ${surname()}` : pick(people).replace(/^./, (c) => c.toUpperCase())} said that ${pick(measures)} in ${where} is the highest it has been since ${year()}.`
    : `${pick(places)} spends more on ${pick(measures).replace('the ', '')} than ${pick(places)} and ${pick(places)} combined.`;
  return JSON.stringify({ text, limit: 10 });
}

const latencies = [];
const statuses = {};

function percentiles(mode, errors, timeouts) {
  latencies.sort((a, b) => a - b);
  const at = (p) => latencies.length === 0 ? null : latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)];
  return {
    scenario, mode, connections, duration,
    requests: latencies.length, throughput: +(latencies.length / duration).toFixed(1),
    p50: at(50), p95: at(95), p99: at(99), max: latencies.at(-1) ?? null, statuses, errors, timeouts,
  };
}

if (rate > 0) {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const total = Math.round(rate * duration);
  const interval = 1000 / rate;
  const start = performance.now() + 50;
  let done = 0, errors = 0;
  const finish = () => { if (++done === total) { console.log(JSON.stringify(percentiles(`fixed ${rate}/s (open loop)`, errors, 0))); agent.destroy(); } };
  const send = (i) => {
    const scheduled = start + i * interval;
    const post = scenario !== 'search';
    const body = post ? matchBody() : null;
    const req = http.request({
      host: target.hostname, port: target.port, agent, method: post ? 'POST' : 'GET',
      path: post ? '/api/v1/claims/match' : searchPath(),
      headers: { 'x-api-key': args.key ?? '', ...(post ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}) },
    }, (res) => {
      res.resume();
      res.on('end', () => {
        latencies.push(+(performance.now() - scheduled).toFixed(2));
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        finish();
      });
    });
    req.setNoDelay(true);
    req.on('error', () => { errors++; finish(); });
    if (body) req.write(body);
    req.end();
  };
  for (let i = 0; i < total; i++) {
    const wait = start + i * interval - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    send(i);
  }
} else {
const options = {
  url,
  connections,
  duration,
  headers: { 'x-api-key': args.key ?? '', 'content-type': 'application/json' },
  requests: [scenario === 'search'
    ? { method: 'GET', setupRequest: (req) => ({ ...req, path: searchPath() }) }
    : { method: 'POST', path: '/api/v1/claims/match', setupRequest: (req) => ({ ...req, body: matchBody() }) }],
};
const instance = autocannon(options, (error, result) => {
  if (error) { console.error(error); process.exit(1); }
  console.log(JSON.stringify(percentiles('saturation (closed loop)', result.errors, result.timeouts)));
});
instance.on('response', (client, statusCode, bytes, responseTime) => {
  latencies.push(+responseTime.toFixed(2));
  statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
});
}
