import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { connectEtcd, type EtcdConnection, type EtcdOptions } from './etcd-client.js';

/** Injection token of the app's one etcd connection. */
export const ETCD = Symbol('ETCD');

@Injectable()
class EtcdShutdown implements OnApplicationShutdown {
  constructor(@Inject(ETCD) private readonly etcd: EtcdConnection) {}
  onApplicationShutdown(): void {
    this.etcd.close();
  }
}

@Global()
@Module({})
export class EtcdModule {
  static register(options: EtcdOptions): DynamicModule {
    return {
      module: EtcdModule,
      providers: [{ provide: ETCD, useFactory: () => connectEtcd(options) }, EtcdShutdown],
      exports: [ETCD],
    };
  }
}
