class Shape {
  constructor(name) {
    this.name = name;
  }

  describe() {
    return 'a ' + this.name;
  }
}

// Square is a Shape
/** A shape with a size. */
class Square extends Shape {
  constructor(size) {
    var checked = Math.abs(size);
    super('square');
    this.size = checked;
  }

  area() {
    return this.size * this.size;
  }
}

class Cube extends Square {
  constructor() {
    super(...arguments);
  }

  volume() {
    return this.area() * this.size;
  }
}

module.exports = { Shape: Shape, Square: Square, Cube: Cube };
