import { applyDecorators, SetMetadata, type INestApplicationContext } from '@nestjs/common';
import { EXCEPTION_FILTERS_METADATA, GUARDS_METADATA, INTERCEPTORS_METADATA, PIPES_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { ApplicationConfig, ModulesContainer } from '@nestjs/core';
import { MessagePattern } from '@nestjs/microservices';
import { PATTERN_METADATA } from '@nestjs/microservices/constants.js';
import type { ZodType } from 'zod';
import type { NatsRequestContext } from './nats-request-context.js';

/** Marks, in the pattern's extras (which the server sees), a handler the server must call itself. */
export const DIRECT_REQUEST = 'stsDirectRequest';
const DIRECT_SCHEMA = 'sts:direct-request-schema';

/** A request handler the server calls itself: validated payload and the request's context in, answer out. */
export interface DirectHandler {
  subject: string;
  schema: ZodType;
  call: (request: unknown, context: NatsRequestContext) => unknown;
  /** For start-up messages: `Class.method`. */
  name: string;
}

/**
 * A NATS request handler that DrainingNatsServer calls itself: the payload is parsed with `schema`
 * and the method gets `(request, context)`; errors answer as RpcErrorFilter's do (rpcErrorBody).
 * Nest's handler pipeline (context creation, pipes, interceptors, filters, an Observable per
 * message) is skipped, so a handler that relies on any of it is refused at start-up
 * (directRequestHandlers).
 */
export const DirectRequest = (subject: string, schema: ZodType): MethodDecorator =>
  applyDecorators(MessagePattern(subject, { [DIRECT_REQUEST]: true }), SetMetadata(DIRECT_SCHEMA, schema));

const ENHANCERS = { [GUARDS_METADATA]: 'a guard', [INTERCEPTORS_METADATA]: 'an interceptor', [EXCEPTION_FILTERS_METADATA]: 'a filter', [PIPES_METADATA]: 'a pipe' };

/**
 * Every DirectRequest handler of the app, with its controller instance, found synchronously once
 * the app is built (nothing here waits or can fail late). Throws, so the app does not start, for a
 * handler whose skipped pipeline would matter: an enhancer on its class or method, a parameter
 * decorator, a controller that is not a singleton, or any global guard, pipe, interceptor or filter
 * (call this before the app's own RpcErrorFilter is installed: the direct path answers errors its way).
 */
export function directRequestHandlers(app: INestApplicationContext): DirectHandler[] {
  const handlers: DirectHandler[] = [];
  for (const module of app.get(ModulesContainer, { strict: false }).values()) {
    for (const wrapper of module.controllers.values()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof wrapper.metatype !== 'function') continue;
      const prototype = wrapper.metatype.prototype as Record<string, unknown>;
      for (const method of Object.getOwnPropertyNames(prototype)) {
        const target = prototype[method];
        if (typeof target !== 'function' || method === 'constructor') continue;
        const schema = Reflect.getMetadata(DIRECT_SCHEMA, target) as ZodType | undefined;
        if (!schema) continue;
        const name = `${wrapper.metatype.name}.${method}`;
        refuseSkippedPipeline(name, wrapper.metatype, target, method, !wrapper.isDependencyTreeStatic() || wrapper.isTransient);
        const [subject] = Reflect.getMetadata(PATTERN_METADATA, target) as string[];
        const bound = (target as (request: unknown, context: NatsRequestContext) => unknown).bind(instance);
        handlers.push({ subject, schema, call: bound, name });
      }
    }
  }
  if (handlers.length > 0) refuseGlobalEnhancers(app);
  return handlers;
}

/** Nest has no public getter for an app's global enhancers; should its field move, start-up refuses rather than guess. */
function refuseGlobalEnhancers(app: INestApplicationContext): void {
  const config = (app as unknown as { applicationConfig?: unknown }).applicationConfig;
  if (!(config instanceof ApplicationConfig)) throw new Error('DirectRequest: cannot see the app\'s global enhancers; refusing to skip them');
  const global = [
    ...config.getGlobalGuards(), ...config.getGlobalPipes(), ...config.getGlobalInterceptors(), ...config.getGlobalFilters(),
    ...config.getGlobalRequestGuards(), ...config.getGlobalRequestPipes(), ...config.getGlobalRequestInterceptors(), ...config.getGlobalRequestFilters(),
  ];
  if (global.length > 0) throw new Error(`DirectRequest handlers skip Nest's pipeline, but the app has ${global.length} global guard/pipe/interceptor/filter(s)`);
}

function refuseSkippedPipeline(name: string, controller: object, method: object, key: string, scoped: boolean): void {
  if (scoped) throw new Error(`DirectRequest ${name}: its controller is request- or transient-scoped; the server calls one instance`);
  for (const [metadata, what] of Object.entries(ENHANCERS)) {
    const found = [Reflect.getMetadata(metadata, controller), Reflect.getMetadata(metadata, method)].some((list) => Array.isArray(list) && list.length > 0);
    if (found) throw new Error(`DirectRequest ${name} has ${what}, which the server would skip`);
  }
  const params = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, key) ?? {}) as object;
  if (Object.keys(params).length > 0) throw new Error(`DirectRequest ${name} has parameter decorators (@Payload, @Ctx), which the server would skip`);
}
