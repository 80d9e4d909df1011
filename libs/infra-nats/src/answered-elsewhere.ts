/**
 * What a handler returns when it handed the request on with the caller's reply subject (the issuer
 * answers the gateway directly): the server then sends no reply of its own.
 */
export const ANSWERED_ELSEWHERE: unique symbol = Symbol('answered elsewhere');
export type AnsweredElsewhere = typeof ANSWERED_ELSEWHERE;

/** For a verifier's debug line: the access key it relayed, or that the issuer answers the caller itself. */
export function issueOutcome(answer: { accessKeyId: string } | AnsweredElsewhere): string {
  return answer === ANSWERED_ELSEWHERE ? 'handed to the issuer' : `issued ${answer.accessKeyId}`;
}
