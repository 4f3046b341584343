var Promise = require('bluebird');
var lib = require('./lib');

function run(hook, ctx) {
  return Promise.each(lib.enabled(), function (plugin) {
    return plugin[hook](ctx);
  });
}

async function handlers(list, fn) {
  await Promise.each(list, fn);
  await Promise.each(list, function (item, index) {
    lib.log(item, index);
  });
  await Promise.each(list, function (item) {
    if (!item) {
      return;
    }
    lib.log(item);
  });
  await Promise.map(list, function (item, index, length) {
    return item + index + length;
  });
  await Promise.map(list, lib.save, { concurrency: 2 });
  await Promise.map(list, function (item) {
    return lib.save(item);
  }, { concurrency: 2 });
  await Promise.map(list, function (item) {
    return lib.save(item);
  }, lib.options);
  await Promise.mapSeries(list, lib.save);
  return Promise.join(lib.a(), lib.b(), function (a, b) {
    return a + b;
  });
}

module.exports = { run: run, handlers: handlers };
