import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../adapters/store-sqlite/sqlite-store.js';
import { storeContract } from './store.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'cz-sqlite-'));
storeContract(
  'SQLite',
  async () => openSqliteStore(join(dir, 'contract.sqlite')),
  async (s) => {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  },
);
