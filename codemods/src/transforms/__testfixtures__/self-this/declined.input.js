Widget.prototype.bind = function (el) {
  var self = this;
  el.addEventListener('click', function () {
    self.toggle(this);
  });
};

Widget.prototype.reset = function () {
  var that = this;
  that = that.parent || that;
  return that;
};

Widget.prototype.later = function () {
  var cb = () => me.tick();
  var me = this;
  return cb;
};

Widget.prototype.maybe = function (flag) {
  if (flag) {
    var _this = this;
  }
  return () => _this;
};

Widget.prototype.run = function (code) {
  var self = this;
  return eval(code);
};
