/**
 * Static checks of the deploy files that need no Docker engine and no cluster: each returns
 * the problems it found as sentences (empty: clean). deploy/test/static.test.ts runs them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { validate as validateDockerfile } from 'dockerfile-utils';
import { parseAllDocuments, parse as parseYaml } from 'yaml';

export const DEPLOY_DIR = path.resolve(import.meta.dirname, '..');

type Doc = Record<string, any>;

/** dockerfile-utils' validator (syntax, instructions, arguments) plus the image policy of this project. */
export function lintDockerfile(text: string): string[] {
  const problems = validateDockerfile(text, {}).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
  const lines = text.split('\n');
  const instructions = lines.filter((l) => /^[A-Z]+\s/.test(l)).map((l) => l.split(/\s+/)[0]);
  const froms = lines.filter((l) => l.startsWith('FROM '));
  const args = new Map(lines.filter((l) => l.startsWith('ARG ')).map((l) => {
    const [name = '', value = ''] = l.slice(4).split('=');
    return [name.trim(), value.trim()] as const;
  }));
  for (const from of froms) {
    const image = from.split(/\s+/)[1] ?? '';
    const resolved = image.replace(/^\$\{?(\w+)\}?$/, (_, name: string) => args.get(name) ?? image);
    const isStage = froms.some((f) => new RegExp(`\\bAS ${resolved}$`, 'i').test(f));
    if (!isStage && !/:[\w.-]*\d[\w.-]*$|@sha256:/.test(resolved)) problems.push(`${from}: the base image is not pinned to a version`);
  }
  if (froms.length < 2) problems.push('not a multi-stage build');
  if (!/npm ci --omit=dev/.test(text)) problems.push('production dependencies are not installed with `npm ci --omit=dev`');
  const lastUser = lines.filter((l) => l.startsWith('USER ')).at(-1);
  if (!lastUser || /^USER\s+(root|0)(:|\s|$)/.test(lastUser)) problems.push('the final stage does not run as a non-root USER');
  if (!instructions.includes('HEALTHCHECK')) problems.push('no HEALTHCHECK');
  if (/^ADD\s+https?:/m.test(text)) problems.push('ADD of a URL: fetch in a RUN with a checksum instead');
  for (const l of lines.filter((x) => /apt-get install/.test(x))) {
    if (!/--no-install-recommends/.test(l)) problems.push(`apt-get install without --no-install-recommends: ${l.trim()}`);
  }
  if (/apt-get install/.test(text) && !/rm -rf \/var\/lib\/apt\/lists/.test(text)) problems.push('apt lists are left in the image');
  if (!/^CMD \[|^ENTRYPOINT \[/m.test(text)) problems.push('CMD/ENTRYPOINT not in exec form (signals would not reach node)');
  return problems;
}

/** A compose file: services, networks and volumes that it references are defined; images pinned; bind sources exist. */
export function lintCompose(file: string, external: { networks?: string[] } = {}): string[] {
  const doc = parseYaml(fs.readFileSync(file, 'utf8'), { merge: true }) as Doc;
  const problems: string[] = [];
  const services = (doc.services ?? {}) as Record<string, Doc>;
  const networks = new Set([...Object.keys(doc.networks ?? {}), ...(external.networks ?? []), 'default']);
  const volumes = new Set(Object.keys(doc.volumes ?? {}));
  if (Object.keys(services).length === 0) problems.push('no services');
  for (const [name, svc] of Object.entries(services)) {
    const image = String(svc.image ?? '');
    if (!image) problems.push(`${name}: no image`);
    else if (!/:[\w.-]*\d/.test(image) || /:latest$/.test(image)) problems.push(`${name}: image ${image} is not pinned to a version`);
    const deps = Array.isArray(svc.depends_on) ? svc.depends_on : Object.keys(svc.depends_on ?? {});
    for (const dep of deps as string[]) if (!services[dep]) problems.push(`${name}: depends on undefined service ${dep}`);
    const nets = Array.isArray(svc.networks) ? svc.networks : Object.keys(svc.networks ?? {});
    for (const net of nets as string[]) if (!networks.has(net)) problems.push(`${name}: undefined network ${net}`);
    for (const v of (svc.volumes ?? []) as string[]) {
      const source = String(v).split(':')[0] ?? '';
      if (source.startsWith('.') || source.startsWith('/')) {
        if (!fs.existsSync(path.resolve(path.dirname(file), source))) problems.push(`${name}: bind source ${source} does not exist`);
      } else if (!volumes.has(source)) problems.push(`${name}: undefined volume ${source}`);
    }
    if (svc.build?.dockerfile && !fs.existsSync(path.resolve(path.dirname(file), svc.build.context ?? '.', svc.build.dockerfile))) {
      problems.push(`${name}: Dockerfile ${svc.build.dockerfile} not found`);
    }
  }
  return problems;
}

/** Rendered Kubernetes manifests: selectors match pod labels, ingress backends and config refs point at real objects. */
export function lintManifests(rendered: string): string[] {
  const docs = parseAllDocuments(rendered).map((d) => d.toJS() as Doc).filter(Boolean);
  const problems: string[] = [];
  const byKind = (kind: string) => docs.filter((d) => d.kind === kind);
  const deployments = byKind('Deployment');
  const services = byKind('Service');
  const configMaps = new Set(byKind('ConfigMap').map((d) => d.metadata.name as string));
  for (const d of deployments) {
    const name = d.metadata.name as string;
    const labels = d.spec.template.metadata.labels as Record<string, string>;
    for (const [k, v] of Object.entries(d.spec.selector.matchLabels as Record<string, string>)) {
      if (labels[k] !== v) problems.push(`Deployment ${name}: selector ${k}=${v} does not match its pod labels`);
    }
    for (const c of d.spec.template.spec.containers as Doc[]) {
      for (const ref of (c.envFrom ?? []) as Doc[]) {
        if (ref.configMapRef && !configMaps.has(ref.configMapRef.name)) problems.push(`Deployment ${name}: ConfigMap ${ref.configMapRef.name} is not defined`);
      }
      const ports = new Set(((c.ports ?? []) as Doc[]).map((p) => p.name));
      for (const probe of [c.readinessProbe, c.livenessProbe]) {
        const port = probe?.httpGet?.port;
        if (typeof port === 'string' && !ports.has(port)) problems.push(`Deployment ${name}: probe port ${port} is not a container port`);
      }
    }
  }
  for (const s of services) {
    const sel = s.spec.selector as Record<string, string>;
    const target = deployments.find((d) => Object.entries(sel).every(([k, v]) => d.spec.template.metadata.labels[k] === v));
    if (!target) problems.push(`Service ${s.metadata.name}: no Deployment's pods match its selector`);
  }
  for (const ing of byKind('Ingress')) {
    for (const rule of ing.spec.rules as Doc[]) {
      for (const p of rule.http.paths as Doc[]) {
        const svc = services.find((s) => s.metadata.name === p.backend.service.name);
        if (!svc) problems.push(`Ingress ${ing.metadata.name}: backend service ${p.backend.service.name} is not defined`);
        else if (!(svc.spec.ports as Doc[]).some((x) => x.name === p.backend.service.port.name)) {
          problems.push(`Ingress ${ing.metadata.name}: service ${svc.metadata.name} has no port ${p.backend.service.port.name}`);
        }
      }
    }
  }
  return problems;
}
