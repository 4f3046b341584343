/**
 * Bearer token -> req.user
 */
var Session = require('../../models/session');
var errors = require('../../utils/errors');

module.exports = function requireUser(req, res, next) {
  var header = req.get('authorization') || '';
  var match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) {
    return next(new errors.AuthError('missing Authorization: Bearer <token>'));
  }
  Session.resolve(match[1]).then(function (user) {
    req.user = user;
    next();
  }).catch(next);
};
