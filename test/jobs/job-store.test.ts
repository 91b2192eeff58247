import { MemoryJobStore } from '../../src/jobs/job-store.ts';
import { describeJobStore } from './job-store-contract.ts';

describeJobStore('MemoryJobStore', () => new MemoryJobStore());
