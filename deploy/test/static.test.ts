import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { have, run } from '../src/exec.js';
import { DEPLOY_DIR, lintCompose, lintDockerfile, lintManifests } from '../src/lint.js';

const read = (file: string) => fs.readFileSync(path.join(DEPLOY_DIR, file), 'utf8');

describe('deploy: static checks', function () {
  this.timeout(60_000);

  describe('Dockerfile', () => {
    it('passes the validator and the image policy', () => {
      assert.deepEqual(lintDockerfile(read('Dockerfile')), []);
    });

    it('the policy catches a root, unpinned, single-stage image without a healthcheck', () => {
      const problems = lintDockerfile('FROM node\nRUN npm install\nCMD node server.js\n');
      for (const expected of ['not pinned', 'multi-stage', 'npm ci --omit=dev', 'non-root USER', 'HEALTHCHECK', 'exec form']) {
        assert.ok(problems.some((p) => p.includes(expected)), `expected a problem about "${expected}" in ${JSON.stringify(problems)}`);
      }
    });

    it('the validator reports a malformed instruction with its line', () => {
      const problems = lintDockerfile(read('Dockerfile').replace('EXPOSE 3000', 'EXPOSE three-thousand'));
      assert.ok(problems.some((p) => /^line \d+: .*three-thousand/.test(p)), JSON.stringify(problems));
    });
  });

  describe('compose stacks', () => {
    it('compose.yml references only defined services, networks and volumes, with pinned images', () => {
      assert.deepEqual(lintCompose(path.join(DEPLOY_DIR, 'compose.yml')), []);
    });

    it('data-stack.yml defines the network and the mongo data volume the app stack uses', () => {
      assert.deepEqual(lintCompose(path.join(DEPLOY_DIR, 'data-stack.yml')), []);
      const data = parseYaml(read('data-stack.yml'));
      const app = parseYaml(read('compose.yml'));
      assert.equal(app.networks['parrot-data'].external, true);
      assert.equal(app.networks['parrot-data'].name, data.networks['parrot-data'].name);
      assert.ok(data.volumes.mongodata !== undefined);
      assert.ok(data.services.mongo.volumes.includes('mongodata:/data/db'));
    });

    it('the app stack has the seed topology: rest-lb 4000 → 3000, socketio-lb 5000 → 3000, one image for both roles', () => {
      const app = parseYaml(read('compose.yml'), { merge: true });
      assert.deepEqual(Object.keys(app.services).sort(), ['parrot-rest', 'parrot-socketio', 'redis', 'rest-lb', 'socketio-lb']);
      assert.equal(app.services['parrot-rest'].image, app.services['parrot-socketio'].image);
      assert.equal(app.services['parrot-rest'].environment.RUNTIME_MODE, 'rest');
      assert.equal(app.services['parrot-socketio'].environment.RUNTIME_MODE, 'socket');
      assert.ok(app.services['rest-lb'].ports.includes('4000:4000'));
      assert.ok(app.services['socketio-lb'].ports.includes('5000:5000'));
      assert.equal(app.services['socketio-lb'].environment.PARROT_SOCKETIO_DNS, 'parrot-socketio:3000');
    });

    it('the checker catches an undefined dependency, network and bind source', () => {
      const bad = path.join(DEPLOY_DIR, 'out', 'bad-compose.yml');
      fs.mkdirSync(path.dirname(bad), { recursive: true });
      fs.writeFileSync(bad, 'services:\n  a:\n    image: x:1.0\n    depends_on: [b]\n    networks: [n]\n    volumes: ["./nope.cfg:/x"]\n');
      try {
        const problems = lintCompose(bad);
        assert.equal(problems.length, 3, JSON.stringify(problems));
      } finally {
        fs.rmSync(bad);
      }
    });

    it('the Rancher 1.x stack: every rancher-compose service exists and the LBs route to defined services', () => {
      assert.deepEqual(lintCompose(path.join(DEPLOY_DIR, 'rancher', 'docker-compose.yml')), []);
      const services = parseYaml(read('rancher/docker-compose.yml')).services;
      const rancher = parseYaml(read('rancher/rancher-compose.yml'), { merge: true }).services;
      for (const [name, svc] of Object.entries<any>(rancher)) {
        assert.ok(services[name], `rancher-compose.yml names ${name}, which docker-compose.yml does not define`);
        for (const rule of svc.lb_config?.port_rules ?? []) assert.ok(services[rule.service], `${name} routes to undefined ${rule.service}`);
      }
      assert.equal(rancher['socketio-lb'].lb_config.stickiness_policy.cookie, 'parrot-sticky');
      assert.match(rancher['socketio-lb'].lb_config.config, /timeout tunnel 3600s/);
    });
  });

  describe('haproxy configs', () => {
    const variants: [string, string, Record<string, string>][] = [
      ['socketio-lb.cfg', 'local nodes, cookie', { PARROT_SOCKETIO_1: '127.0.0.1:3001', PARROT_SOCKETIO_2: '127.0.0.1:3002' }],
      ['socketio-lb.cfg', 'compose DNS, balance source', { PARROT_SOCKETIO_DNS: 'parrot-socketio:3000', PARROT_BALANCE_SOURCE: '1' }],
      ['rest-lb.cfg', 'local nodes', { PARROT_REST_1: '127.0.0.1:3003', PARROT_REST_2: '127.0.0.1:3004' }],
      ['rest-lb.cfg', 'compose DNS', { PARROT_REST_DNS: 'parrot-rest:3000' }],
    ];
    for (const [file, label, env] of variants) {
      it(`${file} (${label}) passes haproxy -c`, async function () {
        if (!(await have('haproxy'))) {
          console.log('      skipped: haproxy is not installed (.ci/run installs it)');
          this.skip();
        }
        const out = await run('haproxy', ['-c', '-f', path.join(DEPLOY_DIR, 'haproxy', file)], {
          env: { PATH: process.env.PATH, STATS_USER: 'u', STATS_PASSWORD: 'p', ...env },
        });
        assert.match(out, /Configuration file is valid/);
      });
    }

    it('haproxy -c rejects a config that breaks (the check can fail)', async function () {
      if (!(await have('haproxy'))) {
        console.log('      skipped: haproxy is not installed');
        this.skip();
      }
      const bad = path.join(DEPLOY_DIR, 'out', 'bad.cfg');
      fs.writeFileSync(bad, read('haproxy/socketio-lb.cfg').replace('balance roundrobin', 'balance sideways'));
      try {
        await assert.rejects(
          run('haproxy', ['-c', '-f', bad], { env: { PATH: process.env.PATH, STATS_USER: 'u', STATS_PASSWORD: 'p', PARROT_SOCKETIO_1: 'a:1', PARROT_SOCKETIO_2: 'b:2' } }),
          /balance only supports/,
        );
      } finally {
        fs.rmSync(bad);
      }
    });

    it('socketio-lb keeps websockets an hour, sticks by the parrot-sticky cookie, offers balance source, guards stats', () => {
      const cfg = read('haproxy/socketio-lb.cfg');
      assert.match(cfg, /^\s*timeout tunnel 3600s$/m);
      assert.match(cfg, /^\s*cookie parrot-sticky insert\b/m);
      assert.match(cfg, /^\s*balance source$/m);
      assert.match(cfg, /^\s*stats auth "\$\{STATS_USER\}:\$\{STATS_PASSWORD\}"$/m);
    });
  });

  describe('kubernetes (kustomize)', () => {
    it('the production overlay renders and its objects reference each other correctly', async function () {
      if (!(await have('kubectl'))) {
        console.log('      skipped: kubectl (kustomize) is not installed (.ci/run installs kubernetes-client)');
        this.skip();
      }
      const rendered = await run('kubectl', ['kustomize', path.join(DEPLOY_DIR, 'k8s', 'overlays', 'production')]);
      assert.deepEqual(lintManifests(rendered), []);
      const kinds = [...rendered.matchAll(/^kind: (\w+)$/gm)].map((m) => m[1]).sort();
      assert.deepEqual(kinds, ['ConfigMap', 'Deployment', 'Deployment', 'Deployment', 'Ingress', 'Ingress', 'Service', 'Service', 'Service']);
      assert.match(rendered, /nginx.ingress.kubernetes.io\/session-cookie-name: parrot-sticky/);
      assert.match(rendered, /namespace: parrot/);
    });

    it('the manifest check catches a service that selects no pods', () => {
      const problems = lintManifests('kind: Service\nmetadata: {name: s}\nspec: {selector: {app: x}, ports: []}\n');
      assert.deepEqual(problems, ["Service s: no Deployment's pods match its selector"]);
    });
  });
});
