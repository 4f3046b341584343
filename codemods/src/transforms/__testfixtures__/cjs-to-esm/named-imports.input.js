const { EventEmitter, once } = require('events');
const readFile = require('fs').readFile;
const { cloneDeep, merge: mergeDeep } = require('lodash');
const MongoClient = require('mongodb').MongoClient;
const { a, b } = require('./local');

exports.run = function () {
  return [EventEmitter, once, readFile, cloneDeep, mergeDeep, MongoClient, a, b];
};
