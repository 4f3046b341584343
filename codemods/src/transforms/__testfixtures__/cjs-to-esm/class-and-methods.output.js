import { inspect } from 'util';

class Store {
  constructor() {
    this.items = [];
  }
}

export async function load(file) {
  return inspect(file);
}

export function* ids() {
  yield 1;
}

export const parse = (text) => JSON.parse(text);

const classAndMethods = {
  Store,
  load,
  ids,
  get size() {
    return 0;
  },
  default: Store,
  parse
};
export default classAndMethods;
export { Store, classAndMethods as 'module.exports' };
