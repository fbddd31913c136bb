import { describe, expect, it } from 'vitest';
import { mergeVersions } from './conflicts';

const student = (over: Record<string, unknown>) => ({
  id: 'G1',
  name: '甲',
  className: '七年级1班',
  phone: '',
  onRoll: true,
  source: { host: 'xj.example', pageKind: 'student-list', seenAt: 100 },
  updatedAt: 100,
  _deleted: false,
  ...over,
});

describe('merging two versions of a document', () => {
  it('keeps a field each device changed alone: nothing is lost', () => {
    const base = student({});
    const local = student({ phone: '13800000000', updatedAt: 200 });
    const server = student({ className: '七年级2班', updatedAt: 150 });
    const { doc, conflicts } = mergeVersions(
      'students',
      { assumedMasterState: base, realMasterState: server, newDocumentState: local },
      1,
    );
    expect(doc).toMatchObject({ phone: '13800000000', className: '七年级2班', updatedAt: 200 });
    expect(conflicts).toEqual([]);
  });

  it('gives a field both changed to the later reading and keeps the other value as a conflict', () => {
    const base = student({});
    const local = student({ className: '七年级3班', source: { host: 'a', pageKind: 'x', seenAt: 300 } });
    const server = student({ className: '七年级2班', source: { host: 'b', pageKind: 'x', seenAt: 200 } });
    const { doc, conflicts } = mergeVersions(
      'students',
      { assumedMasterState: base, realMasterState: server, newDocumentState: local },
      7,
    );
    expect(doc.className).toBe('七年级3班');
    expect(conflicts).toEqual([
      {
        collection: 'students',
        docId: 'G1',
        field: 'className',
        kept: '七年级3班',
        dropped: '七年级2班',
        keptFrom: 'local',
        droppedBy: 'b',
        droppedAt: 200,
        at: 7,
      },
    ]);
  });

  it('keeps the server’s copy of an event and reports a differing local copy, never drops it silently', () => {
    const server = {
      id: 'e1',
      kind: 'homeVisit',
      author: '王老师',
      at: 5,
      data: { method: '上门' },
      _deleted: false,
    };
    const local = { ...server, data: { method: '电话' } };
    const { doc, conflicts } = mergeVersions(
      'events',
      { realMasterState: server, newDocumentState: local },
      9,
    );
    expect(doc).toBe(server);
    expect(conflicts).toMatchObject([{ field: 'data', dropped: { method: '电话' }, droppedBy: '王老师' }]);
  });
});
