// A webhook receiver written from Meta's published algorithm (Messenger Platform docs and the
// fbsamples quick-start: verify token handshake, HMAC of the raw request body with the app
// secret compared to X-Hub-Signature-256 / X-Hub-Signature). Node built-ins only.
// Usage: node node_receiver.js <app secret> <verify token>; prints "listening <port>", then
// one JSON line per POST: {"text", "sha256": "valid"|"invalid", "sha1": ...}.
'use strict';
const http = require('http');
const crypto = require('crypto');

const [appSecret, verifyToken] = process.argv.slice(2);

function verdict(header, algorithm, raw) {
  if (!header || !header.startsWith(algorithm + '=')) { return 'missing'; }
  const expected = crypto.createHmac(algorithm, appSecret).update(raw).digest();
  const given = Buffer.from(header.slice(algorithm.length + 1), 'hex');
  return given.length === expected.length && crypto.timingSafeEqual(given, expected)
    ? 'valid' : 'invalid';
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (req.method === 'GET') {
    const ok = url.searchParams.get('hub.mode') === 'subscribe' &&
      url.searchParams.get('hub.verify_token') === verifyToken;
    res.writeHead(ok ? 200 : 403);
    res.end(ok ? url.searchParams.get('hub.challenge') : '');
    return;
  }
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const raw = Buffer.concat(chunks);  // the exact bytes, never re-serialised JSON
    const sha256 = verdict(req.headers['x-hub-signature-256'], 'sha256', raw);
    const sha1 = verdict(req.headers['x-hub-signature'], 'sha1', raw);
    const body = JSON.parse(raw.toString('utf8'));
    for (const entry of body.entry) {
      const event = entry.messaging[0];
      process.stdout.write(JSON.stringify({text: event.message && event.message.text, sha256,
                                           sha1}) + '\n');
    }
    const valid = body.object === 'page' && sha256 === 'valid';
    res.writeHead(valid ? 200 : 403);
    res.end(valid ? 'EVENT_RECEIVED' : '');
  });
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write('listening ' + server.address().port + '\n');
});
process.on('SIGTERM', () => { server.closeAllConnections(); server.close(() => process.exit(0)); });
