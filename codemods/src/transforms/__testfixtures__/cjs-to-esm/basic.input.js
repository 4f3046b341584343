/**
 * A service module.
 */
'use strict';

var path = require('path');
var express = require('express');
var store = require('./store');

function list(req, res) {
  res.json(store.all());
}

module.exports = {
  // the routes
  list: list,
  /** adds one */
  add: function (req, res) {
    store.add(req.body);
    res.sendStatus(201);
  },
  root: path.join('/', 'srv'), // where it lives
  router: express.Router()
};
