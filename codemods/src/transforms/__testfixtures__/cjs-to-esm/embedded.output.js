import Promise from 'bluebird';
import commands from './commands.js';
import mentions from './plugins/mentions.js';
import push from './push.js';
import debugModule from 'debug';

var AVAILABLE = {
  commands,
  mentions,
  'push-gateway': push
};
var debug = debugModule('parrot');

export function all() {
  return Promise.resolve(Object.keys(AVAILABLE));
}

const embedded = {
  AVAILABLE,
  debug,
  all
};
export default embedded;
export { AVAILABLE, debug, embedded as 'module.exports' };
