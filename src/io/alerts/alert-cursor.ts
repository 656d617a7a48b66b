// Page cursors for GET /alerts: opaque to clients, the stored number of the last alert returned.

export function encodeCursor(n: number): string {
  return Buffer.from(`n:${n}`).toString('base64url');
}

/** The number, or null for a cursor this service did not make. */
export function decodeCursor(cursor: string): number | null {
  const m = /^n:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m === null ? null : Number(m[1]);
}
