import { launch, TargetUnavailable, type LaunchOptions, type RunningTarget } from '../src/launcher.js';
import { Api, closeAllSockets, connectV2, newUser, type ChatSocket, type ConnectOptions, type TestUser } from '../src/client.js';

/**
 * Contract suites are written once and run against every target named in
 * TARGET (comma separated; default legacy): the same describe block per target,
 * like @socket.io/redis-adapter runs one suite per backend.
 */
export function contractTargets(): string[] {
  return (process.env.TARGET ?? 'legacy').split(',').map((t) => t.trim()).filter(Boolean);
}

export interface Contract {
  target: RunningTarget;
  api: Api;
  user(prefix?: string): Promise<TestUser>;
  /** a connected socket for `user`, on socket server `server` (default the first) */
  connect(user: TestUser | { token?: string }, server?: number, options?: ConnectOptions): Promise<ChatSocket>;
}

export function describeContract(title: string, options: LaunchOptions, body: (c: Contract) => void): void {
  for (const name of contractTargets()) {
    describe(`[${name}] ${title}`, function () {
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
          return connectV2(url, user.token, opts);
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
}

/** a client-side id, unique enough for a test run */
export function clientId(): string {
  return 'c-' + Math.random().toString(36).slice(2, 12);
}
