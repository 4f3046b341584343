/**
 * A 2D point.
 * @param {number} x
 * @param {number} y
 */
function Point(x, y) {
  // both coordinates are required
  this.x = x;
  this.y = y;
}

/**
 * Distance to another point.
 * @param {Point} other
 */
Point.prototype.distanceTo = function (other) {
  var dx = this.x - other.x;
  var dy = this.y - other.y;
  return Math.sqrt(dx * dx + dy * dy); // euclidean
};

Point.prototype.toString = function () {
  return '(' + this.x + ', ' + this.y + ')';
};

// the point everything is measured from
Point.origin = function () {
  return new Point(0, 0);
};

Point.prototype['move-by'] = function (dx, dy) {
  return new Point(this.x + dx, this.y + dy);
};

Point.dimensions = 2;

module.exports = Point;
