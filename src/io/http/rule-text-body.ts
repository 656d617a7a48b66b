// Rule text in a request body: the text itself (text/plain or any type but JSON), or JSON
// `{"source": "..."}`.

import { ErrorCodes } from '../../errors';
import { HttpError } from './http-errors';

export function ruleTextOf(body: unknown, contentType: string | undefined): string {
  const text = typeof body === 'string' ? body : '';
  if (!(contentType ?? '').toLowerCase().includes('json')) return text;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, ErrorCodes.BAD_REQUEST, `body: not valid JSON (${(e as Error).message.slice(0, 200)})`);
  }
  const source = (v as { source?: unknown } | null)?.source;
  if (typeof source !== 'string') throw new HttpError(400, ErrorCodes.BAD_REQUEST, 'body: expected rule text, or JSON {"source": "<rule text>"}');
  return source;
}
