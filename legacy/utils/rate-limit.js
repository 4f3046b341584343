/**
 * Sliding-window counter, one per socket.
 */
function RateLimiter(count, windowMs) {
  this.count = count;
  this.windowMs = windowMs;
  this.hits = [];
}

/**
 * Records a hit; false when the limit is already reached (the hit is not counted).
 */
RateLimiter.prototype.take = function (now) {
  now = now || Date.now();
  var start = now - this.windowMs;
  while (this.hits.length && this.hits[0] <= start) {
    this.hits.shift();
  }
  if (this.hits.length >= this.count) {
    return false;
  }
  this.hits.push(now);
  return true;
};

module.exports = RateLimiter;
