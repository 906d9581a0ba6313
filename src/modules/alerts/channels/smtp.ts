/** One e-mail through the configured SMTP server, connected through the private-address guard (ALERT_ALLOW_PRIVATE). */
import type { Socket } from 'node:net';
import * as nodemailer from 'nodemailer';
import { connectGuarded } from '../../../common/net/address-guard';
import type { AppConfig } from '../../../config/app-config';

export async function sendSmtpMail(config: AppConfig, mail: { to: string; subject: string; text: string }): Promise<void> {
  if (!config.smtpHost) throw new Error('未配置 SMTP_HOST，无法发送邮件');
  const smtpHost = config.smtpHost;
  const transport = nodemailer.createTransport({
    host: smtpHost,
    port: config.smtpPort,
    secure: config.smtpSecure,
    auth: config.smtpUser ? { user: config.smtpUser, pass: config.smtpPass ?? '' } : undefined,
    // Our own socket through the private-address guard (ALERT_ALLOW_PRIVATE): nodemailer would resolve and connect unchecked.
    getSocket: (options: { host?: string; port?: number }, callback: (error: Error | null, socket?: { connection: Socket }) => void) => {
      connectGuarded(options.host ?? smtpHost, options.port ?? config.smtpPort, { allowPrivate: config.alertAllowPrivate, timeoutMs: config.alertDeliveryTimeoutMs }).then(
        (connection) => callback(null, { connection }),
        (error: Error) => callback(error),
      );
    },
    connectionTimeout: config.alertDeliveryTimeoutMs,
    greetingTimeout: config.alertDeliveryTimeoutMs,
    socketTimeout: config.alertDeliveryTimeoutMs,
    tls: { rejectUnauthorized: config.nodeEnv === 'production' },
  });
  try {
    await transport.sendMail({ from: config.smtpFrom, to: mail.to, subject: mail.subject, text: mail.text });
  } finally {
    transport.close();
  }
}
