import { useEffect, useState } from 'preact/hooks';
import { DayReportsView } from '@/components/enrolment/DayReportsView';
import { CHECKLIST_CSS } from '@/components/paperwork/ChecklistView';
import { ChartsView } from '@/components/reports/ChartsView';
import { LedgersView } from '@/components/reports/LedgersView';
import { SyncPanel } from '@/components/sync/SyncPanel';
import { useAuthor } from '@/components/useAuthor';
import { useRx } from '@/components/useRx';
import { getDatabase } from '@/lib/db/database';
import type { BaoxueDatabase } from '@/lib/db/types';
import { keepDeriving } from '@/lib/derive/wake';
import { t } from '@/lib/i18n';
import { parseSettings } from '@/lib/settings/settings';
import { settings$ } from '@/lib/settings/store';
import { AccessLogView } from './AccessLogView';
import { AtRiskView } from './AtRiskView';
import { AttendanceView } from './AttendanceView';
import { BackupButtons } from './BackupButtons';
import { CasesView } from './CasesView';
import { ChangesView } from './ChangesView';
import { FirstRunGuide, GUIDE_CSS } from './FirstRunGuide';
import { KeyStudentsView } from './KeyStudentsView';
import { QuotaView } from './QuotaView';
import { StaffClassesView } from './StaffClassesView';
import { StudentsView } from './StudentsView';
import { TasksView } from './TasksView';
import { usePaperwork } from './usePaperwork';
import { useRisk } from './useRisk';
import { isOffice, useStaffRoles } from './useStaffRole';

type Tab =
  | 'changes'
  | 'students'
  | 'cases'
  | 'at-risk'
  | 'tasks'
  | 'attendance'
  | 'day-reports'
  | 'visits'
  | 'key'
  | 'reports'
  | 'charts'
  | 'staff-classes'
  | 'access-log';

/** Reads the previous visit time and stamps this one (device-local setting). */
async function stampVisit(db: BaoxueDatabase): Promise<number> {
  const prev = await db.settings.findOne('lastVisit').exec();
  const since = prev ? Number(JSON.parse(prev.value)) || 0 : 0;
  const now = Date.now();
  await db.settings.upsert({ id: 'lastVisit', value: JSON.stringify(now), updatedAt: now });
  return since;
}

export function Dashboard() {
  const [db, setDb] = useState<BaoxueDatabase>();
  const [since, setSince] = useState(0);
  const [error, setError] = useState('');
  // 今天要做的事 is what a teacher opens Baoxue for.
  const [tab, setTab] = useState<Tab>('tasks');
  useEffect(() => {
    getDatabase()
      .then(async (d) => {
        setSince(await stampVisit(d));
        setDb(d);
      })
      .catch((e) => setError(String(e)));
  }, []);

  const roles = useStaffRoles(db);
  const office = isOffice(roles);
  const tabs: [Tab, string][] = [
    ['at-risk', t('dash_tab_at_risk')],
    ['tasks', t('dash_tab_tasks')],
    ['attendance', t('dash_tab_attendance')],
    ['day-reports', t('dash_tab_day_reports')],
    ['key', t('dash_tab_key')],
    ['visits', t('dash_tab_visits')],
    ['reports', t('dash_tab_reports')],
    ['charts', t('dash_tab_charts')],
    ['changes', t('dash_tab_changes')],
    ['students', t('dash_tab_students')],
    ['cases', t('dash_tab_cases')],
    // 教师班级 and 访问记录: the school's registrar and leaders only (the server refuses anyone else anyway).
    ...(office
      ? ([
          ['staff-classes', t('dash_tab_staff_classes')],
          ['access-log', t('dash_tab_access_log')],
        ] as [Tab, string][])
      : []),
  ];
  return (
    <main>
      <style>{CHECKLIST_CSS}</style>
      <style>{GUIDE_CSS}</style>
      <header>
        <h1>{t('dash_title')}</h1>
        {db && <BackupButtons db={db} />}
        <a href="/options.html">{t('open_options')}</a>
      </header>
      {error && <p class="msg error">{t('error_prefix', error)}</p>}
      {db && <SyncPanel db={db} />}
      {db && <FirstRunGuide db={db} />}
      <div class="tabs" role="tablist">
        {tabs.map(([id, label]) => (
          <button type="button" key={id} role="tab" aria-selected={tab === id} onClick={() => setTab(id)}>
            {label}
          </button>
        ))}
      </div>
      {db && tab === 'changes' && <ChangesView db={db} since={since} />}
      {db && tab === 'students' && <StudentsView db={db} />}
      {db && tab === 'charts' && <ChartsView db={db} />}
      {db && tab === 'day-reports' && <DayReportsView db={db} />}
      {db && office && tab === 'staff-classes' && <StaffClassesView db={db} roles={roles} />}
      {db && office && tab === 'access-log' && <AccessLogView db={db} />}
      {db && <Paperwork db={db} tab={tab} />}
    </main>
  );
}

const DEFAULT_SETTINGS = parseSettings(undefined);

/** The tabs that need every case's checklist and every student's risk share one computation. */
function Paperwork({ db, tab }: { db: BaoxueDatabase; tab: Tab }) {
  // One subscription to the school's settings serves the checklists and the risk list.
  const settings = useRx(() => settings$(db), [db], DEFAULT_SETTINGS);
  // The worker derives 待办 and the 风险名单; this page wakes it when it writes or pulls records.
  useEffect(() => keepDeriving(db, browser.runtime), [db]);
  const { checks, byId } = usePaperwork(db, settings);
  const risks = useRisk(db);
  // Who records on this device (the worker stamps it on every record; shown beside the forms).
  const by = useAuthor(db);
  if (tab === 'cases') return <CasesView db={db} paperwork={byId} />;
  if (tab === 'reports') return <LedgersView db={db} checks={checks} school={settings.schoolName} />;
  if (!risks && (tab === 'at-risk' || tab === 'key' || tab === 'tasks'))
    return <p class="empty">{t('computing')}</p>;
  if (tab === 'at-risk') return <AtRiskView db={db} risks={risks ?? []} by={by} />;
  if (tab === 'tasks') return <TasksView db={db} by={by} risks={risks ?? []} paperwork={byId} />;
  if (tab === 'attendance') return <AttendanceView db={db} by={by} />;
  if (tab === 'visits') return <QuotaView db={db} by={by} />;
  if (tab === 'key') return <KeyStudentsView db={db} risks={risks ?? []} by={by} />;
  return null;
}
