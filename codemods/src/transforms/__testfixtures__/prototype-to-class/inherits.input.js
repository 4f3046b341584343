var util = require('util');

function Shape(name) {
  this.name = name;
}

Shape.prototype.describe = function () {
  return 'a ' + this.name;
};

/** A shape with a size. */
function Square(size) {
  var checked = Math.abs(size);
  Shape.call(this, 'square');
  this.size = checked;
}

// Square is a Shape
util.inherits(Square, Shape);

Square.prototype.area = function () {
  return this.size * this.size;
};

function Cube() {
  Square.apply(this, arguments);
}
util.inherits(Cube, Square);

Cube.prototype.volume = function () {
  return this.area() * this.size;
};

module.exports = { Shape: Shape, Square: Square, Cube: Cube };
