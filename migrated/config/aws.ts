import type { ConfigLayer } from '../src/config/schema.js';

/** NODE_ENV_MODIFIER=aws: the ECS trial's differences on top of production. */
const aws: ConfigLayer = {
  http: { port: 8080 },
  socketio: { lbHost: 'https://ws-aws.parrot.chat' },
  redis: { host: 'parrot-redis.cache.internal' },
};

export default aws;
