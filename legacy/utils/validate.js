/**
 * Input checks shared by the REST routes and the socket handlers.
 * Each throws a ValidationError with a readable message.
 */
var errors = require('./errors');
var ids = require('./ids');

var USERNAME_RE = /^[A-Za-z0-9_.-]{3,32}$/;

function isPlainObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function requireObject(payload, what) {
  if (!isPlainObject(payload)) {
    throw new errors.ValidationError((what || 'payload') + ' must be an object');
  }
  return payload;
}

function requireString(value, field, min, max) {
  if (typeof value !== 'string') {
    throw new errors.ValidationError(field + ' must be a string');
  }
  if (min !== undefined && value.length < min) {
    throw new errors.ValidationError(field + ' must be at least ' + min + ' characters');
  }
  if (max !== undefined && value.length > max) {
    throw new errors.ValidationError(field + ' must be at most ' + max + ' characters');
  }
  return value;
}

function requireId(value, field) {
  if (!ids.isId(value)) {
    throw new errors.ValidationError(field + ' must be an id');
  }
  return value;
}

function optionalId(value, field) {
  if (value === undefined || value === null || value === '') {
    return null;
  }
  return requireId(value, field);
}

function username(value) {
  requireString(value, 'username');
  if (!USERNAME_RE.test(value)) {
    throw new errors.ValidationError('username must be 3-32 characters of letters, digits, _ . -');
  }
  return value;
}

function password(value) {
  return requireString(value, 'password', 6, 128);
}

function roomName(value, max) {
  requireString(value, 'name');
  var name = value.trim();
  if (name.length === 0) {
    throw new errors.ValidationError('name must not be empty');
  }
  if (name.length > max) {
    throw new errors.ValidationError('name must be at most ' + max + ' characters');
  }
  return name;
}

function messageText(value, max) {
  requireString(value, 'text');
  if (value.trim().length === 0) {
    throw new errors.ValidationError('text must not be empty');
  }
  if (value.length > max) {
    throw new errors.ValidationError('text must be at most ' + max + ' characters', 'TEXT_TOO_LONG');
  }
  return value;
}

function clientId(value) {
  if (value === undefined || value === null) {
    return null;
  }
  requireString(value, 'clientId', 1, 64);
  return value;
}

function limit(value, def, max) {
  if (value === undefined || value === null || value === '') {
    return def;
  }
  var n = Number(value);
  if (!/^\d+$/.test(String(value)) || n < 1 || n > max) {
    throw new errors.ValidationError('limit must be an integer from 1 to ' + max);
  }
  return n;
}

function idList(value, field) {
  if (value === undefined || value === null) {
    return [];
  }
  if (!Array.isArray(value)) {
    throw new errors.ValidationError(field + ' must be an array of ids');
  }
  if (value.length > 500) {
    throw new errors.ValidationError(field + ' must have at most 500 entries');
  }
  value.forEach(function (v) {
    requireId(v, field + '[]');
  });
  return value;
}

module.exports = {
  isPlainObject: isPlainObject,
  requireObject: requireObject,
  requireString: requireString,
  requireId: requireId,
  optionalId: optionalId,
  username: username,
  password: password,
  roomName: roomName,
  messageText: messageText,
  clientId: clientId,
  limit: limit,
  idList: idList
};
