function f(list) {
  var total = 0, first = list[0];
  total += first;
  return total;
}
