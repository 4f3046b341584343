/**
 * Runs a release image without a container engine: unpack the docker-archive's layers into a
 * root filesystem, then start its entrypoint in it as the image's user, in its own mount and
 * PID namespaces (unshare + chroot), on the host's loopback network.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startProcess, type ManagedProcess } from '../../../harness/src/processes.js';
import { run } from '../exec.js';

export interface ImageConfig {
  User?: string;
  Env?: string[];
  Entrypoint?: string[];
  Cmd?: string[];
  WorkingDir?: string;
  ExposedPorts?: Record<string, object>;
  Labels?: Record<string, string>;
}

/** Unpacks `tar` (docker-archive) into `rootfs`; resolves the image's run config. */
export async function unpackImage(tar: string, rootfs: string): Promise<ImageConfig> {
  const archive = `${rootfs}.archive`;
  fs.mkdirSync(archive, { recursive: true });
  fs.mkdirSync(rootfs, { recursive: true });
  await run('tar', ['-xf', tar, '-C', archive]);
  const [manifest] = JSON.parse(fs.readFileSync(path.join(archive, 'manifest.json'), 'utf8')) as { Config: string; Layers: string[] }[];
  if (!manifest) throw new Error(`${tar}: manifest.json names no image`);
  for (const layer of manifest.Layers) {
    await run('tar', ['-xf', path.join(archive, layer), '-C', rootfs, '--numeric-owner', '--same-owner', '--preserve-permissions']);
  }
  const config = (JSON.parse(fs.readFileSync(path.join(archive, manifest.Config), 'utf8')) as { config: ImageConfig }).config;
  fs.rmSync(archive, { recursive: true, force: true });
  return config;
}

/** Starts the image's entrypoint + cmd in `rootfs` as its user, with its env plus `env`. */
export function bootImage(rootfs: string, config: ImageConfig, env: Record<string, string>): ManagedProcess {
  const user = config.User ?? '0:0';
  const userspec = user.includes(':') ? user : `${user}:${user}`;
  const vars = [...(config.Env ?? []), ...Object.entries(env).map(([k, v]) => `${k}=${v}`)];
  const command = [...(config.Entrypoint ?? []), ...(config.Cmd ?? [])];
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  // /dev from the host (node needs /dev/null and /dev/urandom); /proc of the new PID namespace
  const script = [
    `mount --rbind /dev ${quote(path.join(rootfs, 'dev'))}`,
    `exec chroot --userspec=${quote(userspec)} ${quote(rootfs)} /usr/bin/env -i ${vars.map(quote).join(' ')} ` +
      `sh -c ${quote(`cd ${quote(config.WorkingDir ?? '/')} && exec ${command.map(quote).join(' ')}`)}`,
  ].join(' && ');
  return startProcess('image', 'unshare', ['--mount', '--pid', '--fork', '--kill-child=SIGTERM', `--mount-proc=${path.join(rootfs, 'proc')}`, '--', 'sh', '-c', script], {
    env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' },
  });
}

/**
 * Stops what runs in `rootfs`: SIGTERM to its PID-namespace init (tini forwards it to node, which
 * drains), SIGKILL to whatever is left after `graceMs`. unshare's --kill-child cannot do it: the
 * parent-death signal is cleared when chroot --userspec changes the user.
 */
export async function stopImage(rootfs: string, proc: ManagedProcess, graceMs = 10_000): Promise<void> {
  const signal = (sig: NodeJS.Signals) => {
    for (const p of processesIn(rootfs)) {
      try {
        process.kill(p.pid, sig);
      } catch {
        // already gone
      }
    }
  };
  const init = processesIn(rootfs).find((p) => p.command.startsWith('/usr/bin/tini'));
  if (init) process.kill(init.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (processesIn(rootfs).length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  signal('SIGKILL');
  await proc.stop();
}

/** uid of every process whose root directory is `rootfs` (what the image runs). */
export function processesIn(rootfs: string): { pid: number; uid: number; command: string }[] {
  const real = fs.realpathSync(rootfs);
  const found: { pid: number; uid: number; command: string }[] = [];
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (fs.readlinkSync(`/proc/${pid}/root`) !== real) continue;
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
      const command = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      found.push({ pid: Number(pid), uid, command });
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}
