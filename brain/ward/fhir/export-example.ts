// Writes sim/maps/clinic/clinic.fhir.json: the clinic ward file's patients, beds and orders as a FHIR
// R4 transaction bundle, the example a hospital integration can start from.
// Run after changing the clinic ward file: `npx tsx brain/ward/fhir/export-example.ts`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadWard } from '../../../robot/index.js';
import { toFhirBundle } from './to-bundle.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const CLINIC_WARD_FILE = path.join(repoRoot, 'sim/maps/clinic/clinic.ward.yaml');
export const CLINIC_FHIR_FILE = path.join(repoRoot, 'sim/maps/clinic/clinic.fhir.json');

/** The text the example file must hold. */
export function exampleBundleText(): string {
  const ward = loadWard(CLINIC_WARD_FILE);
  return JSON.stringify(toFhirBundle(ward.people, ward), null, 2) + '\n';
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  fs.writeFileSync(CLINIC_FHIR_FILE, exampleBundleText());
  console.log(`wrote ${path.relative(process.cwd(), CLINIC_FHIR_FILE)}`);
}
