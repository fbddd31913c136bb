/**
 * 教师班级: the school's registrar sets each teacher's classes (班主任 and 科任) on the school's server,
 * choosing from the classes of the roll this device holds or typing one (checked against the roll). A leader
 * sees the list. The server decides alone who may do what (server/auth/schoolStaff.ts).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { Message, type MessageState } from '@/components/Message';
import { useRx } from '@/components/useRx';
import { roleWords } from '@/lib/audit/accessLog';
import {
  fetchStaff,
  partnerName,
  partnersOf,
  rollClass,
  StaffError,
  type StaffMember,
  setTeacherClasses,
} from '@/lib/audit/schoolStaff';
import type { BaoxueDatabase } from '@/lib/db/types';
import { t } from '@/lib/i18n';
import { parseEvents } from '@/lib/records';
import { readAccount } from '@/lib/sync/account';
import { todayString } from '@/lib/time/day';

export function staffErrorText(e: unknown): string {
  if (e instanceof StaffError) {
    if (e.problem === 'forbidden') return t('staff_err_forbidden');
    if (e.problem === 'unreachable') return t('staff_err_unreachable');
    return e.detail;
  }
  return String((e as Error)?.message ?? e);
}

export function StaffClassesView({ db, roles }: { db: BaoxueDatabase; roles: string[] }) {
  const registrar = roles.includes('registrar');
  const [staff, setStaff] = useState<StaffMember[]>();
  const [noServer, setNoServer] = useState(false);
  const [message, setMessage] = useState<MessageState | null>(null);
  const [editing, setEditing] = useState<string>();
  const docs = useRx(() => db.students.find({ selector: { onRoll: true } }).$, [db], []);
  const rollClasses = useMemo(
    () => [...new Set(docs.map((d) => d.className))].filter(Boolean).sort((a, b) => a.localeCompare(b, 'zh')),
    [docs],
  );
  const names = useMemo(() => new Map(docs.map((d) => [d.id, d.name] as [string, string])), [docs]);
  // 帮扶: set in 重点生 (the designation names the partner teacher); shown here beside the classes.
  const notes = useRx(() => db.events.find({ selector: { kind: 'riskNote' } }).$, [db], []);
  const partners = useMemo(
    () => partnersOf(parseEvents(notes.map((n) => n.toJSON())), todayString()),
    [notes],
  );

  async function load() {
    const a = await readAccount(db);
    if (!a) return setNoServer(true);
    try {
      setStaff(await fetchStaff(a));
    } catch (e) {
      setMessage({ ok: false, text: t('staff_load_failed', staffErrorText(e)) });
    }
  }
  useEffect(() => {
    void load();
  }, [db]);

  async function save(name: string, classes: string[]) {
    const a = await readAccount(db);
    if (!a) return setNoServer(true);
    try {
      await setTeacherClasses(a, name, classes);
      setEditing(undefined);
      setMessage({ ok: true, text: t('staff_saved', name) });
      await load();
    } catch (e) {
      setMessage({ ok: false, text: t('staff_save_failed', staffErrorText(e)) });
    }
  }

  if (noServer) return <p class="empty">{t('staff_need_server')}</p>;
  return (
    <section data-testid="staff-classes">
      <p>{t('staff_note')}</p>
      <p class="muted">{t('staff_partner_note')}</p>
      {!registrar && <p class="muted">{t('staff_read_only')}</p>}
      <Message message={message} testId="staff-message" />
      {!staff ? (
        !message && <p class="empty">{t('staff_loading')}</p>
      ) : staff.length === 0 ? (
        <p class="empty">{t('staff_empty')}</p>
      ) : (
        <table class="data">
          <thead>
            <tr>
              <th>{t('staff_col_name')}</th>
              <th>{t('staff_col_role')}</th>
              <th>{t('staff_col_classes')}</th>
              <th>{t('staff_col_partner')}</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((s) => {
              const teacher = s.roles.includes('teacher') && !s.roles.some((r) => r !== 'teacher');
              return (
                <tr key={s.name} data-name={s.name}>
                  <td>{s.name}</td>
                  <td>{roleWords(s.roles, t)}</td>
                  <td data-testid="classes">
                    {editing === s.name ? (
                      <ClassPicker
                        current={s.classes ?? []}
                        roll={rollClasses}
                        onSave={(c) => void save(s.name, c)}
                        onCancel={() => setEditing(undefined)}
                      />
                    ) : (
                      <>
                        {!teacher
                          ? t('staff_whole_school')
                          : s.classes === undefined
                            ? t('staff_no_classes')
                            : s.classes.length
                              ? s.classes.join('、')
                              : t('staff_none')}
                        {teacher && registrar && (
                          <>
                            {' '}
                            <button type="button" onClick={() => setEditing(s.name)}>
                              {t('staff_edit')}
                            </button>
                          </>
                        )}
                      </>
                    )}
                  </td>
                  <td data-testid="mentored">
                    {(partners.get(partnerName(s.name)) ?? [])
                      .map((id) => names.get(id) ?? '')
                      .filter(Boolean)
                      .join('、')}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The roll's classes as boxes to tick, plus one typed by hand (only a class the roll has). */
function ClassPicker({
  current,
  roll,
  onSave,
  onCancel,
}: {
  current: string[];
  roll: string[];
  onSave(classes: string[]): void;
  onCancel(): void;
}) {
  const [chosen, setChosen] = useState<string[]>(current);
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState('');
  // A class already assigned but no longer on the roll stays visible, so it can be taken away.
  const shown = [...roll, ...current.filter((c) => !roll.includes(c))];
  const toggle = (c: string, on: boolean) =>
    setChosen(on ? [...chosen.filter((x) => x !== c), c] : chosen.filter((x) => x !== c));
  function add() {
    const c = rollClass(typed, roll);
    if (!c) return setProblem(t('staff_class_unknown', typed.trim()));
    setProblem('');
    setTyped('');
    toggle(c, true);
  }
  return (
    <fieldset class="class-picker">
      {shown.map((c) => (
        <label key={c}>
          <input
            type="checkbox"
            checked={chosen.includes(c)}
            onChange={(e) => toggle(c, e.currentTarget.checked)}
          />
          {c}
        </label>
      ))}{' '}
      <label>
        {t('staff_add_class')}{' '}
        <input
          type="text"
          value={typed}
          onInput={(e) => setTyped(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') add();
          }}
        />
      </label>{' '}
      <button type="button" onClick={add}>
        {t('staff_add')}
      </button>
      {problem && (
        <p class="msg error" role="alert">
          {problem}
        </p>
      )}
      <p>
        <button type="button" onClick={() => onSave(shown.filter((c) => chosen.includes(c)))}>
          {t('staff_save')}
        </button>{' '}
        <button type="button" onClick={onCancel}>
          {t('staff_cancel')}
        </button>
      </p>
    </fieldset>
  );
}
