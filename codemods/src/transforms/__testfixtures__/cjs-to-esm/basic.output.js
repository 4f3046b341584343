/**
 * A service module.
 */
import path from 'path';
import express from 'express';
import store from './store.js';

function list(req, res) {
  res.json(store.all());
}

/** adds one */
export function add(req, res) {
  store.add(req.body);
  res.sendStatus(201);
}

const basic = {
  // the routes
  list,
  add,
  root: path.join('/', 'srv'), // where it lives
  router: express.Router()
};
export default basic;
export { list, basic as 'module.exports' };
