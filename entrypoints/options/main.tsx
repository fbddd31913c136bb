import { render } from 'preact';
import { HostSettings } from '@/components/options/HostSettings';
import { PaperworkSettingsForm } from '@/components/options/PaperworkSettingsForm';
import { SyncSettings } from '@/components/options/SyncSettings';
import { t } from '@/lib/i18n';

document.title = t('opt_title');
render(
  <main>
    <h1>{t('opt_title')}</h1>
    <SyncSettings />
    <HostSettings />
    <PaperworkSettingsForm />
  </main>,
  document.getElementById('app')!,
);
