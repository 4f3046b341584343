var config = {
  host: options.host,
  port: 8080,
  connected,
  open() {
    return true;
  },
  get size() {
    return 1;
  },
  [key]: key,
};
var { a: a } = config;
