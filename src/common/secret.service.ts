import { Inject, Injectable, Logger } from '@nestjs/common';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { generateSecretKey, SecretBox } from './secrets';

let warned = false;

/**
 * The key for secrets at rest. APP_SECRET_KEY in production (the config refuses to start
 * without it); in development a key is generated once into DATA_DIR/app-secret.key so
 * secrets survive restarts, with one warning.
 */
@Injectable()
export class SecretService {
  private readonly box: SecretBox;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    if (config.appSecretKey) {
      this.box = new SecretBox(config.appSecretKey);
      return;
    }
    const file = path.join(config.dataDir, 'app-secret.key');
    let key: string;
    if (existsSync(file)) key = readFileSync(file, 'utf8').trim();
    else {
      key = generateSecretKey();
      mkdirSync(config.dataDir, { recursive: true });
      writeFileSync(file, `${key}\n`, { mode: 0o600 });
    }
    if (!warned) {
      warned = true;
      new Logger('SecretService').warn(`APP_SECRET_KEY 未设置：开发环境使用 ${file} 中生成的密钥加密采集凭据；生产环境必须设置 APP_SECRET_KEY。`);
    }
    this.box = new SecretBox(key);
  }

  encrypt(plain: string): string {
    return this.box.encrypt(plain);
  }

  decrypt(stored: string): string {
    return this.box.decrypt(stored);
  }
}
