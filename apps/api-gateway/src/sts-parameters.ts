import { Limits, StsError } from '#contracts';

/** AWS's RoleSessionName constraint (the SDK model): 2…64 of `[\w+=,.@-]`. */
const ROLE_SESSION_NAME = new RegExp(`^[\\w+=,.@-]{2,${Limits.roleSessionName}}$`);

/** An optional STS parameter, empty meaning absent, with a length cap. */
export function optionalParameter(params: Map<string, string>, name: string, maxLength: number): string | undefined {
  const value = params.get(name) || undefined;
  if (value !== undefined && value.length > maxLength) throw new StsError('InvalidParameterValue', `${name} must be at most ${maxLength} characters`);
  return value;
}

export function roleSessionName(params: Map<string, string>): string | undefined {
  const value = params.get('RoleSessionName') || undefined;
  if (value !== undefined && !ROLE_SESSION_NAME.test(value)) {
    throw new StsError('InvalidParameterValue', `RoleSessionName must be 2 to ${Limits.roleSessionName} characters of letters, digits and +=,.@_-`);
  }
  return value;
}

/** MinIO's extension, accepted by every action and stored for revoke-by-type. */
export const tokenRevokeType = (params: Map<string, string>) => optionalParameter(params, 'TokenRevokeType', Limits.tokenRevokeType);
