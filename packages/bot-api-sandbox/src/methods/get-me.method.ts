import type { MethodCall } from './method-call.ts';

export function getMe({ bot }: MethodCall): unknown {
  return {
    ...bot.user,
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
  };
}
