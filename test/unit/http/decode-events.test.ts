// POST /events bodies: what is accepted, and where a rejection points.

import fc from 'fast-check';
import { decodeEvents } from '../../../src/io/http/decode-events';
import { HttpError } from '../../../src/io/http/http-errors';
import { jsonErrorOffset } from '../../../src/io/http/json-error-offset';

function rejection(body: string, ndjson = false): { line: number; message: string } {
  try {
    decodeEvents(body, ndjson);
  } catch (e) {
    expect(e).toBeInstanceOf(HttpError);
    const h = e as HttpError;
    expect(h.statusCode).toBe(400);
    expect(h.code).toBe('CEP_EVENTS_INVALID');
    return { line: h.extra.line as number, message: h.message };
  }
  throw new Error('accepted');
}

describe('decodeEvents', () => {
  it('reads an object, an array of objects, and NDJSON (blank lines, CRLF, BOM)', () => {
    expect(decodeEvents('{"a":1}', false)).toEqual([{ a: 1 }]);
    expect(decodeEvents(' [ {"a":1}, {"b":2} ] ', false)).toEqual([{ a: 1 }, { b: 2 }]);
    expect(decodeEvents('{"a":1}\r\n\r\n{"b":2}\r\n', true)).toEqual([{ a: 1 }, { b: 2 }]);
    expect(decodeEvents('\uFEFF{"a":1}\n{"b":2}', false)).toEqual([{ a: 1 }, { b: 2 }]);
    expect(decodeEvents('{\n  "a": 1\n}', false)).toEqual([{ a: 1 }]);
    expect(decodeEvents('{"_watermark": 5}', false)).toEqual([{ _watermark: 5 }]);
  });

  it('points at the bad line, element or syntax error', () => {
    expect(rejection('')).toMatchObject({ line: 1, message: 'the request body holds no events' });
    expect(rejection('{"a":1}\n{"a":2}\nnope', true)).toMatchObject({ line: 3, message: expect.stringMatching(/^line 3 is not valid JSON at column 1/) });
    expect(rejection('{"a":1}\n{"a":2}\n{"a":}', false).line).toBe(3);
    expect(rejection('[{"a":1}, null]')).toMatchObject({ line: 2, message: 'element 1 is null, not a JSON object' });
    expect(rejection('[[1]]')).toMatchObject({ line: 1, message: 'element 0 is an array, not a JSON object' });
    expect(rejection('[\n{"a":1},\n{"a":1,,}\n]')).toMatchObject({ line: 3, message: expect.stringMatching(/^not valid JSON at line 3 column 8/) });
    expect(rejection('{"a":1}\n{"_watermark":"x"}', true)).toMatchObject({ line: 2, message: 'line 2: "_watermark" must be a number of milliseconds' });
    expect(rejection('true').message).toBe('the body is a boolean, not a JSON object');
  });

  it('never quotes a large body back in the message', () => {
    const body = `[${'{"a":"xxxxxxxxxxxxxxxx"},'.repeat(5000)}{"a":}]`;
    expect(rejection(body).message.length).toBeLessThan(200);
  });
});

describe('jsonErrorOffset', () => {
  it('finds no error in valid JSON', () => {
    fc.assert(fc.property(fc.json(), (text) => jsonErrorOffset(text) === text.length));
  });

  it('finds the first bad character', () => {
    expect(jsonErrorOffset('{"a":}')).toBe(5);
    expect(jsonErrorOffset('[1,2')).toBe(4);
    expect(jsonErrorOffset('{"a":1} x')).toBe(8);
    expect(jsonErrorOffset('"ab\ncd"')).toBe(3);
    expect(jsonErrorOffset('[01]')).toBe(2);
  });

  it('agrees with JSON.parse on what is valid', () => {
    fc.assert(
      fc.property(fc.json(), fc.nat(), fc.string({ maxLength: 2 }), (text, at, junk) => {
        const broken = text.slice(0, at % (text.length + 1)) + junk + text.slice(at % (text.length + 1));
        let valid = true;
        try {
          JSON.parse(broken);
        } catch {
          valid = false;
        }
        const offset = jsonErrorOffset(broken);
        return valid ? offset === broken.length : offset <= broken.length;
      }),
    );
  });
});
