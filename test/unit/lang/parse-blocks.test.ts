// Parsing source and rule blocks: every clause of LANGUAGE.md sections 3, 4 and 8, free layout.
import { parseOk, rule, show } from './helpers';

describe('layout', () => {
  test('a block may sit on one line', () => {
    const ast = parseOk('source events { watermark 4ms } rule r { key user pattern a -> b within 5m }');
    expect(ast.sources.map((s) => s.name)).toEqual(['events']);
    expect(ast.sources[0].watermark?.ms).toBe(4);
    expect(ast.rules[0].within?.ms).toBe(300_000);
  });

  test('newlines are whitespace anywhere', () => {
    const r = rule('rule\nr\n{\nkey\nuser\npattern\na\n->\nb\nwhere\na\n:\nx\n==\n1\n}');
    expect(r.where?.entries.map((e) => [e.step, show(e.expr)])).toEqual([['a', '(== x 1)']]);
  });

  test('comments stand anywhere whitespace may', () => {
    const r = rule('rule /*a*/ r /*b*/ { // c\n pattern /* d */ a // e\n where a: /* f */ x > 1 /* g */ }');
    expect(show(r.where!.entries[0].expr)).toBe('(> x 1)');
  });

  test('clauses in any order', () => {
    const r = rule('rule r { emit { a: 1 } within 1s pattern a key k severity low }');
    expect(r.clauses?.map((c) => c.name)).toEqual(['emit', 'within', 'pattern', 'key', 'severity']);
  });

  test('an empty file and a file of comments have no blocks', () => {
    expect(parseOk('')).toMatchObject({ sources: [], rules: [] });
    expect(parseOk('// nothing\n/* here */')).toMatchObject({ sources: [], rules: [] });
  });
});

describe('source blocks', () => {
  test('every clause', () => {
    const ast = parseOk(`source tx {
      topic "transactions"
      time meta.ts
      watermark 10s
      idle 1m
      lateness 2h
      format json
    }`);
    const s = ast.sources[0];
    expect(s.name).toBe('tx');
    expect(s.topic?.value).toBe('transactions');
    expect(s.time?.path).toEqual(['meta', 'ts']);
    expect([s.watermark?.ms, s.idle?.ms, s.lateness?.ms]).toEqual([10_000, 60_000, 7_200_000]);
    expect(s.watermark?.text).toBe('10s');
    expect(s.format?.value).toBe('json');
    expect(s.clauses?.map((c) => c.name)).toEqual(['topic', 'time', 'watermark', 'idle', 'lateness', 'format']);
  });

  test('an empty source and a reserved-word time path', () => {
    const ast = parseOk("source a {} source b { time event.key topic 'b' }");
    expect(ast.sources[0].clauses).toEqual([]);
    expect(ast.sources[1].time?.path).toEqual(['event', 'key']);
    expect(ast.sources[1].topic?.value).toBe('b');
  });
});

