function Pool(size) {
  var cached = Pool.instances[size];
  if (cached) {
    return cached;
  }
  this.size = size;
  Pool.instances[size] = this;
}

Pool.instances = {};

Pool.prototype.take = function () {
  return this.size--;
};

module.exports = Pool;
