import { render } from 'preact';
import { PrintMonthly } from '@/components/reports/PrintMonthly';

const month = new URLSearchParams(window.location.search).get('month') ?? '';
render(<PrintMonthly month={month} />, document.getElementById('app')!);
