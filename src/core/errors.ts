/**
 * Errors with a stable machine-readable code and context. The HTTP layer turns them into
 * answers in one place; anything that is not an AppError becomes a generic 500.
 */
export type ErrorCode =
  | 'BAD_INPUT'
  | 'NOT_FOUND'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'TOO_LARGE'
  | 'BAD_CONFIG'
  | 'KB_INVALID'
  | 'STORE_UNAVAILABLE'
  | 'CHANNEL_FAILED'
  | 'LOCK_TIMEOUT';

const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_INPUT: 400,
  NOT_FOUND: 404,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  TOO_LARGE: 413,
  BAD_CONFIG: 500,
  KB_INVALID: 500,
  STORE_UNAVAILABLE: 503,
  CHANNEL_FAILED: 502,
  LOCK_TIMEOUT: 503,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly context: Record<string, unknown>;
  constructor(code: ErrorCode, message: string, context: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.context = context;
  }
  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/**
 * A channel's refusal to deliver. `permanent` means retrying is pointless (the user blocked the
 * bot, the chat is gone); the pipeline then records the failure and marks the user unreachable.
 */
export class DeliveryError extends AppError {
  readonly permanent: boolean;
  constructor(message: string, opts: { permanent: boolean; channel: string; status?: number; cause?: unknown }) {
    super('CHANNEL_FAILED', message, { channel: opts.channel, status: opts.status }, { cause: opts.cause });
    this.name = 'DeliveryError';
    this.permanent = opts.permanent;
  }
}
