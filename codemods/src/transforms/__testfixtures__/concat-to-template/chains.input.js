var greeting = 'Hello, ' + user.name + '!';
var path = '/rooms/' + roomId + '/messages?limit=' + limit;
var label = count + ' items';
var line = 'Error: ' + err.message + '\n' + err.stack;
var quoted = 'it\'s "' + name + '" at `' + where + '` costs $' + price + '${not}';
var split = 'a$' + '{b' + c;
var nested = 'outer ' + fn('inner ' + x) + ' done';
var grouped = 'sum: ' + (a + b);
var spliced = 'p' + ('q' + r);
var long = 'first part, ' +
  value +
  ' and the rest';
log('user ' + id + ' joined ' + room.name);
