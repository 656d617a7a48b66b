// The demo's event streams: normal traffic for a few hundred people over `minutes`, with planted
// frauds of every kind the rule pack looks for. Deterministic: the same seed and start give the
// same streams, byte for byte. Every planted fraud is recorded (rule, key, event ids) so a run
// can be scored.

import { makeRandom } from './random.mjs';
import {
  CARD_BINS,
  CASHOUT_MERCHANTS,
  CATEGORIES,
  FAR_CITIES,
  PAYMENT_MERCHANTS,
  TEST_MERCHANTS,
  makeUsers,
} from './world.mjs';

const SEC = 1000;
const MIN = 60 * SEC;

export const STREAMS = ['transactions', 'logins', 'payments'];

/** how many frauds of each kind are planted */
export const PLANTS = {
  card_testing: 3,
  card_velocity: 2,
  sudden_spike: 3,
  spend_burst: 2,
  brute_force_login: 3,
  credential_stuffing: 2,
  impossible_travel: 3,
  auth_not_captured: 3,
  refund_exceeds_capture: 2,
};

/**
 * Frauds are planted between PLANT_LEAD after the start (so people have a history) and PLANT_TAIL
 * before the end. Each plant, with the rule's deadline after it (a window's end, a session's gap,
 * the 20-minute absence), takes at most 30 minutes, so every one is decided by the stream's own
 * watermark: nothing waits for the wall clock.
 */
const PLANT_LEAD = 30 * MIN;
const PLANT_TAIL = 35 * MIN;
export const MIN_MINUTES = 90;

const CURRENCY = { US: 'USD', CA: 'CAD', GB: 'GBP', FR: 'EUR', DE: 'EUR', ES: 'EUR', NL: 'EUR', IE: 'EUR' };
const round2 = (x) => Math.round(x * 100) / 100;

export function generate({ seed = 42, start, minutes = 120, users = 400 }) {
  if (!Number.isFinite(start)) throw new Error('generate: start (epoch ms) is required');
  if (minutes < MIN_MINUTES) throw new Error(`generate: minutes must be at least ${MIN_MINUTES}`);
  const g = new Generator(makeRandom(seed), start, start + minutes * MIN, users);
  g.normalTraffic();
  g.plantFrauds();
  return g.finish();
}

class Generator {
  constructor(rnd, start, end, userCount) {
    this.rnd = rnd;
    this.start = start;
    this.end = end;
    this.users = makeUsers(rnd, userCount);
    // People and cards are the same for a seed, run after run (so running averages build up);
    // payments and event ids are new in every run: a tag from the start time keeps them apart.
    this.tag = Math.floor(start / 1000).toString(36).slice(-5);
    this.events = { transactions: [], logins: [], payments: [] };
    this.plants = [];
  }

  // ---- events ----------------------------------------------------------------------------------

  tx(user, card, t, f) {
    const e = {
      _t: Math.round(t), card_id: card, user_id: user.id, merchant: f.merchant, category: f.category,
      amount: round2(f.amount), currency: CURRENCY[user.home.country], country: f.country ?? user.home.country,
      channel: f.channel, status: f.status ?? 'approved',
    };
    this.events.transactions.push(e);
    return e;
  }

  login(user, t, ok, where) {
    const e = { _t: Math.round(t), user_id: user.id, ok };
    if (!ok) e.reason = where.reason ?? 'bad_password';
    Object.assign(e, {
      ip: where.ip, country: where.place.country, city: where.place.city,
      lat: round2(where.place.lat + (where.jitter ? this.rnd.uniform(-0.15, 0.15) : 0)),
      lon: round2(where.place.lon + (where.jitter ? this.rnd.uniform(-0.15, 0.15) : 0)),
      device_id: where.device,
    });
    this.events.logins.push(e);
    return e;
  }

