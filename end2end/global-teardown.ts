import fs from 'node:fs';

// Removes the run's data directory (the server's database and files).
export default async function globalTeardown(): Promise<void> {
  const dir = process.env.CASEBOARD_E2E_DATA_DIR;
  if (dir && dir.includes('caseboard-e2e-')) fs.rmSync(dir, { recursive: true, force: true });
}
