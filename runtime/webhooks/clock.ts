/** Milliseconds since the Unix epoch; injectable so tolerance windows and TTLs are testable. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
