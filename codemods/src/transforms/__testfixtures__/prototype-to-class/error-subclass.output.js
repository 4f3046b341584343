/** Errors sent to clients. */
class AppError extends Error {
  constructor(code, message) {
    super();
    Error.captureStackTrace(this, this.constructor);
    this.name = 'AppError';
    this.code = code;
    this.message = message || code;
  }

  toJSON() {
    return { code: this.code, message: this.message };
  }
}

class NotFound extends AppError {
  constructor(what) {
    super('NOT_FOUND', what + ' not found');
    this.name = 'NotFound';
  }
}

module.exports = { AppError: AppError, NotFound: NotFound };
