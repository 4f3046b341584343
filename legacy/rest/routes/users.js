var express = require('express');
var Promise = require('bluebird');
var User = require('../../models/user');
var Session = require('../../models/session');
var validate = require('../../utils/validate');
var requireUser = require('../middleware/auth');

var router = express.Router();

router.post('/register', function (req, res, next) {
  Promise.try(function () {
    validate.requireObject(req.body, 'body');
    return User.register(req.body.username, req.body.password);
  }).then(function (user) {
    res.status(201).json(User.toJSON(user));
  }).catch(next);
});

router.post('/login', function (req, res, next) {
  var user;
  Promise.try(function () {
    validate.requireObject(req.body, 'body');
    validate.requireString(req.body.username, 'username');
    validate.requireString(req.body.password, 'password');
    return User.authenticate(req.body.username, req.body.password);
  }).then(function (found) {
    user = found;
    return Session.create(user);
  }).then(function (session) {
    res.json({ token: session.token, user: User.toJSON(user) });
  }).catch(next);
});

router.get('/me', requireUser, function (req, res) {
  res.json(User.toJSON(req.user));
});

router.get('/:id', requireUser, function (req, res, next) {
  User.findById(req.params.id).then(function (user) {
    res.json(User.toJSON(user));
  }).catch(next);
});

module.exports = router;
