import { render } from 'preact';
import { DeviceUserForm } from '@/components/options/DeviceUserForm';
import { HostSettings } from '@/components/options/HostSettings';
import { PaperworkSettingsForm } from '@/components/options/PaperworkSettingsForm';
import { ReaderSettings } from '@/components/options/ReaderSettings';
import { SyncSettings } from '@/components/options/SyncSettings';
import { getDatabase } from '@/lib/db/database';
import { keepDeriving } from '@/lib/derive/wake';
import { t } from '@/lib/i18n';

document.title = t('opt_title');
// Changed settings (a ladder step, the term's start) recompute 待办 and the 风险名单 in the worker: wake it.
void getDatabase().then((db) => keepDeriving(db, browser.runtime));
render(
  <main>
    <h1>{t('opt_title')}</h1>
    <SyncSettings />
    <DeviceUserForm />
    <HostSettings />
    <ReaderSettings />
    <PaperworkSettingsForm />
  </main>,
  document.getElementById('app')!,
);
