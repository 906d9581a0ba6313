/**
 * What a column records about its link (健康状态 and the reason of the last check). Pure: the
 * link-check engine (link-health module) produces these values, the columns module stores and
 * shows them, so they live here, below both.
 */

export const LINK_HEALTHS = ['unknown', 'ok', 'broken', 'unverifiable'] as const;
export type LinkHealth = (typeof LINK_HEALTHS)[number];

/** Why a check ended as it did (stored as `lastReason` / `reason`). */
export type ReasonCode =
  | 'ok'
  | 'http_error' // 4xx other than the ones below, or 5xx after retries
  | 'not_found' // 404
  | 'gone' // 410
  | 'server_error' // 5xx after retries
  | 'forbidden' // 403
  | 'login_required' // 401, or a redirect that lands on a login page
  | 'rate_limited' // 429 after the allowed tries
  | 'verification_page' // captcha / "操作过于频繁" / "环境异常"
  | 'soft404_wechat_deleted'
  | 'soft404_wechat_violation'
  | 'soft404_not_found'
  | 'soft404_fingerprint'
  | 'soft404_deleted' // a platform's or CMS's "deleted" notice on a 200 page
  | 'soft404_violation' // removed for a rule violation or after complaints
  | 'soft404_account' // the account is closed, blocked or migrated
  | 'soft404_expired' // expired, withdrawn or taken offline (信息已过期, 已撤稿)
  | 'soft404_error_page' // an error page answered 200, or a redirect (HTTP, script, meta refresh) to one
  | 'timeout'
  | 'dns_failure'
  | 'connection_refused'
  | 'connection_reset'
  | 'tls_error'
  | 'redirect_loop'
  | 'too_many_redirects'
  | 'bad_redirect'
  | 'blocked_address'
  | 'unsupported_protocol'
  | 'invalid_url'
  | 'network_error';

/** Chinese descriptions of the reasons, for alert messages and the UI. */
export const REASON_LABELS: Record<ReasonCode, string> = {
  ok: '正常',
  http_error: 'HTTP 错误',
  not_found: '页面不存在（404）',
  gone: '页面已删除（410）',
  server_error: '服务器错误（重试后仍失败）',
  forbidden: '拒绝访问（403），无法判断',
  login_required: '需要登录，公众无法访问',
  rate_limited: '访问受限（429），重试后仍无法判断',
  verification_page: '出现验证/验证码页面，无法判断',
  soft404_wechat_deleted: '微信提示：该内容已被发布者删除',
  soft404_wechat_violation: '微信提示：此内容因违规无法查看',
  soft404_not_found: '页面提示内容不存在',
  soft404_fingerprint: '页面与随机路径返回的内容相同（软 404）',
  soft404_deleted: '页面提示内容已被删除',
  soft404_violation: '页面提示内容因违规或被投诉已删除、无法查看',
  soft404_account: '页面提示账号已注销、被封禁或已迁移',
  soft404_expired: '页面提示信息已过期、已撤稿或已下线',
  soft404_error_page: '页面是错误页或跳转到错误页',
  timeout: '访问超时（重试后仍失败）',
  dns_failure: '域名无法解析',
  connection_refused: '连接被拒绝',
  connection_reset: '连接被中断',
  tls_error: 'HTTPS 证书或加密错误',
  redirect_loop: '重定向循环',
  too_many_redirects: '重定向次数过多',
  bad_redirect: '重定向地址无效',
  blocked_address: '链接指向内网或保留地址，已拒绝访问',
  unsupported_protocol: '只支持 http/https 链接',
  invalid_url: '链接格式无效',
  network_error: '网络错误',
};
