// Typed errors with stable codes. `retriable` tells the one retry policy (io/retry.ts) whether
// trying again can help, as kafkajs's errors do.

export class CepheusError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retriable = false,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'CepheusError';
  }
}

export const ErrorCodes = {
  RULES_INVALID: 'CEP_RULES_INVALID',
  USAGE: 'CEP_USAGE',
  FILE_UNREADABLE: 'CEP_FILE_UNREADABLE',
  NO_RUNTIME: 'CEP_NO_RUNTIME',
  RULE_NOT_FOUND: 'CEP_RULE_NOT_FOUND',
  CONFIG_INVALID: 'CEP_CONFIG_INVALID',
  // the service (src/service, src/io): start-up, data directory, intake
  RULES_UNREADABLE: 'CEP_RULES_UNREADABLE',
  LISTEN_FAILED: 'CEP_LISTEN_FAILED',
  DATA_DIR_LOCKED: 'CEP_DATA_DIR_LOCKED',
  DATA_CORRUPT: 'CEP_DATA_CORRUPT',
  DATA_WRITE_FAILED: 'CEP_DATA_WRITE_FAILED',
  BUSY: 'CEP_BUSY',
  NOT_READY: 'CEP_NOT_READY',
  UNHEALTHY: 'CEP_UNHEALTHY',
  // the HTTP API (API.md "Errors"; doc/service.md lists them)
  BAD_REQUEST: 'CEP_BAD_REQUEST',
  EVENTS_INVALID: 'CEP_EVENTS_INVALID',
  UNKNOWN_SOURCE: 'CEP_UNKNOWN_SOURCE',
  BATCH_TOO_LARGE: 'CEP_BATCH_TOO_LARGE',
  BODY_TOO_LARGE: 'CEP_BODY_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'CEP_UNSUPPORTED_MEDIA_TYPE',
  UNAUTHORIZED: 'CEP_UNAUTHORIZED',
  RATE_LIMITED: 'CEP_RATE_LIMITED',
  NOT_FOUND: 'CEP_NOT_FOUND',
  ALERT_NOT_FOUND: 'CEP_ALERT_NOT_FOUND',
  RULE_FILE_NAME: 'CEP_RULE_FILE_NAME',
  RULE_FILE_NOT_FOUND: 'CEP_RULE_FILE_NOT_FOUND',
  INTERNAL: 'CEP_INTERNAL',
  // Kafka and Redis mode (src/io/kafka, src/io/redis, src/cluster; doc/production.md)
  SCRIPT_MISSING: 'CEP_SCRIPT_MISSING',
  REDIS_UNAVAILABLE: 'CEP_REDIS_UNAVAILABLE',
  KAFKA_UNAVAILABLE: 'CEP_KAFKA_UNAVAILABLE',
  STATE_FENCED: 'CEP_STATE_FENCED',
  PRODUCER_FENCED: 'CEP_PRODUCER_FENCED',
  SNAPSHOT_CORRUPT: 'CEP_SNAPSHOT_CORRUPT',
} as const;
