function f(flag) {
  if (flag) {
    var result = 'yes';
  }
  return result;
}

function g() {
  log(early);
  var early = 1;
}

function h(x) {
  var x = x || 3;
  return x;
}

function k(items) {
  var fns = [];
  for (var n = 0; n < items.length; n++) {
    var item = items[n];
    fns.push(function () {
      return item;
    });
  }
  return fns;
}

function s(v) {
  switch (v) {
    case 1:
      var one = 1;
      return one;
  }
}

function w(list) {
  for (var m = 0; m < list.length; m++) {
    var seen;
    if (list[m]) seen = m;
    log(seen);
  }
}
