import { launch, TargetUnavailable, type LaunchOptions, type RunningTarget } from '../src/launcher.js';
import { TARGETS } from '../src/targets.js';
import {
  Api,
  closeAllSockets,
  connectV2,
  connectV4,
  newUser,
  type ChatSocket,
  type ConnectOptions,
  type TestUser,
} from '../src/client.js';

/**
 * Contract suites are written once and run against every target named in
 * TARGET (comma separated; default legacy): the same describe block per target,
 * like @socket.io/redis-adapter runs one suite per backend.
 */
export function contractTargets(): string[] {
  return (process.env.TARGET ?? 'legacy')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}

export interface Contract {
  target: RunningTarget;
  api: Api;
  user(prefix?: string): Promise<TestUser>;
  /** a connected socket for `user`, on socket server `server` (default the first) */
  connect(user: TestUser | { token?: string }, server?: number, options?: ConnectOptions): Promise<ChatSocket>;
}

/**
 * The socket.io-client majors to run a target's suites with: every one it
 * speaks (legacy: 2; migrated: 2 and 4), or CLIENT=2|4 to pick one.
 */
function clientVersions(target: string): (2 | 4)[] {
  const chosen = process.env.CLIENT ? [Number(process.env.CLIENT) as 2 | 4] : null;
  // a URL target: v2, what deployed apps speak, unless CLIENT says otherwise
  const spoken = TARGETS[target]?.clientVersions ?? (process.env.CLIENT ? [2, 4] : [2]);
  return (chosen ?? [...spoken]).filter((v) => spoken.includes(v));
}

export function describeContract(title: string, options: LaunchOptions, body: (c: Contract) => void): void {
  for (const name of contractTargets()) {
    for (const version of clientVersions(name)) {
      describeOne(name, version, title, options, body);
    }
  }
}

function describeOne(
  name: string,
  version: 2 | 4,
  title: string,
  options: LaunchOptions,
  body: (c: Contract) => void,
): void {
  const label = version === 2 ? `[${name}]` : `[${name} v${version}]`;
  describe(`${label} ${title}`, function () {
    this.timeout(20_000);
    const c = {} as Contract;
    before(async function () {
      this.timeout(60_000);
      try {
        c.target = await launch(name, options);
      } catch (err) {
        if (err instanceof TargetUnavailable) {
          console.log(`      ${err.message}: these tests are skipped, not passed`);
          this.skip();
        }
        throw err;
      }
      c.api = new Api(c.target.restUrl);
      c.user = (prefix) => newUser(c.api, prefix);
      c.connect = (user, server = 0, opts) => {
        const url = c.target.socketUrls[server];
        if (!url) throw new Error(`no socket server ${server}`);
        return version === 2 ? connectV2(url, user.token, opts) : connectV4(url, user.token, opts);
      };
    });
    afterEach(function () {
      closeAllSockets();
      if (this.currentTest?.state === 'failed' && c.target) {
        console.log(`      target output:\n${c.target.logs()}`);
      }
    });
    after(async () => {
      closeAllSockets();
      if (c.target) await c.target.stop();
    });
    body(c);
  });
}

/** a client-side id, unique enough for a test run */
export function clientId(): string {
  return 'c-' + Math.random().toString(36).slice(2, 12);
}
