import { render } from 'preact';
import { Dashboard } from '@/components/dashboard/Dashboard';
import { t } from '@/lib/i18n';

document.title = t('dash_title');
render(<Dashboard />, document.getElementById('app')!);
