import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../adapters/store-sqlite/sqlite-store.js';
import { campaignsContract } from './campaigns.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'cz-campaigns-'));
campaignsContract(
  'SQLite',
  async () => openSqliteStore(join(dir, 'campaigns.sqlite')),
  async (s) => {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  },
);
