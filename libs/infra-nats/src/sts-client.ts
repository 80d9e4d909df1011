import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, lastValueFrom, timeout, TimeoutError } from 'rxjs';
import { isRpcErrorBody, StsError, type EventMap, type RequestMap, type RequestSubject } from '#contracts';

export interface StsClientOptions {
  servers: string[];
  /** Deadline of one request-reply hop. Nest has no default; a silent service must not hang callers. */
  timeoutMs: number;
  name: string;
}

/** The only way services call each other: typed by the contracts' RequestMap, always with a deadline. */
export class StsClient implements OnApplicationShutdown {
  private readonly logger = new Logger(StsClient.name);
  private readonly proxy: ClientProxy;

  constructor(private readonly options: StsClientOptions) {
    this.proxy = ClientProxyFactory.create({
      transport: Transport.NATS,
      options: { servers: options.servers, name: options.name, maxReconnectAttempts: -1, reconnectTimeWait: 500 },
    });
  }

  connect(): Promise<unknown> {
    return this.proxy.connect();
  }

  async request<S extends RequestSubject>(subject: S, payload: RequestMap[S]['req'], timeoutMs = this.options.timeoutMs): Promise<RequestMap[S]['res']> {
    try {
      return await firstValueFrom(this.proxy.send<RequestMap[S]['res']>(subject, payload).pipe(timeout(timeoutMs)));
    } catch (error) {
      throw this.translate(subject, error);
    }
  }

  async emit<E extends keyof EventMap>(event: E, payload: EventMap[E]): Promise<void> {
    await lastValueFrom(this.proxy.emit(event, payload), { defaultValue: undefined });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.proxy.close();
  }

  private translate(subject: string, error: unknown): StsError {
    if (isRpcErrorBody(error)) return new StsError(error.code, error.message);
    if (error instanceof TimeoutError) {
      return new StsError('ServiceUnavailable', `A required service did not answer in time (${subject}); please try again.`);
    }
    this.logger.warn(`request on ${subject} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`);
    return new StsError('ServiceUnavailable', `A required service is unavailable (${subject}); please try again.`, { cause: error });
  }
}
