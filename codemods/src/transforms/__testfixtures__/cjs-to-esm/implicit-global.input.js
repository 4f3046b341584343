var fs = require('fs');

function read(file) {
  contents = fs.readFileSync(file, 'utf8');
  return contents;
}

module.exports = read;