  payment(p, t, type, extra = {}) {
    const e = { _t: Math.round(t), payment_id: p.id, type };
    if (type === 'authorization') e.status = extra.status ?? 'approved';
    Object.assign(e, { merchant_id: p.merchant, amount: round2(extra.amount ?? p.amount), currency: 'USD', card_bin: p.bin });
    this.events.payments.push(e);
    return e;
  }

  newPayment(amount) {
    const r = this.rnd;
    return { id: `pay_${this.tag}${r.hex(8)}`, merchant: r.pick(PAYMENT_MERCHANTS), bin: r.pick(CARD_BINS), amount };
  }

  homeLogin(user) {
    const r = this.rnd;
    const mobile = r.chance(0.2);
    return {
      place: user.home, jitter: true, device: r.pick(user.devices),
      ip: mobile ? `${user.home.net}.${r.int(1, 254)}.${r.int(1, 254)}` : user.ips[0],
    };
  }

  // ---- normal traffic --------------------------------------------------------------------------

  normalTraffic() {
    for (const u of this.users) {
      this.shopping(u);
      this.logins(u);
    }
    this.paymentLifecycles();
  }

  shopping(u) {
    const r = this.rnd;
    const cats = Object.entries(CATEGORIES).map(([k, c]) => [k, c.weight]);
    for (let t = this.start + r.gapMs(u.txPerHour); t < this.end; t += r.gapMs(u.txPerHour)) {
      const category = r.weighted(cats);
      const c = CATEGORIES[category];
      const ecom = r.chance(c.ecom);
      this.tx(u, r.pick(u.cards), t, {
        merchant: r.pick(c.merchants), category, amount: Math.max(1.2, r.logNormal(c.median, c.sigma)),
        country: ecom && r.chance(0.1) ? 'US' : u.home.country,
        channel: ecom ? 'ecom' : r.chance(0.6) ? 'contactless' : 'pos',
        status: r.chance(0.02) ? 'declined' : 'approved',
      });
    }
    // a card added to a wallet: one tiny verification charge, the harmless look-alike of a probe
    if (r.chance(0.04)) {
      this.tx(u, u.cards[0], r.uniform(this.start, this.end), {
        merchant: 'Nimbus Wallet', category: 'online', amount: r.uniform(0.01, 1), channel: 'ecom',
      });
    }
  }

  logins(u) {
    const r = this.rnd;
    for (let t = this.start + r.gapMs(u.loginsPerHour); t < this.end; t += r.gapMs(u.loginsPerHour)) {
      const where = this.homeLogin(u);
      // a mistyped password or two before getting in
      const typos = r.chance(0.07) ? r.weighted([[1, 70], [2, 25], [3, 5]]) : 0;
      for (let i = 0; i < typos; i++, t += r.uniform(6, 40) * SEC) this.login(u, t, false, where);
      this.login(u, t, true, where);
    }
  }

  paymentLifecycles() {
    const r = this.rnd;
    const perHour = 300;
    for (let t = this.start + r.gapMs(perHour); t < this.end - 30 * SEC; t += r.gapMs(perHour)) {
      const p = this.newPayment(r.logNormal(60, 0.8));
      const declined = r.chance(0.05);
      this.payment(p, t, 'authorization', { status: declined ? 'declined' : 'approved' });
      if (declined) continue;
      // every approved authorisation is settled before the stream ends
      const settleBy = Math.min(8 * MIN, this.end - t - 2 * SEC);
      const settled = t + r.uniform(Math.min(15 * SEC, settleBy / 2), settleBy);
      if (r.chance(0.05)) {
        this.payment(p, settled, 'void');
        continue;
      }
      this.payment(p, settled, 'capture');
      const refundAt = settled + r.uniform(2 * MIN, 40 * MIN);
      if (r.chance(0.04) && refundAt < this.end) {
        this.payment(p, refundAt, 'refund', { amount: r.chance(0.5) ? p.amount : p.amount * r.uniform(0.2, 0.9) });
      }
    }
  }

  // ---- planted frauds --------------------------------------------------------------------------

