import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { english, zh } from './coded.testing';
import { request } from './messaging-client';
import { CodedError, say } from './say';

afterEach(() => {
  vi.restoreAllMocks();
  fakeBrowser.reset();
});

describe('a request to the worker', () => {
  it("says the extension did not answer, in the reader's words, when the browser's channel fails (never its English)", async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockRejectedValue(
      new Error(
        'A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received',
      ),
    );
    const failed = await request('sync/status', {}).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(CodedError);
    expect((failed as CodedError).text).toEqual(say('err_no_reply'));
    expect(zh((failed as CodedError).text)).toBe('扩展没有回应，请刷新页面再试');
    expect(english((failed as CodedError).text)).not.toContain('listener');
  });
});
