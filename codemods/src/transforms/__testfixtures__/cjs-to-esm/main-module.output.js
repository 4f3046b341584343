import path from 'path';
import app from './app.js';
import { pathToFileURL } from 'node:url';

var PUBLIC = path.join(import.meta.dirname, 'public');

function start() {
  return app.listen(PUBLIC, import.meta.filename);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  start();
}

const mainModule = { start };
export default mainModule;
export { start, mainModule as 'module.exports' };
