import { MessagePattern, Payload } from '@nestjs/microservices';
import { AdminSubjects as S, type AdminRequest as Req, type AdminResponse as Res } from '#contracts';
import { accountAccessOf, type AuthorizedAdminCaller } from '#domain';
import { AdminHandlers } from './admin-handlers.js';
import { Caller } from './admin-caller.js';
import { adminPipe } from './admin-pipe.js';

/** madmin AccountInfo: any authenticated identity reads its own account and the policies behind it. */
@AdminHandlers()
export class AccountInfoHandler {
  @MessagePattern(S.AccountInfo)
  info(@Payload(adminPipe(S.AccountInfo)) _r: Req<typeof S.AccountInfo>, @Caller() caller: AuthorizedAdminCaller): Res<typeof S.AccountInfo> {
    return accountAccessOf(caller);
  }
}
