/**
 * Issue 15 §7: sync messages say what happened. A wrong address is not "records refused"; a wrong password
 * on the 设置 page does not send the person to 设置; held-back records are named with what to do.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { diagnose } from '@/lib/sync/account';
import zh from '../../public/_locales/zh_CN/messages.json';
import { problemText, syncText } from './syncText';

beforeEach(() => {
  vi.spyOn(browser.i18n, 'getMessage').mockImplementation((key: string, subs?: string | string[]) => {
    const message = (zh as Record<string, { message: string }>)[key]?.message ?? '';
    return [subs ?? []].flat().reduce((m, s, i) => m.replaceAll(`$${i + 1}`, s), message);
  });
});

const account = { url: 'http://192.168.1.9/', school: 'demo', user: '王老师', password: 'pw' };

describe('sync messages in plain words', () => {
  it('says a web page that is not a sync server is the wrong address, not refused records', async () => {
    const page = async () => new Response('<html>学校主页</html>', { status: 200 });
    const d = await diagnose(account, page as never);
    expect(d).toMatchObject({ ok: false, problem: 'not-server' });
    const text = d.ok ? '' : problemText(d.problem, d.detail);
    expect(text).toContain('不是保学助手的同步服务器');
    expect(text).toContain('http://192.168.1.9/');
    expect(text).not.toContain('拒绝了部分记录');
  });

  it('on the 设置 page a wrong password says to check it there, not to go to 设置', () => {
    const onSettings = problemText('wrong-password', '401', 'settings');
    expect(onSettings).toContain('用户名或密码不对');
    expect(onSettings).not.toContain('请在“设置”中');
    expect(problemText('wrong-password', '401')).toContain('设置');
  });

  it('says where the held-back records are listed', () => {
    const text = syncText({ state: 'ok', pending: 0, heldBack: 1, lastSyncedAt: 1, at: 1 });
    expect(text).toContain('1 条记录按学校规则不能由你上传');
    expect(text).toContain('未上传的记录');
  });
});
