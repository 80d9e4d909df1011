import type { PipeTransform } from '@nestjs/common';
import type { ZodType } from 'zod';

/** Validates a message against its contract schema; the filter turns a failure into a coded error. */
export class SchemaPipe<T> implements PipeTransform<unknown, T> {
  constructor(private readonly schema: ZodType<T>) {}

  transform(value: unknown): T {
    return this.schema.parse(value);
  }
}
