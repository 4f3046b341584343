import type { ConfigLayer } from '../src/config/schema.js';
import aws from './aws.js';
import development from './development.js';
import production from './production.js';
import test from './test.js';

/** Every file in config/: NODE_ENV and NODE_ENV_MODIFIER each name one of them. */
export const LAYERS: Record<string, ConfigLayer> = { development, test, production, aws };
