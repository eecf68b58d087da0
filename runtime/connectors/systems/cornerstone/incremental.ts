import type { IncrementalSync } from '../../connector-definition';

/** Enrollments by registration date; the transcript view is read whole. */
export const cornerstoneIncremental: IncrementalSync = { resource: 'enrollments', cursorField: 'reg_dt' };
