import { addRxPlugin, createRxDatabase } from 'rxdb';
import { RxDBDevModePlugin } from 'rxdb/plugins/dev-mode';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { wrappedValidateZSchemaStorage } from 'rxdb/plugins/validate-z-schema';
import { afterEach, describe, expect, it } from 'vitest';
import { makeStudent } from '../../tests/fixtures/records';
import { COLLECTIONS } from './collections';
import { openDatabase } from './database';
import type { BaoxueDatabase } from './types';

// Tests run RxDB in dev-mode with a real JSON-schema validator, so a schema derived wrongly fails here.
addRxPlugin(RxDBDevModePlugin);
const validated = () => wrappedValidateZSchemaStorage({ storage: getRxStorageDexie() });

let db: BaoxueDatabase | undefined;
afterEach(async () => {
  await db?.remove();
  db = undefined;
});

describe('the store', () => {
  it('accepts valid records and rejects ones that break the schema', async () => {
    db = await openDatabase({ name: `t${Date.now()}a`, storage: validated(), multiInstance: false });
    const s = makeStudent();
    await db.students.insert(s);
    expect((await db.students.findOne(s.id).exec())?.toJSON()).toMatchObject({ id: s.id, name: s.name });
    await expect(
      db.students.insert({ ...makeStudent({ id: 'other' }), onRoll: 'yes' } as never),
    ).rejects.toThrow();
    expect(await db.students.count().exec()).toBe(1);
  });

  it('migrates documents written under an older schema version', async () => {
    const name = `t${Date.now()}m`;
    const v0 = await createRxDatabase({ name, storage: validated(), multiInstance: false });
    await v0.addCollections({
      students: {
        schema: COLLECTIONS.students.schema,
        migrationStrategies: COLLECTIONS.students.migrationStrategies,
      },
    });
    await v0.students!.insert(makeStudent());
    await v0.close();

    // A hypothetical next version that splits 班级 into its number: the path a real migration takes.
    const next = COLLECTIONS.students.schema.version + 1;
    const v1Schema = {
      ...COLLECTIONS.students.schema,
      version: next,
      properties: { ...COLLECTIONS.students.schema.properties, classNo: { type: 'string', maxLength: 8 } },
    };
    const v1 = await createRxDatabase({ name, storage: validated(), multiInstance: false });
    await v1.addCollections({
      students: {
        schema: v1Schema,
        migrationStrategies: {
          ...COLLECTIONS.students.migrationStrategies,
          [next]: (doc: { className: string }) => ({ ...doc, classNo: doc.className.replace(/\D/g, '') }),
        },
      },
    });
    const migrated = await v1.students!.findOne().exec();
    expect(migrated?.get('classNo')).toBe('3');
    await v1.remove();
  });
});
