import { describe, expect, it, jest } from '@jest/globals';
import { Events, StsError, Subjects, type IssueCredentialRequest } from '#contracts';
import { ANSWERED_ELSEWHERE } from './answered-elsewhere.js';
import { ISSUER_PRESENCE_MS, ISSUER_RENEW_AFTER_MS, IssueForwarder } from './credential-minter.js';
import type { StsClient } from './sts-client.js';

const REQUEST: IssueCredentialRequest = { requestId: 'r1', provider: 'root', parent: 'root', durationSeconds: 900 };
const ISSUED = { accessKeyId: 'AK', secretAccessKey: 'SK', sessionToken: 'T', expiration: '2030-01-01T00:00:00Z' };
const GATEWAY_INBOX = '_INBOX.api-gateway.x.1';

function setUp(directReply = true) {
  let now = 1_000_000;
  const listeners = new Map<string, () => void>();
  const client = {
    request: jest.fn<(...args: unknown[]) => Promise<typeof ISSUED>>(async () => ISSUED),
    handOn: jest.fn<(...args: unknown[]) => Promise<void>>(async () => undefined),
    subscribe: jest.fn((event: string, handler: () => void) => listeners.set(event, handler)),
  };
  const forwarder = new IssueForwarder(client as unknown as StsClient, directReply, () => now);
  return { client, forwarder, advance: (ms: number) => (now += ms), leave: () => listeners.get(Events.IssuerLeaving)!() };
}

describe('IssueForwarder', () => {
  it('asks the issuer itself until an issuer has answered, then hands requests on to the gateway inbox', async () => {
    const { client, forwarder } = setUp();
    expect(await forwarder.issue(REQUEST, GATEWAY_INBOX)).toEqual(ISSUED);
    expect(await forwarder.issue(REQUEST, GATEWAY_INBOX)).toBe(ANSWERED_ELSEWHERE);
    expect(client.request).toHaveBeenCalledTimes(1);
    expect(client.handOn).toHaveBeenCalledWith(Subjects.CredentialsIssue, REQUEST, GATEWAY_INBOX);
  });

  it('without STS_ISSUER_DIRECT_REPLY always asks the issuer itself and relays its answer', async () => {
    const { client, forwarder } = setUp(false);
    expect(await forwarder.issue(REQUEST, GATEWAY_INBOX)).toEqual(ISSUED);
    expect(await forwarder.issue(REQUEST, GATEWAY_INBOX)).toEqual(ISSUED);
    expect(client.request).toHaveBeenCalledTimes(2);
    expect(client.handOn).not.toHaveBeenCalled();
    expect(client.subscribe).not.toHaveBeenCalled();
  });

  it('asks itself again once the last answer is older than the presence window, so a vanished issuer is noticed at once', async () => {
    const { client, forwarder, advance } = setUp();
    await forwarder.issue(REQUEST, GATEWAY_INBOX);
    advance(ISSUER_PRESENCE_MS);
    expect(await forwarder.issue(REQUEST, GATEWAY_INBOX)).toEqual(ISSUED);
    expect(client.request).toHaveBeenCalledTimes(2);
    expect(client.handOn).not.toHaveBeenCalled();
  });

  it('renews the proof with one request asked the ordinary way while the others are still handed on', async () => {
    const { client, forwarder, advance } = setUp();
    await forwarder.issue(REQUEST, GATEWAY_INBOX);
    advance(ISSUER_RENEW_AFTER_MS);
    let answer: (issued: typeof ISSUED) => void = () => undefined;
    client.request.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    const renewal = forwarder.issue(REQUEST, GATEWAY_INBOX);
    expect(await forwarder.issue(REQUEST, GATEWAY_INBOX)).toBe(ANSWERED_ELSEWHERE);
    expect(await forwarder.issue(REQUEST, GATEWAY_INBOX)).toBe(ANSWERED_ELSEWHERE);
    expect(client.request).toHaveBeenCalledTimes(2);
    advance(ISSUER_PRESENCE_MS - ISSUER_RENEW_AFTER_MS);
    expect(await forwarder.issue(REQUEST, GATEWAY_INBOX)).toEqual(ISSUED); // the renewal is late: past the window, no hand-on
    answer(ISSUED);
    expect(await renewal).toEqual(ISSUED);
    expect(await forwarder.issue(REQUEST, GATEWAY_INBOX)).toBe(ANSWERED_ELSEWHERE);
    expect(client.handOn).toHaveBeenCalledTimes(3);
  });

  it('stops handing on when an issuer replica announces leaving', async () => {
    const { client, forwarder, leave } = setUp();
    await forwarder.issue(REQUEST, GATEWAY_INBOX);
    leave();
    await forwarder.issue(REQUEST, GATEWAY_INBOX);
    expect(client.handOn).not.toHaveBeenCalled();
  });

  it('does not count an error as an answer: "no responders" keeps the next request on the ordinary path', async () => {
    const { client, forwarder } = setUp();
    client.request.mockRejectedValueOnce(new StsError('ServiceUnavailable', 'A required service is unavailable; please try again.'));
    await expect(forwarder.issue(REQUEST, GATEWAY_INBOX)).rejects.toMatchObject({ code: 'ServiceUnavailable' });
    await forwarder.issue(REQUEST, GATEWAY_INBOX);
    expect(client.request).toHaveBeenCalledTimes(2);
    expect(client.handOn).not.toHaveBeenCalled();
  });

  it('answers itself a request that came without a reply subject', async () => {
    const { client, forwarder } = setUp();
    await forwarder.issue(REQUEST, GATEWAY_INBOX);
    expect(await forwarder.issue(REQUEST, undefined)).toEqual(ISSUED);
    expect(client.handOn).not.toHaveBeenCalled();
  });
});
