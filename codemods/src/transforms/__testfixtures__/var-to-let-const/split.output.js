function f(list) {
  let total = 0;
  const first = list[0];
  total += first;
  return total;
}
