/**
 * npm run release [-- --twice] [--keep-work]
 * Builds deploy/out/parrot-<version>.tar (docker load), its CycloneDX SBOM and its digests.
 * --twice builds a second time from the same commit and fails unless the digests are equal.
 */
import { parseArgs } from 'node:util';
import { buildRelease, type ReleaseResult } from './build.js';

const { values } = parseArgs({ options: { twice: { type: 'boolean' }, 'keep-work': { type: 'boolean' } } });
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

function print(r: ReleaseResult, label: string): void {
  console.log(`${label}: ${r.tar}`);
  console.log(`  tar ${mib(r.tarBytes)} (rootfs ${mib(r.rootfsBytes)}), SBOM ${r.sbom}`);
  console.log(`  manifest ${r.manifestDigest}`);
  console.log(`  image id ${r.imageId}`);
  console.log(`  tar      ${r.tarSha256}`);
  console.log(`  seconds  ${Object.entries(r.seconds).map(([k, v]) => `${k} ${v}`).join(', ')}`);
}

try {
  const log = (line: string) => console.log(line);
  const first = await buildRelease({ keepWork: values['keep-work'], log });
  print(first, 'release');
  if (values.twice) {
    const second = await buildRelease({ keepWork: values['keep-work'], log });
    print(second, 'second build');
    const same = first.manifestDigest === second.manifestDigest && first.tarSha256 === second.tarSha256;
    console.log(same ? 'reproducible: both builds have the same digests' : 'NOT reproducible: the digests differ');
    if (!same) process.exit(1);
  }
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
