const a = 1;
let b = 2;
b += a;
