// Load test of claim search and matching with autocannon at a fixed request rate.
// usage: node bench.mjs --url http://127.0.0.1:8080 --key KEY --scenario search|match --rate 20 --duration 60 --connections 50
// --rate 0 runs closed-loop at saturation (as fast as --connections allow). Prints one JSON line.
// Latencies are measured per request from the 'response' events (autocannon's own histogram has no p95).
// With a fixed overall rate and more connections than in-flight requests, requests are sent on schedule
// whatever the latency (open loop); the summary reports if the connections ran out.
import autocannon from 'autocannon';

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
const year = () => 1995 + Math.floor(Math.random() * 32);
const pct = () => (Math.floor(Math.random() * 400) / 10).toFixed(1);

function searchPath() {
  const kind = Math.random();
  // Mixed: two- and three-word topic queries, a common single word, a phrase, and filtered searches.
  const q = kind < 0.4 ? `${pick(measures).replace('the ', '')} ${pick(places)}`
    : kind < 0.6 ? `${pick(measures).replace('the ', '')} ${pick(places)} ${year()}`
    : kind < 0.75 ? pick(['unemployment', 'inflation', 'crime', 'prices', 'minister'])
    : kind < 0.9 ? `"${pick(measures).replace('the ', '')} in ${pick(places)}"`
    : `${pick(measures).replace('the ', '')} ${pick(places)}`;
  const filter = kind >= 0.9 ? `&verdict=${pick(['false', 'mostly_true', 'misleading'])}` : '';
  return `/api/v1/claims?q=${encodeURIComponent(q)}&limit=20${filter}`;
}

function matchBody() {
  const kind = Math.random();
  const text = kind < 0.5 ? `${pick(measures).replace(/^./, (c) => c.toUpperCase())} in ${pick(places)} rose to ${pct()}% in ${year()}, according to ${pick(bodies)}.`
    : kind < 0.8 ? `${pick(people).replace(/^./, (c) => c.toUpperCase())} said that ${pick(measures)} in ${pick(places)} is the highest it has been since ${year()}.`
    : `${pick(places)} spends more on ${pick(measures).replace('the ', '')} than ${pick(places)} and ${pick(places)} combined.`;
  return JSON.stringify({ text, limit: 10 });
}

const latencies = [];
const statuses = {};
const options = {
  url,
  connections,
  duration,
  headers: { 'x-api-key': args.key ?? '', 'content-type': 'application/json' },
  requests: [scenario === 'search'
    ? { method: 'GET', setupRequest: (req) => ({ ...req, path: searchPath() }) }
    : { method: 'POST', path: '/api/v1/claims/match', setupRequest: (req) => ({ ...req, body: matchBody() }) }],
};
if (rate > 0) options.overallRate = rate;

const instance = autocannon(options, (error, result) => {
  if (error) { console.error(error); process.exit(1); }
  latencies.sort((a, b) => a - b);
  const at = (p) => latencies.length === 0 ? null : latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)];
  const summary = {
    scenario, mode: rate > 0 ? `fixed ${rate}/s` : 'saturation', connections, duration,
    requests: latencies.length, throughput: +(latencies.length / duration).toFixed(1),
    p50: at(50), p95: at(95), p99: at(99), max: latencies.at(-1) ?? null, statuses,
    errors: result.errors, timeouts: result.timeouts,
  };
  console.log(JSON.stringify(summary));
});
instance.on('response', (client, statusCode, bytes, responseTime) => {
  latencies.push(+responseTime.toFixed(2));
  statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
});
