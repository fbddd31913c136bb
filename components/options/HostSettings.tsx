import { useEffect, useState } from 'preact/hooks';
import { Message, type MessageState } from '@/components/Message';
import { getUserHosts, setUserHosts } from '@/lib/host-scripts';
import { hostToMatchPattern, KNOWN_HOSTS } from '@/lib/hosts';
import { t } from '@/lib/i18n';
import { request } from '@/lib/messaging-client';

/** 学籍系统 hosts: the built-in provincial ones, plus any a user adds (granted at runtime). */
export function HostSettings() {
  const [hosts, setHosts] = useState<string[]>([]);
  const [input, setInput] = useState('');
  const [message, setMessage] = useState<MessageState | null>(null);
  useEffect(() => void getUserHosts().then(setHosts), []);

  async function save(next: string[]) {
    await setUserHosts(next);
    await request('hosts/sync', {});
    setHosts(await getUserHosts());
  }

  async function add(e: Event) {
    e.preventDefault();
    const pattern = hostToMatchPattern(input);
    if (!pattern) return setMessage({ ok: false, text: t('opt_host_invalid', input) });
    // Must run in the click's user gesture: the browser asks the user.
    const granted = await browser.permissions.request({ origins: [pattern] });
    if (!granted) return setMessage({ ok: false, text: t('opt_host_denied', pattern) });
    await save([...hosts, pattern]);
    setInput('');
    setMessage({ ok: true, text: t('opt_host_added', pattern) });
  }

  async function remove(pattern: string) {
    await browser.permissions.remove({ origins: [pattern] });
    await save(hosts.filter((h) => h !== pattern));
  }

  return (
    <section>
      <h2>{t('opt_hosts')}</h2>
      <p>
        {t('opt_hosts_known')} {KNOWN_HOSTS.join('、')}
      </p>
      <p>{t('opt_hosts_added')}</p>
      <ul data-testid="user-hosts">
        {hosts.length === 0 && <li>{t('opt_hosts_none')}</li>}
        {hosts.map((h) => (
          <li key={h}>
            <code>{h}</code>{' '}
            <button type="button" onClick={() => void remove(h)}>
              {t('opt_host_remove')}
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={add}>
        <input
          value={input}
          placeholder={t('opt_host_placeholder')}
          onInput={(e) => setInput(e.currentTarget.value)}
        />{' '}
        <button type="submit">{t('opt_host_add')}</button>
      </form>
      <Message message={message} />
    </section>
  );
}
