/**
 * An account's place per school (issue 16): old flat accounts read as they were for one school, failing closed
 * for several; the admin's three forms of PUT.
 */
import { describe, expect, it } from 'vitest';
import { type AccountDoc, flatRoles, placesOf, SEVERAL_SCHOOLS, updatedPlaces } from './accounts';

const base = { _id: 'account:王老师', name: '王老师', hash: 'h', temporary: false, changedAt: 0 };
const flat = (roles: string[], classes?: string[]): AccountDoc => ({
  ...base,
  roles,
  ...(classes ? { classes } : {}),
});

describe('reading an account from before places', () => {
  it('gives a member of one school its roles and classes there, as before', () => {
    expect(placesOf(flat(['baoxue-a', 'teacher'], ['七年级1班']))).toEqual({
      schools: { a: { roles: ['teacher'], classes: ['七年级1班'] } },
    });
    expect(placesOf(flat(['baoxue-a', 'registrar']))).toEqual({ schools: { a: { roles: ['registrar'] } } });
  });

  it('gives an office role or classes of several schools to none of them, and says what was held back', () => {
    expect(placesOf(flat(['baoxue-a', 'baoxue-b', 'registrar', 'teacher'], ['七年级1班']))).toEqual({
      schools: { a: { roles: ['teacher'] }, b: { roles: ['teacher'] } },
      undecided: { roles: ['registrar'], classes: ['七年级1班'], schools: ['a', 'b'] },
    });
    // A plain teacher of two schools with no classes is not ambiguous.
    expect(placesOf(flat(['baoxue-a', 'baoxue-b', 'teacher']))).toEqual({
      schools: { a: { roles: ['teacher'] }, b: { roles: ['teacher'] } },
    });
  });

  it('never takes an `_` role or a bad school code, nor a prototype key', () => {
    expect(placesOf(flat(['baoxue-a', '_admin'])).schools).toEqual({ a: { roles: [] } });
    const places = placesOf({
      ...base,
      schools: { constructor: { roles: ['teacher'] }, 'A!': { roles: ['registrar'] } },
    });
    expect(places.schools).toEqual({ constructor: { roles: ['teacher'] } });
  });
});

describe('the flat view older clients read', () => {
  it('lists every membership and only the roles held in all schools', () => {
    expect(flatRoles({ a: { roles: ['teacher'] } })).toEqual(['baoxue-a', 'teacher']);
    expect(flatRoles({ a: { roles: ['teacher'] }, b: { roles: ['registrar'] } })).toEqual([
      'baoxue-a',
      'baoxue-b',
    ]);
    expect(flatRoles({ a: { roles: ['teacher'] }, b: { roles: ['teacher', 'registrar'] } })).toEqual([
      'baoxue-a',
      'baoxue-b',
      'teacher',
    ]);
  });
});

describe('the admin’s PUT', () => {
  const existing = { a: { roles: ['teacher'], classes: ['七年级1班'] } };

  it('sets one school’s place and keeps the others (a 走教 teacher’s second school)', () => {
    expect(updatedPlaces(existing, { school: 'b', roles: ['teacher'], classes: ['三年级2班'] })).toEqual({
      ok: true,
      schools: { ...existing, b: { roles: ['teacher'], classes: ['三年级2班'] } },
    });
    // Classes omitted: that school's kept.
    expect(updatedPlaces(existing, { school: 'a', roles: ['leader'] })).toMatchObject({
      schools: { a: { roles: ['leader'], classes: ['七年级1班'] } },
    });
  });

  it('takes the old flat form only when it says which school its roles are for', () => {
    expect(updatedPlaces(existing, { roles: ['baoxue-a', 'registrar'] })).toEqual({
      ok: true,
      schools: { a: { roles: ['registrar'], classes: ['七年级1班'] } },
    });
    expect(
      updatedPlaces(undefined, { roles: ['baoxue-a', 'baoxue-b', 'registrar'], password: 'long-enough-1' }),
    ).toEqual({
      ok: false,
      reason: SEVERAL_SCHOOLS,
    });
    expect(
      updatedPlaces(undefined, { roles: ['baoxue-a', 'baoxue-b', 'teacher'], classes: ['七年级1班'] }),
    ).toEqual({
      ok: false,
      reason: SEVERAL_SCHOOLS,
    });
  });

  it('refuses roles that are no staff role, `_` roles, bad school codes and unknown fields', () => {
    for (const body of [
      { school: 'a', roles: ['_admin'] },
      { school: 'a', roles: ['clerk'] },
      { school: 'A B', roles: ['teacher'] },
      { schools: { a: { roles: ['teacher'], extra: 1 } } },
      { school: 'a', roles: ['teacher'], hash: 'x' },
      { roles: ['_admin'] },
    ])
      expect(updatedPlaces(existing, body)).toMatchObject({ ok: false });
  });
});
