/**
 * A CycloneDX 1.5 SBOM of what the image holds: every Debian package dpkg installed in
 * the rootfs, the Node binary, and every npm package under the image's node_modules dirs (read from
 * the installed tree itself: `npm sbom` refuses a production-only tree of one workspace).
 * Deterministic: no wall-clock time, the serial number is derived from the content.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { run } from '../exec.js';

interface Component {
  type: 'library' | 'application' | 'operating-system';
  'bom-ref': string;
  name: string;
  group?: string;
  version: string;
  purl?: string;
  licenses?: { expression: string }[];
}

export interface SbomInput {
  rootfs: string;
  /** every node_modules dir the image ships */
  nodeModules: string[];
  node: { package: string; version: string };
  image: string;
  version: string;
  /** ISO time stamped as the SBOM's timestamp (the release's SOURCE_DATE_EPOCH) */
  created: string;
  out: string;
}

async function debianPackages(rootfs: string): Promise<Component[]> {
  const out = await run('dpkg-query', [
    `--admindir=${path.join(rootfs, 'var/lib/dpkg')}`,
    '--show',
    '--showformat=${Package}\\t${Version}\\t${Architecture}\\n',
  ]);
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [name = '', version = '', arch = ''] = line.split('\t');
      const purl = `pkg:deb/debian/${name}@${encodeURIComponent(version)}?arch=${arch}`;
      return { type: 'library', 'bom-ref': purl, name, version, purl };
    });
}

function license(pkg: { license?: unknown }): Component['licenses'] {
  return typeof pkg.license === 'string' && pkg.license ? [{ expression: pkg.license }] : undefined;
}

/** Every package.json directly under a node_modules dir, nested trees included. */
function npmPackages(nodeModules: string, found: Map<string, Component> = new Map()): Map<string, Component> {
  if (!fs.existsSync(nodeModules)) return found;
  for (const entry of fs.readdirSync(nodeModules).sort()) {
    if (entry.startsWith('.')) continue;
    const dirs = entry.startsWith('@')
      ? fs.readdirSync(path.join(nodeModules, entry)).sort().map((d) => path.join(nodeModules, entry, d))
      : [path.join(nodeModules, entry)];
    for (const dir of dirs) {
      const manifest = path.join(dir, 'package.json');
      if (!fs.existsSync(manifest)) continue;
      const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name: string; version: string; license?: unknown };
      const [group, name] = pkg.name.startsWith('@') ? (pkg.name.split('/') as [string, string]) : [undefined, pkg.name];
      const purl = `pkg:npm/${group ? `${encodeURIComponent(group)}/` : ''}${name}@${pkg.version}`;
      if (!found.has(purl)) found.set(purl, { type: 'library', 'bom-ref': purl, name, ...(group ? { group } : {}), version: pkg.version, purl, licenses: license(pkg) });
      npmPackages(path.join(dir, 'node_modules'), found);
    }
  }
  return found;
}

export async function writeSbom(input: SbomInput): Promise<void> {
  const nodePurl = `pkg:npm/${input.node.package}@${input.node.version}`;
  const node: Component = { type: 'application', 'bom-ref': nodePurl, name: 'node', version: input.node.version, purl: nodePurl, licenses: [{ expression: 'MIT' }] };
  const components: Component[] = [
    node,
    ...(await debianPackages(input.rootfs)),
    ...[...input.nodeModules.reduce((found, dir) => npmPackages(dir, found), new Map<string, Component>()).values()],
  ].sort((a, b) => a['bom-ref'].localeCompare(b['bom-ref']));
  const body = {
    version: 1,
    metadata: {
      timestamp: input.created,
      tools: { components: [{ type: 'application', name: 'parrot release', version: input.version }] },
      component: { type: 'container', 'bom-ref': `${input.image}:${input.version}`, name: input.image, version: input.version },
    },
    components,
  };
  const hash = crypto.createHash('sha256').update(JSON.stringify(body)).digest('hex');
  // a UUID-shaped serial from the content: the same image, the same SBOM
  const serial = `urn:uuid:${hash.slice(0, 8)}-${hash.slice(8, 12)}-5${hash.slice(13, 16)}-8${hash.slice(17, 20)}-${hash.slice(20, 32)}`;
  fs.writeFileSync(input.out, `${JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', serialNumber: serial, ...body }, null, 2)}\n`);
}
