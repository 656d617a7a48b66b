// Where a JSON text first goes wrong. JSON.parse's messages give a position only for some errors
// (V8 quotes a snippet for others), and a 400 must say where the bad event is, so on the error
// path this small scanner walks the text and returns the offset of the first character that
// cannot continue a JSON value. Only called after JSON.parse has failed.

export function jsonErrorOffset(text: string): number {
  const s = new Scanner(text);
  try {
    s.value();
    s.space();
    return s.i < text.length ? s.i : text.length;
  } catch (e) {
    if (e instanceof Stop) return e.offset;
    throw e;
  }
}

class Stop {
  constructor(readonly offset: number) {}
}

class Scanner {
  i = 0;

  constructor(private readonly t: string) {}

  space(): void {
    while (this.i < this.t.length && ' \t\n\r'.includes(this.t[this.i])) this.i++;
  }

  value(): void {
    this.space();
    const c = this.t[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    for (const word of ['true', 'false', 'null']) {
      if (this.t.startsWith(word, this.i)) {
        this.i += word.length;
        return;
      }
    }
    throw new Stop(this.i);
  }

  private object(): void {
    this.i++;
    this.space();
    if (this.t[this.i] === '}') {
      this.i++;
      return;
    }
    for (;;) {
      this.space();
      if (this.t[this.i] !== '"') throw new Stop(this.i);
      this.string();
      this.expect(':');
      this.value();
      if (this.after('}')) return;
    }
  }

  private array(): void {
    this.i++;
    this.space();
    if (this.t[this.i] === ']') {
      this.i++;
      return;
    }
    for (;;) {
      this.value();
      if (this.after(']')) return;
    }
  }

  /** After a member: `,` (false: another member follows) or the closing bracket (true: done). */
  private after(close: string): boolean {
    this.space();
    const c = this.t[this.i];
    if (c === close) {
      this.i++;
      return true;
    }
    if (c !== ',') throw new Stop(this.i);
    this.i++;
    return false;
  }

  private expect(c: string): void {
    this.space();
    if (this.t[this.i] !== c) throw new Stop(this.i);
    this.i++;
  }

  private string(): void {
    this.i++;
    while (this.i < this.t.length) {
      const c = this.t[this.i];
      if (c === '"') {
        this.i++;
        return;
      }
      if (c === '\n' || c < ' ') throw new Stop(this.i);
      this.i += c === '\\' ? 2 : 1;
    }
    throw new Stop(this.i);
  }

  private number(): void {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.t.slice(this.i, this.i + 400));
    if (m === null) throw new Stop(this.i);
    this.i += m[0].length;
  }
}
