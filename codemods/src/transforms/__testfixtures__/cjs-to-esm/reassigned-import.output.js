import fsModule from 'fs';
var fs = fsModule;
import wrap from './wrap.js';

fs = wrap(fs);

const reassignedImport = fs;
export default reassignedImport;
export { reassignedImport as 'module.exports' };
