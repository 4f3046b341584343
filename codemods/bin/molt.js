#!/usr/bin/env node
// molt is written in TypeScript and run by tsx: register its loader, then start the CLI (src/cli.ts).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
