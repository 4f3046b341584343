import errors from '../utils/errors.js';

export default function anonymousFunction(req, res, next) {
  if (!req.user) {
    return next(new errors.AuthError());
  }
  next();
}
export { anonymousFunction as 'module.exports' };
