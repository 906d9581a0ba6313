import { AlertChannelKind, EMAIL_TARGET } from './alert-channel-kind';

/** 邮件: the message to every address of the target, through the SMTP server of the configuration (SMTP_HOST…). */
export const email: AlertChannelKind = {
  kind: 'email',
  label: '邮件',
  target: EMAIL_TARGET,
  send: ({ target, message }, transports) => transports.sendMail({ to: target, subject: message.title, text: message.text }),
};
