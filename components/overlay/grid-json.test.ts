// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { forgetAllFrames, frameGrids } from '@/lib/capture/frame-grids';
import { AJAX_MESSAGE, AJAX_PULL } from '@/lib/capture/json';
import { generateSchool } from '../../demo/generator';
import { GIVE_UP_MS, type JsonIntake, PULL_AFTER_READ_MS, startJsonIntake, TAKE_AFTER_MS } from './grid-json';

// The worker, as its handler takes a response for the sending frame (lib/capture/frame-grids.ts).
vi.mock('@/lib/messaging-client', async () => {
  const { takeResponse } = await import('@/lib/capture/frame-grids');
  return {
    request: vi.fn(async (type: string, input: { url: string; text: string; columns: unknown }) => {
      if (type !== 'capture/json') throw new Error(`unexpected ${type}`);
      return takeResponse('this frame', 1, input, input.columns);
    }),
  };
});
const kept = () => frameGrids('this frame').grids;

const url = '/command/ajax/com.inspur.mems.xsxxgl.cmd.ZxxsXsJbxxQueryCmd/query';
const rows = generateSchool().students.slice(0, 3);
const text = JSON.stringify({ total: 3, success: true, metaData: { root: 'rows', fields: [] }, rows });

/** A message as the main-world observer (or any script of the page) posts it on this window. */
const fromPage = (data: unknown) =>
  window.dispatchEvent(new MessageEvent('message', { data, origin: location.origin, source: window }));

describe('the grid JSON intake', () => {
  let intake: JsonIntake;
  let pulls: number;
  let taken: number;
  beforeEach(() => {
    forgetAllFrames();
    vi.useFakeTimers();
    pulls = 0;
    taken = 0;
    vi.spyOn(window, 'postMessage').mockImplementation((message: unknown) => {
      if ((message as Record<string, unknown>)[AJAX_PULL] === true) pulls++;
    });
    intake = startJsonIntake(window, () => taken++);
  });
  afterEach(() => {
    intake.stop();
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it('asks for a response a moment after the next read of the page, not when the observer says it came', () => {
    fromPage({ [AJAX_MESSAGE]: true, url });
    intake.reading(); // a read begins: nothing asked while it lasts, however long
    vi.advanceTimersByTime(TAKE_AFTER_MS * 4);
    expect(pulls).toBe(0);
    intake.pullSoon(); // the overlay's read is over
    vi.advanceTimersByTime(PULL_AFTER_READ_MS - 1);
    expect(pulls).toBe(0);
    vi.advanceTimersByTime(1 + 1000); // then at the page's next idle moment (at most a second more)
    expect(pulls).toBe(1);
    intake.pullSoon(); // nothing new came: nothing asked
    vi.advanceTimersByTime(TAKE_AFTER_MS * 4);
    expect(pulls).toBe(1);
  });

  it('waits for the end of a read under way when the word comes during it', () => {
    intake.reading();
    fromPage({ [AJAX_MESSAGE]: true, url });
    vi.advanceTimersByTime(TAKE_AFTER_MS * 4);
    expect(pulls).toBe(0);
    intake.pullSoon();
    vi.advanceTimersByTime(PULL_AFTER_READ_MS + 1000);
    expect(pulls).toBe(1);
  });

  it('asks on its own a moment later when no read comes (a page with no grid)', () => {
    fromPage({ [AJAX_MESSAGE]: true, url });
    vi.advanceTimersByTime(TAKE_AFTER_MS - 1);
    expect(pulls).toBe(0);
    vi.advanceTimersByTime(1);
    expect(pulls).toBe(1);
  });

  it('hands the response the observer posts to the worker, which keeps it for this frame, and says so', async () => {
    fromPage({ [AJAX_MESSAGE]: true, url, text, columns: [] });
    await vi.runAllTimersAsync();
    expect(intake.version).toBe(1);
    expect(kept()[0]?.size).toBe(3); // kept by the worker for this frame
    expect(intake.newestFields).toContain('xjh'); // what a page with no grid is classified by
    expect(taken).toBe(1);
  });

  it('counts a response without grid rows as nothing taken', async () => {
    fromPage({ [AJAX_MESSAGE]: true, url, text: '{"ok":true}', columns: [] });
    await vi.runAllTimersAsync();
    expect(intake.version).toBe(0);
    expect(kept()).toHaveLength(0);
    expect(taken).toBe(1); // the read it held back goes on
  });

  it('says a response is coming from the word until it is taken, so a read holds its save back', async () => {
    expect(intake.coming).toBe(false);
    fromPage({ [AJAX_MESSAGE]: true, url });
    expect(intake.coming).toBe(true);
    vi.advanceTimersByTime(TAKE_AFTER_MS); // asked for (no read came)
    expect(pulls).toBe(1);
    expect(intake.coming).toBe(true); // asked for, not here yet
    fromPage({ [AJAX_MESSAGE]: true, url, text, columns: [] });
    await vi.runAllTimersAsync();
    expect(intake.coming).toBe(false);
    expect(taken).toBe(1); // the read that saves follows
  });

  it('does not give a response up once it came, however long the worker takes it', async () => {
    fromPage({ [AJAX_MESSAGE]: true, url });
    vi.advanceTimersByTime(TAKE_AFTER_MS); // asked for
    const { request } = await import('@/lib/messaging-client');
    const slow = vi.mocked(request);
    let finish: (() => void) | undefined;
    slow.mockImplementationOnce(
      () =>
        new Promise((resolve) => {
          finish = () => resolve({ taken: true, version: 1, fields: ['xjh'] } as never);
        }),
    );
    fromPage({ [AJAX_MESSAGE]: true, url, text, columns: [] });
    await vi.advanceTimersByTimeAsync(GIVE_UP_MS * 2);
    expect(intake.coming).toBe(true); // still coming: no read saves the rows without it
    expect(taken).toBe(0);
    finish?.();
    await vi.runAllTimersAsync();
    expect(intake.coming).toBe(false);
    expect(taken).toBe(1);
  });

  it('gives a response up when it does not come after it was asked for, and the read goes on', () => {
    fromPage({ [AJAX_MESSAGE]: true, url });
    vi.advanceTimersByTime(TAKE_AFTER_MS);
    vi.advanceTimersByTime(GIVE_UP_MS - 1);
    expect(intake.coming).toBe(true);
    expect(taken).toBe(0);
    vi.advanceTimersByTime(1);
    expect(intake.coming).toBe(false);
    expect(taken).toBe(1);
  });

  it('asks at once when a person wants what the page sent (the structure report), and answers once taken', async () => {
    fromPage({ [AJAX_MESSAGE]: true, url });
    let done = false;
    const taking = intake.whenTaken().then(() => {
      done = true;
    });
    expect(pulls).toBe(1);
    await vi.advanceTimersByTimeAsync(10);
    expect(done).toBe(false);
    fromPage({ [AJAX_MESSAGE]: true, url, text, columns: [] });
    await vi.runAllTimersAsync();
    await taking;
    expect(kept()[0]?.size).toBe(3);
  });

  it('takes nothing from a message in another shape or from another window', async () => {
    fromPage({ [AJAX_MESSAGE]: true, url, text: 42 });
    fromPage({ url, text });
    window.dispatchEvent(
      new MessageEvent('message', {
        data: { [AJAX_MESSAGE]: true, url, text },
        origin: 'https://evil.example',
      }),
    );
    await vi.runAllTimersAsync();
    expect(intake.version).toBe(0);
    expect(pulls).toBe(0);
  });
});
