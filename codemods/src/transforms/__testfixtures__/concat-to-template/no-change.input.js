var three = 1 + 2 + 'x';
var sum = a + b + ' total';
var words = 'only ' + 'literals';
var number = 'n' + 1;
var arithmetic = a + b;
message += ' more';
var already = `x${y}`;
var commented = 'a' + /* why */ b;
