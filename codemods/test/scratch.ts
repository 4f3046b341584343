import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * A fresh directory in the repository's .tmp: code written there resolves the repository's packages (@types/node,
 * bluebird, p-map) as molt's output does. The caller removes it.
 */
export function scratchDir(prefix: string): string {
  fs.mkdirSync(path.join(REPO, '.tmp'), { recursive: true });
  return fs.mkdtempSync(path.join(REPO, '.tmp', prefix));
}
