const alias = {};

alias.count = 0;

alias.increment = function () {
  alias.count++;
  return alias.count;
};

export default alias;
export { alias as 'module.exports' };
