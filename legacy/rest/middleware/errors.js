/**
 * JSON errors: {error: {code, message}} with the error's status.
 */
var errors = require('../../utils/errors');
var logger = require('../../utils/logger');

function notFound(req, res) {
  res.status(404).json({ error: { code: 'NOT_FOUND', message: 'no route ' + req.method + ' ' + req.originalUrl } });
}

// express needs all four arguments to see an error handler
// eslint-disable-next-line no-unused-vars
function handler(err, req, res, next) {
  var status;
  var payload;
  if (err && err.type === 'entity.parse.failed') {
    status = 400;
    payload = { code: 'INVALID_JSON', message: 'request body is not valid JSON' };
  } else if (err && err.type === 'entity.too.large') {
    status = 413;
    payload = { code: 'PAYLOAD_TOO_LARGE', message: 'request body is too large' };
  } else if (err && (err.type === 'charset.unsupported' || err.type === 'encoding.unsupported')) {
    status = 415;
    payload = { code: 'VALIDATION_ERROR', message: err.message };
  } else {
    status = errors.statusOf(err);
    payload = errors.toPayload(err);
  }
  if (status >= 500) {
    logger.error('%s %s failed: %s', req.method, req.originalUrl, err && err.stack ? err.stack : err);
  }
  res.status(status).json({ error: payload });
}

module.exports = {
  notFound: notFound,
  handler: handler
};
