var util = require('util');

/** Errors sent to clients. */
function AppError(code, message) {
  Error.call(this, message);
  Error.captureStackTrace(this, this.constructor);
  this.name = 'AppError';
  this.code = code;
  this.message = message || code;
}
util.inherits(AppError, Error);

AppError.prototype.toJSON = function () {
  return { code: this.code, message: this.message };
};

function NotFound(what) {
  AppError.call(this, 'NOT_FOUND', what + ' not found');
  this.name = 'NotFound';
}
util.inherits(NotFound, AppError);

module.exports = { AppError: AppError, NotFound: NotFound };
