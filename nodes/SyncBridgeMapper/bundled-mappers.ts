import { join } from 'node:path';

/** The package ships `mappers/` beside `dist/`; this file runs from dist/nodes/SyncBridgeMapper. */
export const mappersDir = join(__dirname, '..', '..', '..', 'mappers');
