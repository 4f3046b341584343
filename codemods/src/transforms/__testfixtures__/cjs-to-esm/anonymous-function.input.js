var errors = require('../utils/errors');

module.exports = function (req, res, next) {
  if (!req.user) {
    return next(new errors.AuthError());
  }
  next();
};
