import { describe, expect, it, jest } from '@jest/globals';
import { Logger, type CallHandler, type ExecutionContext } from '@nestjs/common';
import { lastValueFrom, of } from 'rxjs';
import { AdminSubjects as S, Events } from '#contracts';
import type { StsClient } from '#infra-nats';
import { AccessChangeNotifier, accessChangeOf } from './access-change-notifier.js';

describe(accessChangeOf.name, () => {
  it.each([
    [S.UsersAdd, { accessKey: 'sami', secretKey: 'x' }, { parents: ['sami'] }],
    [S.GroupsUpdateMembers, { group: 'g', members: ['a', 'b'], isRemove: true }, { groups: ['g'], parents: ['a', 'b'] }],
    [S.PoliciesCreate, { name: 'p', policy: '{}' }, { policies: ['p'] }],
    [S.PoliciesDelete, { name: 'p' }, { policies: ['p'] }],
    [S.PolicyMappingsDetach, { policies: ['p'], target: { kind: 'user', name: 'dora' } }, { parents: ['dora'] }],
    [S.PolicyMappingsDetach, { policies: ['p'], target: { kind: 'ldap-user', name: 'UID=a, DC=x' } }, { parents: ['uid=a,dc=x'] }],
    [S.PolicyMappingsDetach, { policies: ['p'], target: { kind: 'group', name: 'g' } }, { groups: ['g'] }],
    [S.PolicyMappingsAttach, { policies: ['p'], target: { kind: 'ldap-group', name: 'cn=g' } }, { groups: ['cn=g'] }],
    [S.PolicyMappingsSet, { policies: [], target: { kind: 'user', name: 'sue' } }, { parents: ['sue'] }],
    [S.GroupsSetStatus, { group: 'g', status: 'disabled' }, { groups: ['g'] }],
    [S.ServiceAccountsDelete, { accessKey: 'SVCACCT1' }, { parents: ['SVCACCT1'] }],
  ])('%s narrows what it names', (subject, payload, change) => {
    expect(accessChangeOf(subject, payload)).toEqual(change);
  });

  it('names a new service account by the key it was given', () => {
    expect(accessChangeOf(S.ServiceAccountsAdd, { targetUser: 'sami' }, { accessKey: 'CHOSENBYISSUER', secretKey: 'x' })).toEqual({ parents: ['CHOSENBYISSUER'] });
    expect(accessChangeOf(S.ServiceAccountsAdd, { accessKey: 'mine' }, { accessKey: 'mine', secretKey: 'x' })).toEqual({ parents: ['mine'] });
  });

  it.each([S.UsersRemove, S.UsersSetStatus])('%s is left to the one users-changed event', (subject) => {
    expect(accessChangeOf(subject, { accessKey: 'dina', status: 'disabled' })).toBeUndefined();
  });

  it.each([S.UsersInfo, S.UsersList, S.PoliciesList, S.CredentialsList, S.KeysList])('%s changes nothing', (subject) => {
    expect(accessChangeOf(subject, {})).toBeUndefined();
  });
});

describe(AccessChangeNotifier.name, () => {
  /** An admin call on `subject` that the handler answered with `answer`, through the interceptor. */
  function intercept(bus: StsClient, subject: string, request: object, answer: unknown): Promise<unknown> {
    const context = {
      getType: () => 'rpc',
      switchToRpc: () => ({ getContext: () => ({ getSubject: () => subject }), getData: () => request }),
    } as unknown as ExecutionContext;
    const next: CallHandler = { handle: () => of(answer) };
    return lastValueFrom(new AccessChangeNotifier(bus).intercept(context, next));
  }

  it('announces the change and answers once the events are flushed', async () => {
    const emitted: unknown[] = [];
    const bus = { emit: (event: string, payload: unknown) => emitted.push([event, payload]), flush: async () => undefined } as unknown as StsClient;
    expect(await intercept(bus, S.PoliciesDelete, { name: 'p' }, { ok: true })).toEqual({ ok: true });
    expect(emitted).toEqual([[Events.AccessChanged, { policies: ['p'] }]]);
  });

  it('answers a saved change as done even when its events cannot be flushed (the etcd watch narrows access)', async () => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const bus = { emit: () => undefined, flush: async () => Promise.reject(new Error('connection disconnected')) } as unknown as StsClient;
    await expect(intercept(bus, S.ServiceAccountsAdd, { targetUser: 'sami' }, { accessKey: 'NEWKEY', secretKey: 'x' })).resolves.toEqual({ accessKey: 'NEWKEY', secretKey: 'x' });
    jest.restoreAllMocks();
  });
});