  plantFrauds() {
    const plant = {
      card_testing: (t) => this.cardTesting(t),
      card_velocity: (t) => this.cardVelocity(t),
      sudden_spike: (t) => this.suddenSpike(t),
      spend_burst: (t) => this.spendBurst(t),
      brute_force_login: (t) => this.bruteForce(t),
      credential_stuffing: (t) => this.credentialStuffing(t),
      impossible_travel: (t) => this.impossibleTravel(t),
      auth_not_captured: (t) => this.authNotCaptured(t),
      refund_exceeds_capture: (t, i) => this.refundOverCapture(t, i),
    };
    const from = this.start + PLANT_LEAD;
    const to = this.end - PLANT_TAIL;
    for (const [rule, n] of Object.entries(PLANTS)) {
      for (let i = 0; i < n; i++) {
        // spread each kind over the planting span, one per slice
        const t = from + ((i + this.rnd.uniform(0.1, 0.9)) / n) * (to - from);
        this.plants.push({ rule, ...plant[rule](t, i) });
      }
    }
  }

  /**
   * A user no other plant uses, who shops at most `maxTxPerHour` and, when `quiet` is given as
   * [stream, from, to], has no event of their own in that stream then.
   */
  victim(maxTxPerHour = Infinity, quiet = null) {
    const r = this.rnd;
    const busyThen = (u) => quiet !== null && this.events[quiet[0]].some((e) => e.user_id === u.id && e._t >= quiet[1] && e._t <= quiet[2]);
    for (;;) {
      const u = r.pick(this.users);
      if (!u.busy && u.txPerHour <= maxTxPerHour && !busyThen(u)) {
        u.busy = true;
        return u;
      }
    }
  }

  cardTesting(t) {
    const r = this.rnd;
    const u = this.victim();
    const card = u.cards[0];
    const merchant = r.pick(TEST_MERCHANTS);
    const probes = [];
    for (let i = r.int(3, 6); i > 0; i--, t += r.uniform(8, 45) * SEC) {
      probes.push(this.tx(u, card, t, {
        merchant, category: 'digital', amount: r.uniform(0.5, 1.99), country: 'US', channel: 'ecom',
        status: r.chance(0.7) ? 'approved' : 'declined',
      }));
    }
    const cash = r.pick(CASHOUT_MERCHANTS);
    const cashout = this.tx(u, card, t + r.uniform(1, 8) * MIN, {
      merchant: cash.merchant, category: cash.category, amount: r.uniform(450, 1800), country: 'US', channel: 'ecom',
    });
    return {
      kind: 'card testing', key: card, keys: [card, u.id], events: [...probes, cashout],
      note: `${probes.length} probes at ${merchant}, then ${cashout.amount} at ${cash.merchant}`,
    };
  }

  cardVelocity(t) {
    const r = this.rnd;
    const u = this.victim();
    const card = u.cards[u.cards.length - 1];
    const abroad = r.pick(FAR_CITIES);
    // all inside one 10-minute tumbling window (windows are aligned to the epoch)
    t = Math.ceil(t / (10 * MIN)) * 10 * MIN + r.uniform(10, 30) * SEC;
    const shops = r.sample(['grocery', 'restaurant', 'apparel', 'electronics', 'pharmacy', 'fuel'].flatMap((c) => CATEGORIES[c].merchants.map((m) => [m, c])), r.int(5, 7));
    const events = [];
    for (let i = r.int(9, 12); i > 0; i--, t += r.uniform(15, 40) * SEC) {
      // shop to shop, then back to some already hit
      const [merchant, category] = events.length < shops.length ? shops[events.length] : r.pick(shops);
      events.push(this.tx(u, card, t, {
        merchant, category, amount: Math.min(300, r.logNormal(90, 0.5)), country: abroad.country, channel: 'pos',
        status: r.chance(0.9) ? 'approved' : 'declined',
      }));
    }
    return {
      kind: 'card velocity', key: card, keys: [card, u.id], events,
      note: `${events.length} card-present charges in ${abroad.city} within ${Math.round((events.at(-1)._t - events[0]._t) / MIN)} min`,
    };
  }

