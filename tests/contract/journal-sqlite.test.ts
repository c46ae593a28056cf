import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../adapters/store-sqlite/sqlite-store.js';
import { journalContract } from './journal.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'cz-journal-'));
journalContract(
  'SQLite',
  async () => openSqliteStore(join(dir, 'journal.sqlite')),
  async (s) => {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  },
);
