// Talking to a running Cepheus (API.md): posting events in batches with back-off on 429/503,
// reading alerts page by page, and a best-effort look at its watermarks.

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class ServiceError extends Error {}

export class Service {
  constructor(url, token) {
    this.url = url.replace(/\/+$/, '');
    this.token = token;
  }

  async request(method, path, { body, type } = {}) {
    const headers = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (type) headers['content-type'] = type;
    try {
      return await fetch(this.url + path, { method, headers, body });
    } catch (e) {
      throw new ServiceError(`cannot reach Cepheus at ${this.url} (${e.cause?.code ?? e.message}): start it with \`npm start\`, set CEPHEUS_URL, or run the demo with --offline`);
    }
  }

  async health() {
    const res = await this.request('GET', '/health');
    if (res.status !== 200) throw new ServiceError(`${this.url}/health answered ${res.status}: ${await res.text()}`);
  }

  /** Posts events as NDJSON, `batch` at a time; waits out 429/503 as Retry-After says. */
  async post(source, events, batch, onBatch = () => {}) {
    for (let i = 0; i < events.length; i += batch) {
      const chunk = events.slice(i, i + batch);
      const body = `${chunk.map((e) => JSON.stringify(e)).join('\n')}\n`;
      for (let attempt = 1; ; attempt++) {
        const res = await this.request('POST', `/events?source=${encodeURIComponent(source)}`, { body, type: 'application/x-ndjson' });
        if (res.status === 202 || res.status === 200) {
          await res.body?.cancel();
          break;
        }
        if ((res.status === 429 || res.status === 503) && attempt < 60) {
          await res.body?.cancel();
          await sleep(retryAfterMs(res.headers.get('retry-after')));
          continue;
        }
        const text = await res.text();
        if (res.status === 401 || res.status === 403) throw new ServiceError(`POST /events: ${res.status}; set CEPHEUS_API_TOKEN to the service's token`);
        throw new ServiceError(`POST /events?source=${source} (events ${i + 1}-${i + chunk.length}): ${res.status} ${text}`);
      }
      onBatch(Math.min(i + batch, events.length));
    }
  }

  /** Every alert detected at or after `from` (epoch ms), oldest first. */
  async alertsSince(from) {
    const alerts = [];
    let cursor = null;
    for (let page = 0; page < 100; page++) {
      const q = new URLSearchParams({ from: String(from), limit: '1000' });
      if (cursor !== null) q.set('cursor', cursor);
      const res = await this.request('GET', `/alerts?${q}`);
      if (res.status !== 200) throw new ServiceError(`GET /alerts: ${res.status} ${await res.text()}`);
      const body = await res.json();
      alerts.push(...(body.alerts ?? []));
      cursor = body.next ?? null;
      if (cursor === null) break;
    }
    return alerts.reverse();
  }

  /** The service's watermark per source from /metrics (now − cepheus_watermark_lag_ms), if it says. */
  async watermarks(now) {
    const out = new Map();
    try {
      const res = await this.request('GET', '/metrics');
      if (res.status !== 200) return out;
      for (const line of (await res.text()).split('\n')) {
        const m = /^cepheus_watermark_lag_ms\{[^}]*source="([^"]+)"[^}]*\}\s+(\S+)/.exec(line);
        if (m !== null && Number.isFinite(Number(m[2]))) out.set(m[1], now - Number(m[2]));
      }
    } catch {
      // no metrics: nothing to go by
    }
    return out;
  }

  /** Late events counted per rule by GET /rules, if it says. */
  async lateByRule() {
    const out = new Map();
    try {
      const res = await this.request('GET', '/rules');
      if (res.status !== 200) return out;
      for (const r of (await res.json()).rules ?? []) out.set(r.name, r.counters?.late ?? 0);
    } catch {
      // best effort
    }
    return out;
  }
}

function retryAfterMs(header) {
  if (header === null) return 1000;
  const s = Number(header);
  if (Number.isFinite(s)) return Math.max(100, s * 1000);
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(100, at - Date.now()) : 1000;
}
