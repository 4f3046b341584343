/**
 * Application errors. Each has a code (sent to clients) and an HTTP status.
 */
var util = require('util');

function AppError(code, message, status) {
  Error.call(this);
  if (Error.captureStackTrace) {
    Error.captureStackTrace(this, this.constructor);
  }
  this.name = 'AppError';
  this.code = code;
  this.message = message || code;
  this.status = status || 500;
}
util.inherits(AppError, Error);

AppError.prototype.toJSON = function () {
  return { code: this.code, message: this.message };
};

function ValidationError(message, code) {
  AppError.call(this, code || 'VALIDATION_ERROR', message, 400);
  this.name = 'ValidationError';
}
util.inherits(ValidationError, AppError);

function AuthError(message, code) {
  AppError.call(this, code || 'UNAUTHORIZED', message || 'authentication required', 401);
  this.name = 'AuthError';
}
util.inherits(AuthError, AppError);

function ForbiddenError(message, code) {
  AppError.call(this, code || 'FORBIDDEN', message || 'forbidden', 403);
  this.name = 'ForbiddenError';
}
util.inherits(ForbiddenError, AppError);

function NotFoundError(message, code) {
  AppError.call(this, code || 'NOT_FOUND', message || 'not found', 404);
  this.name = 'NotFoundError';
}
util.inherits(NotFoundError, AppError);

function ConflictError(message, code) {
  AppError.call(this, code || 'CONFLICT', message || 'conflict', 409);
  this.name = 'ConflictError';
}
util.inherits(ConflictError, AppError);

function RateLimitError(message) {
  AppError.call(this, 'RATE_LIMITED', message || 'too many messages, slow down', 429);
  this.name = 'RateLimitError';
}
util.inherits(RateLimitError, AppError);

function ServiceUnavailableError(message, code) {
  AppError.call(this, code || 'SERVICE_UNAVAILABLE', message || 'service unavailable', 503);
  this.name = 'ServiceUnavailableError';
}
util.inherits(ServiceUnavailableError, AppError);

/**
 * Turns anything thrown into the {code, message} clients get.
 * Unknown errors are hidden behind INTERNAL_ERROR.
 */
function toPayload(err) {
  if (err instanceof AppError) {
    return { code: err.code, message: err.message };
  }
  return { code: 'INTERNAL_ERROR', message: 'internal error' };
}

function statusOf(err) {
  if (err instanceof AppError) {
    return err.status;
  }
  return 500;
}

// bluebird predicate for .catch(isDuplicateKey, ...)
function isDuplicateKey(err) {
  return !!err && (err.errorType === 'uniqueViolated' || err.code === 11000 || err.code === 'DUPLICATE_KEY');
}

module.exports = {
  AppError: AppError,
  ValidationError: ValidationError,
  AuthError: AuthError,
  ForbiddenError: ForbiddenError,
  NotFoundError: NotFoundError,
  ConflictError: ConflictError,
  RateLimitError: RateLimitError,
  ServiceUnavailableError: ServiceUnavailableError,
  toPayload: toPayload,
  statusOf: statusOf,
  isDuplicateKey: isDuplicateKey
};
