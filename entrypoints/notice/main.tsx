import { render } from 'preact';
import { PrintPersuasion } from '@/components/risk/PrintPersuasion';

const q = new URLSearchParams(window.location.search);
render(
  <PrintPersuasion
    doc={q.get('doc') === 'report' ? 'report' : 'notice'}
    studentId={q.get('student') ?? ''}
    caseId={q.get('case') ?? ''}
  />,
  document.getElementById('app')!,
);
