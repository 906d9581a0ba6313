import { Global, Module } from '@nestjs/common';
import { SecretService } from './secret.service';

/** Secrets at rest (one key for every module that stores credentials): plumbing, not a domain module. */
@Global()
@Module({ providers: [SecretService], exports: [SecretService] })
export class SecretsModule {}