  suddenSpike(t) {
    const r = this.rnd;
    const u = this.victim();
    const card = u.cards[0];
    // a steady history of small purchases before the spike
    for (let i = r.int(12, 16); i > 0; i--) {
      const category = r.pick(['coffee', 'grocery', 'transport']);
      const c = CATEGORIES[category];
      this.tx(u, card, r.uniform(this.start + 2 * MIN, t - 3 * MIN), {
        merchant: r.pick(c.merchants), category, amount: Math.max(2.5, r.logNormal(c.median, c.sigma)), channel: 'contactless',
      });
    }
    const before = this.events.transactions.filter((e) => e.user_id === u.id && e._t < t && e.status === 'approved');
    const avg = before.reduce((s, e) => s + e.amount, 0) / before.length;
    const cash = r.pick(CASHOUT_MERCHANTS);
    const spike = this.tx(u, card, t, {
      merchant: cash.merchant, category: cash.category, amount: Math.max(r.uniform(800, 2500), 12 * avg),
      channel: r.chance(0.5) ? 'ecom' : 'pos',
    });
    return {
      kind: 'sudden spike', key: u.id, keys: [u.id, card], events: [spike],
      note: `${spike.amount} at ${cash.merchant} after ${before.length} purchases averaging ${round2(avg)}`,
    };
  }

  spendBurst(t) {
    const r = this.rnd;
    // someone not shopping anyway then, so the session closes 10 minutes after the spree
    const u = this.victim(3, ['transactions', t - 10 * MIN, t + 30 * MIN]);
    const events = [];
    let total = 0;
    while (events.length < 4 || total < 3300) {
      const cash = r.pick([...CASHOUT_MERCHANTS, { merchant: 'Thread & Co', category: 'apparel' }]);
      const e = this.tx(u, r.pick(u.cards), t, {
        merchant: cash.merchant, category: cash.category, amount: r.uniform(700, 1500),
        channel: r.chance(0.5) ? 'ecom' : 'contactless',
      });
      events.push(e);
      total += e.amount;
      t += r.uniform(1.5, 4) * MIN;
    }
    return {
      kind: 'spend burst', key: u.id, keys: [u.id, ...u.cards], events,
      note: `${events.length} purchases totalling ${round2(total)} in ${Math.round((events.at(-1)._t - events[0]._t) / MIN)} min`,
    };
  }

  bruteForce(t) {
    const r = this.rnd;
    // an account its owner is not using then (their own login would break the run of failures)
    const u = this.victim(Infinity, ['logins', t - MIN, t + 10 * MIN]);
    const place = r.pick(FAR_CITIES);
    const attacker = { place, ip: `${place.net}.${r.int(1, 254)}.${r.int(1, 254)}`, device: `d${r.hex(6)}` };
    const failed = [];
    for (let i = r.int(6, 12); i > 0; i--, t += r.uniform(4, 25) * SEC) failed.push(this.login(u, t, false, attacker));
    const success = this.login(u, t + r.uniform(5, 40) * SEC, true, attacker);
    return {
      kind: 'brute-force login', key: u.id, keys: [u.id], events: [...failed, success],
      note: `${failed.length} failures then a success from ${attacker.ip} (${place.city})`,
    };
  }

  credentialStuffing(t) {
    const r = this.rnd;
    const place = r.pick(FAR_CITIES);
    const ip = `${place.net}.${r.int(1, 254)}.${r.int(1, 254)}`;
    // all inside one 5-minute tumbling window
    t = Math.ceil(t / (5 * MIN)) * 5 * MIN + r.uniform(5, 15) * SEC;
    const events = [];
    for (const u of r.sample(this.users, r.int(12, 22))) {
      events.push(this.login(u, t, false, { place, ip, device: `d${r.hex(6)}`, reason: r.chance(0.3) ? 'unknown_user' : 'bad_password' }));
      t += r.uniform(4, 12) * SEC;
    }
    return {
      kind: 'credential stuffing', key: ip, keys: [ip], events,
      note: `${events.length} accounts tried from ${ip} (${place.city})`,
    };
  }

