/**
 * A 2D point.
 * @param {number} x
 * @param {number} y
 */
class Point {
  constructor(x, y) {
    // both coordinates are required
    this.x = x;
    this.y = y;
  }

  /**
   * Distance to another point.
   * @param {Point} other
   */
  distanceTo(other) {
    var dx = this.x - other.x;
    var dy = this.y - other.y;
    return Math.sqrt(dx * dx + dy * dy); // euclidean
  }

  toString() {
    return '(' + this.x + ', ' + this.y + ')';
  }

  // the point everything is measured from
  static origin() {
    return new Point(0, 0);
  }

  'move-by'(dx, dy) {
    return new Point(this.x + dx, this.y + dy);
  }
}

Point.dimensions = 2;

module.exports = Point;
