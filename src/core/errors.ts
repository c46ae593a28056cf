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
