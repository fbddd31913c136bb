import { render } from 'preact';
import { HostSettings } from '@/components/options/HostSettings';
import { t } from '@/lib/i18n';

document.title = t('opt_title');
render(
  <main>
    <h1>{t('opt_title')}</h1>
    <HostSettings />
  </main>,
  document.getElementById('app')!,
);
