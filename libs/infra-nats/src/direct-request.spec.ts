import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { Controller, Injectable, Module, Scope, UseGuards, type CanActivate, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Payload, type MicroserviceOptions } from '@nestjs/microservices';
import { z } from 'zod';
import { DirectRequest, directRequestHandlers } from './direct-request.js';
import { DrainingNatsServer } from './draining-nats-server.js';
import { NatsRequestContext } from './nats-request-context.js';

const Ask = z.object({ n: z.number() });

@Injectable()
class Doubler {
  double(n: number): number {
    return 2 * n;
  }
}

@Controller()
class AskHandler {
  constructor(private readonly doubler: Doubler) {}

  @DirectRequest('sts.spec.ask', Ask)
  async ask(request: z.infer<typeof Ask>, context: NatsRequestContext): Promise<{ doubled: number; replyTo?: string }> {
    return { doubled: this.doubler.double(request.n), replyTo: context.replyTo };
  }
}

class Deny implements CanActivate {
  canActivate(): boolean {
    return false;
  }
}

@Controller()
@UseGuards(Deny)
class GuardedHandler {
  @DirectRequest('sts.spec.guarded', Ask)
  guarded(): string {
    return 'skipped the guard';
  }
}

@Controller()
class PipedHandler {
  @DirectRequest('sts.spec.piped', Ask)
  piped(@Payload() request: unknown): unknown {
    return request;
  }
}

@Controller({ scope: Scope.REQUEST })
class ScopedHandler {
  @DirectRequest('sts.spec.scoped', Ask)
  scoped(): string {
    return 'one instance per request';
  }
}

async function appWith(controller: Type) {
  @Module({ controllers: [controller], providers: [Doubler] })
  class SpecModule {}
  const strategy = new DrainingNatsServer({ servers: ['nats://127.0.0.1:1'], queue: 'spec' }, 100);
  return NestFactory.createMicroservice<MicroserviceOptions>(SpecModule, { strategy, logger: false });
}

describe('DirectRequest', () => {
  it('finds each direct handler with its subject and schema, bound to the app’s controller instance', async () => {
    const app = await appWith(AskHandler);
    try {
      const [handler, ...others] = directRequestHandlers(app);
      expect(others).toEqual([]);
      expect(handler.subject).toBe('sts.spec.ask');
      expect(handler.schema).toBe(Ask);
      expect(handler.name).toBe('AskHandler.ask');
      expect(await handler.call({ n: 21 }, new NatsRequestContext('sts.spec.ask', undefined, '_INBOX.x.1'))).toEqual({ doubled: 42, replyTo: '_INBOX.x.1' });
    } finally {
      await app.close();
    }
  });

  it.each([
    ['a guard on its controller', GuardedHandler, /GuardedHandler.guarded has a guard/],
    ['a parameter decorator', PipedHandler, /PipedHandler.piped has parameter decorators/],
    ['a request-scoped controller', ScopedHandler, /ScopedHandler.scoped: its controller is request- or transient-scoped/],
  ])('refuses at start-up a handler with %s, which the server would skip', async (_what, controller, refusal) => {
    const app = await appWith(controller);
    try {
      expect(() => directRequestHandlers(app)).toThrow(refusal);
    } finally {
      await app.close();
    }
  });

  it('refuses at start-up while the app has a global filter, guard, pipe or interceptor', async () => {
    const app = await appWith(AskHandler);
    try {
      app.useGlobalGuards(new Deny());
      expect(() => directRequestHandlers(app)).toThrow(/global guard\/pipe\/interceptor\/filter/);
    } finally {
      await app.close();
    }
  });
});
