import { describe, expect, it, vi } from 'vitest';
import { say } from '../say';
import { rememberUnread, whenCaptureOn } from './page-readers';
import { BUILTIN_DEFINITION } from './reading';

/** storage.local in memory. */
function memory(initial: Record<string, unknown> = {}) {
  const data: Record<string, unknown> = { ...initial };
  return {
    data,
    get: async (key: string) => ({ [key]: data[key] }),
    set: async (items: Record<string, unknown>) => void Object.assign(data, items),
  } as unknown as Parameters<typeof rememberUnread>[1] & { data: Record<string, unknown> };
}

const page = { host: 'xj.example.cn', path: '/jsp/list.jsp', title: '学生名单', unknown: ['学生标识码'] };

describe('recent pages that were not read (kept by the worker for 设置)', () => {
  it('keeps the newest first, one entry per page', async () => {
    const store = memory();
    await rememberUnread(page, store, 1);
    await rememberUnread({ ...page, path: '/other.jsp' }, store, 2);
    await rememberUnread({ ...page, unknown: ['家长签字'] }, store, 3);
    const list = store.data.unreadPages as { path: string; unknown: string[]; at: number }[];
    expect(list.map((p) => [p.path, p.at])).toEqual([
      ['/jsp/list.jsp', 3],
      ['/other.jsp', 2],
    ]);
    expect(list[0]?.unknown).toEqual(['家长签字']);
  });

  it('refuses a page without a host (a sender the worker could not name) and a malformed list stays out', async () => {
    const store = memory({ unreadPages: 'not a list' });
    expect(await rememberUnread({ ...page, host: '' }, store, 1)).toEqual({ kept: false });
    expect(store.data.unreadPages).toBe('not a list');
    expect(await rememberUnread(page, store, 2)).toEqual({ kept: true });
    expect(store.data.unreadPages).toHaveLength(1);
  });
});

describe("the admin's 'capture off' for a host holds in the worker (cards and dialogs included)", () => {
  const withOff = (host: string, feature: 'capture' | 'learn') => async () => ({
    definition: { ...BUILTIN_DEFINITION, disabled: [{ host, feature, note: '县里统一停用' }] },
    checkedAt: 1,
  });

  it('refuses a capture from a host switched off, with a coded error, and writes nothing', async () => {
    const write = vi.fn(async () => ({ saved: 1 }));
    await expect(
      whenCaptureOn('xj.example.cn', write, withOff('*.example.cn', 'capture')),
    ).rejects.toMatchObject({
      text: say('msg_capture_off', 'xj.example.cn'),
    });
    expect(write).not.toHaveBeenCalled();
  });

  it('writes for another host, for another feature switched off, and with no server definition', async () => {
    const write = vi.fn(async () => ({ saved: 1 }));
    expect(await whenCaptureOn('xj.other.cn', write, withOff('*.example.cn', 'capture'))).toEqual({
      saved: 1,
    });
    expect(await whenCaptureOn('xj.example.cn', write, withOff('xj.example.cn', 'learn'))).toEqual({
      saved: 1,
    });
    expect(await whenCaptureOn('xj.example.cn', write, async () => undefined)).toEqual({ saved: 1 });
    expect(write).toHaveBeenCalledTimes(3);
  });
});