  impossibleTravel(t) {
    const r = this.rnd;
    const u = this.victim();
    const home = this.login(u, t, true, { ...this.homeLogin(u), jitter: false });
    const gap = r.uniform(8, 30) * MIN;
    // only places no flight could reach in the time (the rule's own lower bound, with margin)
    const far = FAR_CITIES.filter((c) => lowerBoundKm(u.home, c) > 400 + gap / 3600);
    const place = r.pick(far);
    const away = this.login(u, t + gap, true, { place, ip: `${place.net}.${r.int(1, 254)}.${r.int(1, 254)}`, device: `d${r.hex(6)}` });
    return {
      kind: 'impossible travel', key: u.id, keys: [u.id], events: [home, away],
      note: `${u.home.city} then ${place.city} ${Math.round(gap / MIN)} min later`,
    };
  }

  authNotCaptured(t) {
    const p = this.newPayment(this.rnd.uniform(150, 900));
    const auth = this.payment(p, t, 'authorization');
    return { kind: 'authorised, never captured', key: p.id, keys: [p.id], events: [auth], note: `${auth.amount} at ${p.merchant}` };
  }

  refundOverCapture(t, i) {
    const r = this.rnd;
    const p = this.newPayment(r.uniform(80, 600));
    const events = [this.payment(p, t, 'authorization')];
    t += r.uniform(1, 4) * MIN;
    events.push(this.payment(p, t, 'capture'));
    const shares = i % 2 === 0 ? [r.uniform(0.55, 0.7), r.uniform(0.55, 0.7)] : [r.uniform(1.2, 2)];
    for (const s of shares) {
      t += r.uniform(4, 9) * MIN;
      events.push(this.payment(p, t, 'refund', { amount: p.amount * s }));
    }
    const refunded = round2(events.slice(2).reduce((n, e) => n + e.amount, 0));
    return {
      kind: 'refunds over capture', key: p.id, keys: [p.id], events,
      note: `captured ${events[1].amount}, refunded ${refunded} in ${shares.length} refund(s)`,
    };
  }

  // ---- output ----------------------------------------------------------------------------------

  finish() {
    const idField = { transactions: ['tx_id', 't'], logins: ['login_id', 'l'], payments: ['event_id', 'p'] };
    const streams = {};
    for (const name of STREAMS) {
      const [field, prefix] = idField[name];
      const list = this.events[name];
      list.sort((a, b) => a._t - b._t);
      list.forEach((e, i) => {
        e._id = `${prefix}${this.tag}-${String(i + 1).padStart(6, '0')}`;
      });
      // arrival order: up to 2 s out of order, well inside every source's watermark
      const arrival = list.map((e) => ({ e, at: e._t + this.rnd.uniform(0, 2000) }));
      arrival.sort((a, b) => a.at - b.at);
      streams[name] = arrival.map(({ e }) => {
        const { _t, _id, ...rest } = e;
        return { [field]: _id, ts: new Date(_t).toISOString(), ...rest };
      });
    }
    const planted = this.plants.map((p, i) => ({
      id: `F${String(i + 1).padStart(2, '0')}`,
      rule: p.rule,
      kind: p.kind,
      stream: STREAMS.find((name) => this.events[name].includes(p.events[0])),
      key: p.key,
      keys: p.keys,
      from: Math.min(...p.events.map((e) => e._t)),
      to: Math.max(...p.events.map((e) => e._t)),
      events: p.events.map((e) => e._id),
      note: p.note,
    }));
    return { start: this.start, end: this.end, streams, planted };
  }
}

/** the impossible_travel rule's distance lower bound, in km */
export function lowerBoundKm(a, b) {
  const dlon = Math.abs(a.lon - b.lon);
  return 111 * Math.max(Math.abs(a.lat - b.lat), 0.5 * Math.min(dlon, 360 - dlon));
}
