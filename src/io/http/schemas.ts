// JSON schemas of the API, for request validation and the OpenAPI document at /docs/json.
// Responses are serialised with JSON.stringify (see app.ts), so response schemas only document.

export const errorSchema = {
  $id: 'error',
  type: 'object',
  description: 'Every 4xx/5xx answer',
  properties: {
    statusCode: { type: 'integer' },
    code: { type: 'string', description: 'stable CEP_... code' },
    error: { type: 'string' },
    message: { type: 'string' },
    line: { type: 'integer', description: '1-based line (NDJSON) or array index + 1 of the bad event' },
    diagnostics: { type: 'array', items: { $ref: 'diagnostic#' } },
  },
  required: ['statusCode', 'code', 'error', 'message'],
} as const;

export const diagnosticSchema = {
  $id: 'diagnostic',
  type: 'object',
  properties: {
    code: { type: 'string' },
    severity: { type: 'string', enum: ['error', 'warning'] },
    message: { type: 'string' },
    file: { type: 'string' },
    line: { type: 'integer' },
    column: { type: 'integer' },
    endLine: { type: 'integer' },
    endColumn: { type: 'integer' },
  },
} as const;

export const alertSchema = {
  $id: 'alert',
  type: 'object',
  description: 'An alert as LANGUAGE.md section 10 writes it',
  properties: {
    id: { type: 'string' },
    rule: { type: 'string' },
    version: { type: 'string' },
    kind: { type: 'string', enum: ['match', 'timeout', 'window'] },
    key: {},
    severity: { type: 'string', enum: ['low', 'medium', 'high', 'critical'] },
    start: { type: 'number' },
    end: { type: 'number' },
    detectedAt: { type: 'number' },
    revision: { type: 'integer' },
    events: { type: 'object', additionalProperties: { type: 'array' } },
    fields: { type: 'object', additionalProperties: true },
  },
  additionalProperties: true,
} as const;

export const ruleSchema = {
  $id: 'rule',
  type: 'object',
  properties: {
    name: { type: 'string' },
    file: { type: 'string' },
    version: { type: 'string' },
    kind: { type: 'string', enum: ['pattern', 'window'] },
    status: { type: 'string', enum: ['running', 'disabled', 'error'] },
    description: { type: ['string', 'null'] },
    severity: { type: 'string' },
    tags: { type: 'array', items: { type: 'string' } },
    from: { type: 'string', description: 'the source (stream) the rule reads' },
    lastError: { type: ['string', 'null'] },
    counters: {
      type: 'object',
      properties: Object.fromEntries(['events', 'matches', 'timeouts', 'partialMatches', 'late', 'dropped'].map((k) => [k, { type: 'integer' }])),
    },
  },
  additionalProperties: true,
} as const;

export const alertFilterQuery = {
  rule: { type: 'string' },
  key: { type: 'string', description: 'the alert key; a non-string key as its JSON text' },
  kind: { type: 'string', enum: ['match', 'timeout', 'window'] },
  severity: { type: 'string', enum: ['low', 'medium', 'high', 'critical'] },
} as const;

export const ruleFileParams = {
  type: 'object',
  properties: { file: { type: 'string', description: '[A-Za-z0-9._-]+.cep' } },
  required: ['file'],
} as const;

export const errorResponses = {
  '4xx': { $ref: 'error#' },
  '5xx': { $ref: 'error#' },
} as const;
