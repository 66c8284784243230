import { beforeEach } from 'vitest';
import { openPostgresStore } from '../../src/state/postgres/store.js';
import { freshDatabase } from '../support/postgres.js';
import { describeStoreContract } from './store-contract.js';

// Each test on a database of its own; the stores one test opens share it, as replicas do.
let url = '';
beforeEach(async () => {
  const db = await freshDatabase();
  url = db.url;
  return db.drop;
});

describeStoreContract('PostgreSQL', () => openPostgresStore(url));
