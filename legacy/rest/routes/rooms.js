var express = require('express');
var Promise = require('bluebird');
var Room = require('../../models/room');
var Message = require('../../models/message');
var chat = require('../../services/chat');
var validate = require('../../utils/validate');
var requireUser = require('../middleware/auth');

var router = express.Router();
router.use(requireUser);

router.get('/', function (req, res, next) {
  Room.listForUser(req.user._id).then(function (rooms) {
    res.json(rooms.map(Room.toJSON));
  }).catch(next);
});

router.post('/', function (req, res, next) {
  Promise.try(function () {
    validate.requireObject(req.body, 'body');
    return chat.createRoom(req.user, req.body.name, req.body.members);
  }).then(function (room) {
    res.status(201).json(Room.toJSON(room));
  }).catch(next);
});

router.post('/:id/join', function (req, res, next) {
  chat.joinRoom(req.user, req.params.id).then(function (room) {
    res.json(Room.toJSON(room));
  }).catch(next);
});

router.post('/:id/leave', function (req, res, next) {
  chat.leaveRoom(req.user, req.params.id).then(function () {
    res.json({ ok: true });
  }).catch(next);
});

router.get('/:id/messages', function (req, res, next) {
  chat.history(req.user, req.params.id, req.query.before, req.query.limit).then(function (page) {
    res.json(page);
  }).catch(next);
});

router.post('/:id/messages', function (req, res, next) {
  Promise.try(function () {
    validate.requireObject(req.body, 'body');
    return chat.postMessage(req.user, req.params.id, req.body.text, req.body.clientId, null);
  }).spread(function (message, created) {
    res.status(created ? 201 : 200).json(Message.toJSON(message));
  }).catch(next);
});

module.exports = router;
