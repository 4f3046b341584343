function Stack() {
  this.items = [];
}

// replaces the prototype: Stack.prototype.constructor is now Object
Stack.prototype = {
  push: function (item) {
    this.items.push(item);
  }
};

module.exports = Stack;
