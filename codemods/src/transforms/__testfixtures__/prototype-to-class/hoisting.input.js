module.exports = Early;

function Early() {
  this.ok = true;
}

Early.prototype.check = function () {
  return this.ok;
};

var made = create();

function Indirect() {
  this.ok = true;
}

Indirect.prototype.check = function () {
  return this.ok;
};

function create() {
  return new Indirect();
}

function Partial() {
  this.ok = true;
}

var first = new Partial();

Partial.prototype.check = function () {
  return this.ok;
};

exports.made = made;
exports.first = first;
