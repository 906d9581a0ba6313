import { httpChannel } from './alert-channel-kind';

/** 企业微信机器人: a text message to the group robot's URL (its key is in the URL). */
export const wecom = httpChannel({
  kind: 'wecom',
  label: '企业微信机器人',
  request: ({ target, message }) => ({ url: target, payload: { msgtype: 'text', text: { content: message.text } } }),
});
