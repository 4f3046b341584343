import crypto from 'crypto';

var counter = 0;

export function next() {
  counter++;
  return crypto.randomBytes(4).toString('hex') + counter;
}
export const LENGTH = 8 + 4;
const exportsProps = { next, LENGTH, random };
export default exportsProps;
export { random, exportsProps as 'module.exports' };

function random() {
  return Math.random();
}
