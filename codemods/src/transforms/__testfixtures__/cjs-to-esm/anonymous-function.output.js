import errors from '../utils/errors.js';

const anonymousFunction = function (req, res, next) {
  if (!req.user) {
    return next(new errors.AuthError());
  }
  next();
};
export default anonymousFunction;
export { anonymousFunction as 'module.exports' };
