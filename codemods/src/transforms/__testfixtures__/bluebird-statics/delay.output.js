import Promise from 'bluebird';
import { poll } from './lib.js';

import { setTimeout as delay } from 'node:timers/promises';

const RETRY_MS = 200;

export async function waitFor(id) {
  for (let i = 0; i < 3; i++) {
    if (await poll(id)) return true;
    await delay(RETRY_MS);
  }
  return delay(10, false);
}

export async function later(ms, p) {
  await Promise.delay(ms);
  await Promise.delay(5, p);
  return Promise.delay('5');
}

export function notAsync() {
  return Promise.delay(5).then(() => 1);
}
