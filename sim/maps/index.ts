import { fileURLToPath } from 'node:url';

/** The project's own ten-bed ward; needs nothing outside the repository. */
export const BUILTIN_WARD_FILE = fileURLToPath(new URL('./small_ward/small_ward.ward.yaml', import.meta.url));

/** Ward layer over Open-RMF's clinic map, which is read from ../shared/maps/clinic beside the repository. */
export const CLINIC_WARD_FILE = fileURLToPath(new URL('./clinic/clinic.ward.yaml', import.meta.url));
