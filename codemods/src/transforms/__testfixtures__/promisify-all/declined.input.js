var Promise = require('bluebird');
var redis = require('redis');
var Datastore = require('nedb');

Promise.promisifyAll(redis.RedisClient.prototype);
Promise.promisifyAll(Datastore.prototype);

Datastore.prototype.findSortedAsync = function (query) {
  return Promise.resolve(query);
};

async function run(client, file) {
  await client.getAsync('k');
  var store = new Datastore({ filename: file });
  var other = new Datastore({ filename: file });
  other = client;
  await store.findSortedAsync({});
  await other.countAsync({});
  return store.countAsync({}).tap(function () {});
}

module.exports = { run: run };
