function Client(url) {
  if (!(this instanceof Client)) {
    return new Client(url);
  }
  this.url = url;
}

Client.prototype.get = function (path) {
  return this.url + path;
};

function Token(value) {
  this.value = value;
}

Token.prototype.toString = function () {
  return this.value;
};

var anonymous = Token('none');

function Handle(id) {
  this.id = id;
}

Handle.prototype.close = function () {
  this.id = null;
};

var handles = [1, 2].map(Handle);

module.exports = { Client: Client, anonymous: anonymous, handles: handles };
