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
} as const;
