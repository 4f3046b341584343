import util from 'util';
import { EventEmitter } from 'events';

function Limiter(count) {
  EventEmitter.call(this);
  this.count = count;
}
util.inherits(Limiter, EventEmitter);

export default Limiter;
export { Limiter as 'module.exports' };
