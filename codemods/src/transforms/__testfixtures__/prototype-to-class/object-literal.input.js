function Queue() {
  this.items = [];
}

/** Queue operations. */
Queue.prototype = {
  constructor: Queue,
  // how many items a queue takes
  limit: 100,
  push: function (item) {
    if (this.items.length >= this.limit) {
      return false;
    }
    this.items.push(item);
    return true;
  },
  get size() {
    return this.items.length;
  }
};

module.exports = Queue;
