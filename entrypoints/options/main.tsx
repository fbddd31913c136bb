import { render } from 'preact';
import { AbsenceSection } from '@/components/options/AbsenceSection';
import { CalendarSection } from '@/components/options/CalendarSection';
import { DeviceUserForm } from '@/components/options/DeviceUserForm';
import { GuideSection } from '@/components/options/GuideSection';
import { HostSettings } from '@/components/options/HostSettings';
import { PaperworkSection } from '@/components/options/PaperworkSection';
import { ReaderSettings } from '@/components/options/ReaderSettings';
import { SchoolSection } from '@/components/options/SchoolSection';
import { SyncSettings } from '@/components/options/SyncSettings';
import { getDatabase } from '@/lib/db/database';
import { keepDeriving } from '@/lib/derive/wake';
import { type MessageKey, t } from '@/lib/i18n';

document.title = t('opt_title');
// Changed settings (a ladder step, the term's start) recompute 待办 and the 风险名单 in the worker: wake it.
void getDatabase().then((db) => keepDeriving(db, browser.runtime));

/**
 * 设置 in sections, each with its own heading, its own 保存 and its own confirmation (issue 15): a list of
 * the sections on top jumps to each, so nobody scrolls a long form to find the one button.
 */
const SECTIONS: [id: string, title: MessageKey | null, body: () => preact.JSX.Element][] = [
  ['school', 'opt_section_school', () => <SchoolSection />],
  // These two carry their own headings.
  ['user', null, () => <DeviceUserForm />],
  ['sync', null, () => <SyncSettings />],
  ['calendar', 'opt_section_calendar', () => <CalendarSection />],
  ['absence', 'opt_section_absence', () => <AbsenceSection />],
  ['paperwork', 'opt_section_paperwork', () => <PaperworkSection />],
  [
    'reading',
    'opt_section_reading',
    () => (
      <>
        <HostSettings />
        <ReaderSettings />
      </>
    ),
  ],
  ['guide', 'opt_section_guide', () => <GuideSection />],
];
const NAV: [string, MessageKey][] = [
  ['school', 'opt_section_school'],
  ['user', 'user_title'],
  ['sync', 'opt_sync'],
  ['calendar', 'opt_section_calendar'],
  ['absence', 'opt_section_absence'],
  ['paperwork', 'opt_section_paperwork'],
  ['reading', 'opt_section_reading'],
  ['guide', 'opt_section_guide'],
];

const CSS = `
.settings-nav { position: sticky; top: 0; background: #f8fafc; padding: 6px 0; display: flex; gap: 4px 14px; flex-wrap: wrap; border-bottom: 1px solid #cbd5e1; z-index: 1; }
.settings-section { background: #fff; border: 1px solid #e2e8f0; border-radius: 6px; padding: 4px 16px 12px; margin: 16px 0; scroll-margin-top: 48px; }
.settings-section fieldset { margin: 8px 0; }
.settings-section label { margin-right: 12px; }
`;

render(
  <main>
    <style>{CSS}</style>
    <header>
      <h1>{t('opt_title')}</h1>
      <a href="/dashboard.html">{t('opt_back_to_dashboard')}</a>
    </header>
    <nav class="settings-nav" aria-label={t('opt_sections')}>
      {NAV.map(([id, title]) => (
        <a key={id} href={`#${id}`}>
          {t(title)}
        </a>
      ))}
    </nav>
    {SECTIONS.map(([id, title, body]) => (
      <section key={id} id={id} class="settings-section" data-section={id}>
        {title && <h2>{t(title)}</h2>}
        {body()}
      </section>
    ))}
  </main>,
  document.getElementById('app')!,
);
