/** The store's collections as types (kept apart from opening the store, so its helpers can name them). */
import type { RxCollection, RxDatabase } from 'rxdb';
import type {
  ChangeEvent,
  RiskSummary,
  Setting,
  StatusChangeCase,
  StoredEvent,
  Student,
  Task,
} from '../records';

export type BaoxueCollections = {
  students: RxCollection<Student>;
  cases: RxCollection<StatusChangeCase>;
  events: RxCollection<StoredEvent>;
  tasks: RxCollection<Task>;
  changes: RxCollection<ChangeEvent>;
  settings: RxCollection<Setting>;
  risks: RxCollection<RiskSummary>;
};
export type BaoxueDatabase = RxDatabase<BaoxueCollections>;
