var express = require('express');
var Promise = require('bluebird');
var db = require('./db');

var router = express.Router();

// handlers that end with a chain handing its errors to next: Express sends a synchronous throw to next too,
// so what runs before the chain goes inside the try
router.get('/:id', async function (req, res, next) {
  try {
    var id = Number(req.params.id);
    const doc = await db.findAsync(id);
    res.json(doc);
  } catch (err) {
    next(err);
  }
});

router.post('/', requireUser, async function (req, res, next) {
  try {
    const doc = await db.insertAsync(req.body);
    res.status(201).json(doc);
  } catch (err) {
    // bluebird ran this handler in a later tick, even after a synchronous throw
    await null;

    next(err);
  }
});

// left alone: the chain's errors go elsewhere than next (a synchronous throw would not reach that handler)
router.get('/count', function (req, res, next) {
  db.countAsync().then(function (n) {
    res.json(n);
  }).catch(function () {
    res.status(500).end();
  });
});

// left alone: next is not the one the chain was built with
router.put('/:id', function (req, res, next) {
  next = wrap(next);
  db.updateAsync(req.params.id, req.body).then(function () {
    res.end();
  }).catch(next);
});

function requireUser(req, res, next) {
  next();
}

function wrap(fn) {
  return fn;
}

module.exports = router;
