import type { ConfigLayer } from '../src/config/schema.js';

const development: ConfigLayer = {
  env: 'development',
  // a fixed secret is fine on a laptop; every other environment must set TOKEN_SECRET
  auth: { tokenSecret: 'parrot-development-secret-not-for-production' },
  log: { level: 'debug' },
};

export default development;