describe('rule clauses', () => {
  test('description, tags, severity, enabled, from', () => {
    const r = rule(`rule r {
      description "Many \\"tiny\\" charges"
      tags ["a", 'b']
      severity critical
      enabled false
      from transactions
      pattern a
    }`);
    expect(r.description?.value).toBe('Many "tiny" charges');
    expect(r.tags?.values).toEqual(['a', 'b']);
    expect(r.severity?.value).toBe('critical');
    expect(r.enabled?.value).toBe(false);
    expect(r.from?.name).toBe('transactions');
  });

  test('empty tags and enabled true', () => {
    const r = rule('rule r { tags [] enabled true pattern a }');
    expect(r.tags?.values).toEqual([]);
    expect(r.enabled?.value).toBe(true);
  });

  test('key paths name fields, reserved words included: key key', () => {
    expect(rule('rule r { key key pattern a }').key?.paths).toEqual([['key']]);
    const r = rule('rule r { key user.id, items[0].sku, event["user-id"], where pattern a }');
    expect(r.key?.paths).toEqual([['user', 'id'], ['items', 0, 'sku'], ['event', 'user-id'], ['where']]);
  });

  test('key is a clause word and the partition key in expressions', () => {
    const r = rule('rule r { filter key == "k" key key pattern a emit { k: key } }');
    expect(show(r.filter!.expr)).toBe('(== <key> "k")');
    expect(r.key?.paths).toEqual([['key']]);
    expect(show(r.emit!.fields[0].expr)).toBe('<key>');
  });

  test('filter', () => {
    expect(show(rule('rule r { filter type == "login" pattern a }').filter!.expr)).toBe('(== type "login")');
  });

  test('where entries with and without commas', () => {
    const bare = rule('rule r { pattern a b c where a: x == 1 b: y c: not z }');
    const commas = rule('rule r { pattern a b c where a: x == 1, b: y, c: not z }');
    const mixed = rule('rule r { pattern a b c where a: x == 1, b: y c: not z }');
    for (const r of [bare, commas, mixed]) {
      expect(r.where?.entries.map((e) => `${e.step}=${show(e.expr)}`)).toEqual(['a=(== x 1)', 'b=y', 'c=(not z)']);
    }
  });

  test('a where entry runs until the next NAME: or clause word', () => {
    const r = rule('rule r { pattern a -> b where a: x\n  > 1 and\n y b: z within 1m }');
    expect(r.where?.entries.map((e) => show(e.expr))).toEqual(['(and (> x 1) y)', 'z']);
    expect(r.within?.ms).toBe(60_000);
  });

  test('within and within session gap, alone and together', () => {
    const r = rule('rule r { pattern a within 10m within session gap 30s }');
    expect(r.within).toMatchObject({ ms: 600_000, text: '10m' });
    expect(r.withinSession).toMatchObject({ ms: 30_000, text: '30s' });
    expect(r.withinSession?.clauseSpan.col).toBe(31);
  });

  test.each([
    ['skip to next', { kind: 'toNext' }],
    ['skip past last', { kind: 'pastLast' }],
    ['skip to first a', { kind: 'toFirst', step: 'a' }],
    ['skip to last b', { kind: 'toLast', step: 'b' }],
    ['no skip', { kind: 'noSkip' }],
  ])('%s', (clause, expected) => {
    expect(rule(`rule r { pattern a -> b ${clause} }`).skip).toMatchObject(expected);
  });

  test('emit: reserved words and strings as names, trailing comma, {}', () => {
    const r = rule('rule r { pattern a emit { key: key, window: 1, "user-id": 2, \'x y\': 3, where: 4, } }');
    expect(r.emit?.fields.map((f) => f.name)).toEqual(['key', 'window', 'user-id', 'x y', 'where']);
    expect(rule('rule r { pattern a emit {} }').emit?.fields).toEqual([]);
    expect(rule('rule r { pattern a emit { } }').emit?.fields).toEqual([]);
  });

  test('on timeout emit', () => {
    const r = rule('rule r { pattern a -> b within 1m on timeout emit { reason: "late" } emit { n: 1 } }');
    expect(r.timeoutEmit?.fields.map((f) => f.name)).toEqual(['reason']);
    expect(r.emit?.fields.map((f) => f.name)).toEqual(['n']);
    expect(rule('rule r { pattern a within 1m on timeout emit {} }').timeoutEmit?.fields).toEqual([]);
  });

  test('suppress and max partial', () => {
    const r = rule('rule r { pattern a suppress 10m max partial 500 }');
    expect(r.suppress?.ms).toBe(600_000);
    expect(r.maxPartial?.value).toBe(500);
  });

  test('max is a clause word and a function', () => {
    const r = rule('rule r { pattern a where a: max(x, 1) > 2 max partial 5 }');
    expect(show(r.where!.entries[0].expr)).toBe('(> (call max x 1) 2)');
    expect(r.maxPartial?.value).toBe(5);
  });
});

describe('window rules', () => {
  test('tumbling', () => {
    const r = rule('rule r { window tumbling 5m aggregate n = count() }');
    expect(r.window).toMatchObject({ kind: 'tumbling', size: { ms: 300_000 } });
  });

  test('sliding', () => {
    const r = rule('rule r { window sliding 10m every 5m aggregate n = count() }');
    expect(r.window).toMatchObject({ kind: 'sliding', size: { ms: 600_000 }, slide: { ms: 300_000 } });
  });

  test('session', () => {
    const r = rule('rule r { window session gap 30m aggregate n = count() }');
    expect(r.window).toMatchObject({ kind: 'session', gap: { ms: 1_800_000 } });
  });

  test('aggregate and having; window.start is window then member access', () => {
    const r = rule(`rule r {
      window tumbling 1m
      aggregate total = sum(amount), n = count(), hi = max(price), m = distinct_count(merchant)
      having total > 10 and window.end - window.start == 1m
    }`);
    expect(r.aggregate?.items.map((a) => [a.name, a.fn, a.arg === null ? null : show(a.arg)])).toEqual([
      ['total', 'sum', 'amount'],
      ['n', 'count', null],
      ['hi', 'max', 'price'],
      ['m', 'distinct_count', 'merchant'],
    ]);
    expect(show(r.having!.expr)).toBe(
      '(and (> total 10) (== (- (. <window> end) (. <window> start)) 60000ms))',
    );
  });
});

describe('spans and source text', () => {
  test('sourceText is the block, from rule to its closing brace', () => {
    const ast = parseOk('// head\nrule a { pattern x }\n\nrule b {\n  pattern y\n}  // tail\n');
    expect(ast.rules.map((r) => r.sourceText)).toEqual(['rule a { pattern x }', 'rule b {\n  pattern y\n}']);
  });

  test('rule, name, clause and step spans are 1-based with an exclusive end', () => {
    const r = rule('rule abc {\n  pattern a -> bb\n}');
    expect(r.span).toEqual({ line: 1, col: 1, endLine: 3, endCol: 2 });
    expect(r.nameSpan).toEqual({ line: 1, col: 6, endLine: 1, endCol: 9 });
    expect(r.clauses?.[0].span).toEqual({ line: 2, col: 3, endLine: 2, endCol: 18 });
    expect(r.pattern?.elements[1].item.span).toEqual({ line: 2, col: 16, endLine: 2, endCol: 18 });
  });

  test('a repeated clause keeps the first value and is listed twice', () => {
    const r = rule('rule r { pattern a within 1s within 2s }');
    expect(r.within?.ms).toBe(1000);
    expect(r.clauses?.map((c) => c.name)).toEqual(['pattern', 'within', 'within']);
  });
});
