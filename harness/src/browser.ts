import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * A real browser for the web-client suite: Debian's chromium driven by
 * playwright-core (no downloaded browser builds). When no chromium is found
 * the suite says so and skips; it never passes silently.
 */

/** where Debian and Ubuntu put it; CHROMIUM_PATH wins over both */
export const CHROMIUM_CANDIDATES: readonly string[] = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/**
 * Without the background-networking flags Chromium's own connections
 * (component updates, sync, QUIC probes) are refused here and slow it down.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type ChromiumLookup = { path: string; reason: null } | { path: null; reason: string };

function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The chromium to drive, or null and why there is none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): ChromiumLookup {
  const configured = env.CHROMIUM_PATH?.trim();
  if (configured) {
    // asked for one: do not quietly fall back to another
    return isExecutableFile(configured)
      ? { path: configured, reason: null }
      : { path: null, reason: `CHROMIUM_PATH=${configured} is not an executable file` };
  }
  for (const candidate of CHROMIUM_CANDIDATES) {
    if (isExecutableFile(candidate)) return { path: candidate, reason: null };
  }
  return { path: null, reason: `none of ${CHROMIUM_CANDIDATES.join(', ')} exists and CHROMIUM_PATH is not set` };
}

/** A headless chromium; close() it when done. */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS], timeout: 20_000 });
}

/** Something a page logged as an error, or threw without catching. */
export interface PageProblem {
  /** which page (the test's label for it) */
  page: string;
  kind: 'console.error' | 'pageerror';
  text: string;
  /** the script or resource it is about, when the browser says */
  url: string;
}

/** Reports every console error and uncaught page error of `page` to `report`. */
export function watchPageProblems(page: Page, label: string, report: (problem: PageProblem) => void): void {
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.location();
    report({ page: label, kind: 'console.error', text: msg.text(), url: where.url });
  });
  page.on('pageerror', (err) => {
    report({ page: label, kind: 'pageerror', text: err.stack ?? err.message, url: page.url() });
  });
}
