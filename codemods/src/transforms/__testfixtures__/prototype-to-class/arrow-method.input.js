function Widget(name) {
  this.name = name;
}

Widget.prototype.render = () => '<div></div>';

module.exports = Widget;
