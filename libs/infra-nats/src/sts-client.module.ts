import { Global, Module, type DynamicModule } from '@nestjs/common';
import { StsClient, type StsClientOptions } from './sts-client.js';

/** Provides the app's one connected StsClient. */
@Global()
@Module({})
export class StsClientModule {
  static register(options: StsClientOptions): DynamicModule {
    return {
      module: StsClientModule,
      providers: [{
        provide: StsClient,
        useFactory: async () => {
          const client = new StsClient(options);
          await client.connect();
          return client;
        },
      }],
      exports: [StsClient],
    };
  }
}
