var retry = {
  attempt: function again(n) {
    return n > 0 ? again(n - 1) : done();
  },
  start: function run() {
    return 1;
  },
  Model: function (data) {
    this.data = data;
  },
  make: function () {
    if (new.target) return;
  },
  widget: function () {},
};

var w = new retry.widget();
