import { Inject, Injectable } from '@nestjs/common';
import { StsError } from '#contracts';
import { StsClient } from '#infra-nats';
import { stsActions } from './actions/action-table.js';
import type { ActionOutcome, StsAction } from './actions/sts-action.js';
import { GATEWAY_CONFIG, type GatewayConfig } from './config.js';
import { LiveCredentialCache } from './live-credential-cache.js';
import { STS_API_VERSION, type StsHttpRequest } from './sts-http-request.js';

/** Checks `Version`, then dispatches by `Action` through the action table. */
@Injectable()
export class StsService {
  private readonly actions: ReadonlyMap<string, StsAction>;

  constructor(client: StsClient, credentials: LiveCredentialCache, @Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    this.actions = stsActions({ client, credentials, region: config.region });
  }

  /** Not an async function: the action's own promise is handed on, not wrapped in another one. */
  handle(request: StsHttpRequest): Promise<ActionOutcome> {
    try {
      return this.actionOf(request)(request);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private actionOf(request: StsHttpRequest): StsAction {
    const version = request.params.get('Version') ?? '';
    if (version !== STS_API_VERSION) {
      throw new StsError('MissingParameter', `Invalid STS API version ${version}, expecting ${STS_API_VERSION}`);
    }
    const action = request.params.get('Action') ?? '';
    const run = this.actions.get(action);
    if (!run) throw new StsError('InvalidParameterValue', `Unsupported action ${action}`);
    return run;
  }
}
