/**
 * Direct rooms, unread counts, and the socket server lookup.
 */
var express = require('express');
var Room = require('../../models/room');
var chat = require('../../services/chat');
var loadbalancer = require('../../services/loadbalancer');
var requireUser = require('../middleware/auth');

var router = express.Router();

router.post('/direct/:userId', requireUser, function (req, res, next) {
  chat.openDirect(req.user, req.params.userId).then(function (room) {
    res.json(Room.toJSON(room));
  }).catch(next);
});

router.get('/unread', requireUser, function (req, res, next) {
  chat.unread(req.user).then(function (counts) {
    res.json(counts);
  }).catch(next);
});

router.get('/server', function (req, res, next) {
  var self = req.protocol + '://' + req.get('host');
  loadbalancer.pick(self).then(function (answer) {
    res.json(answer);
  }).catch(next);
});

module.exports = router;
