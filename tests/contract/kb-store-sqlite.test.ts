import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../adapters/store-sqlite/sqlite-store.js';
import { kbStoreContract } from './kb-store.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'cz-kb-sqlite-'));
kbStoreContract(
  'SQLite',
  async () => openSqliteStore(join(dir, 'kb.sqlite')),
  async (s) => {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  },
);
