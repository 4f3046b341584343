import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface Fingerprint {
  mtimeMs: number;
  size: number;
  sha1: string;
}

export function fingerprint(root: string, rel: string): Fingerprint | null {
  const file = path.join(root, rel);
  try {
    const st = fs.statSync(file);
    const sha1 = crypto.createHash('sha1').update(fs.readFileSync(file)).digest('hex');
    return { mtimeMs: st.mtimeMs, size: st.size, sha1 };
  } catch {
    return null;
  }
}

/** same mtime and size: unchanged without reading it; otherwise the content hash decides */
export function unchanged(root: string, rel: string, before: Fingerprint): boolean {
  let st: fs.Stats;
  try {
    st = fs.statSync(path.join(root, rel));
  } catch {
    return false;
  }
  if (st.mtimeMs === before.mtimeMs && st.size === before.size) return true;
  return st.size === before.size && fingerprint(root, rel)?.sha1 === before.sha1;
}

export function fingerprints(root: string, files: string[]): Record<string, Fingerprint> {
  const out: Record<string, Fingerprint> = {};
  for (const f of files) {
    const fp = fingerprint(root, f);
    if (fp) out[f] = fp;
  }
  return out;
}
