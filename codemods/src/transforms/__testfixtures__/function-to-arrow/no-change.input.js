function declared(a) {
  return a;
}

var handlers = {
  click: function () {
    return 1;
  },
};

Widget.prototype.render = function () {
  return '<div>';
};

module.exports.helper = function (x) {
  return x;
};

(function () {
  setup();
})();

var arrow = (x) => x + 1;
