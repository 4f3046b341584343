function f() {
  var self = window;
  var that = this.parent;
  var own = this;
  return [self, that, own];
}
