/** Queue operations. */
class Queue {
  constructor() {
    this.items = [];
  }

  push(item) {
    if (this.items.length >= this.limit) {
      return false;
    }
    this.items.push(item);
    return true;
  }

  get size() {
    return this.items.length;
  }
}

// how many items a queue takes
Queue.prototype.limit = 100;

module.exports = Queue;
