import { EventEmitter, once } from 'events';
import { readFile } from 'fs';
import lodash from 'lodash';
const { cloneDeep, merge: mergeDeep } = lodash;
import mongodb from 'mongodb';
const MongoClient = mongodb.MongoClient;
import local from './local.js';
const { a, b } = local;

export function run() {
  return [EventEmitter, once, readFile, cloneDeep, mergeDeep, MongoClient, a, b];
}
const namedImports = { run };
export default namedImports;
export { namedImports as 'module.exports' };
