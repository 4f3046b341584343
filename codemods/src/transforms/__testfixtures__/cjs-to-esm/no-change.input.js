// a browser script: no require, no module, no exports
function greet(name) {
  return 'hello ' + name;
}
window.greet = greet;
