// Node reads the TZ variable again whenever it changes, so a test can open the app "somewhere else". The app's
// tsconfig has no Node types: reach process through globalThis.
const env = (globalThis as unknown as { process: { env: Record<string, string | undefined> } }).process.env;

/** Makes dates use `zone` (an IANA name) from now on; returns what puts the previous zone back. */
export function setTimeZone(zone: string): () => void {
  const previous = env.TZ;
  env.TZ = zone;
  return () => {
    if (previous === undefined) delete env.TZ;
    else env.TZ = previous;
  };
}
