import { render } from 'preact';
import { PrintChecklist } from '@/components/paperwork/PrintChecklist';

const caseId = new URLSearchParams(window.location.search).get('case') ?? '';
render(<PrintChecklist caseId={caseId} />, document.getElementById('app')!);
